#pragma once

// work/tls_identity — a fresh key and a certificate signed by it (OpenSSL), for a TLS server whose clients
// know which certificate to expect rather than which CA signs it: `dist --localhost` (a localhost certificate
// made at start, packages/distrib/tls.h) and the worker of a run on a remote container engine (one per run,
// which the dispatcher pins: AccessData::pinned_certificate, packages/work/containers/worker_link.h). In
// `work` because `distrib` depends on it, so that both use this one generator.

#include <chrono>
#include <string>

#include "runtime/model/result.h"

namespace mel::packages::work {

struct TlsIdentity {
    std::string certificate; // PEM
    std::string key;         // PEM (PKCS#8, unencrypted): never logged, never stored by melodium
};

/// A P-256 key and a certificate it signs: subject CN `common_name`, subjectAltName `alt_names` in OpenSSL's
/// notation ("DNS:localhost,IP:127.0.0.1"; none when empty), not a CA, valid from an hour ago for `validity`,
/// with a random serial number.
Result<TlsIdentity> make_self_signed(const std::string& common_name, const std::string& alt_names,
                                     std::chrono::hours validity);

/// The error OpenSSL queued last (taken off its queue), as text for a message.
std::string openssl_error();

} // namespace mel::packages::work
