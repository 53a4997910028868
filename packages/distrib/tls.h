#pragma once

// distrib — TLS set-up with OpenSSL (docs/distribution.md "Security"). TLS 1.3 only, as the reference.
//
// Worker: a certificate chain and key from files, or, for `--localhost` without them, a self-signed
// certificate for localhost/127.0.0.1/::1 generated at start (nothing secret is stored anywhere).
// Dispatcher, in order: a worker whose Access pins a certificate (a provisioner made it for this run,
// work::AccessData::pinned_certificate) must present exactly that one, whatever its address; else the
// worker's certificate is verified against MELODIUM_DIST_CA_FILE and the dialled IP address when that
// variable is set; without it, only a loopback worker is accepted unverified (both ends still authenticate
// each other by the key exchange); a remote worker is refused.

#include <memory>
#include <string>

#include "runtime/model/result.h"

namespace asio::ssl {
class context;
}

namespace mel::packages::distrib {

/// A server context from PEM files (chain and PKCS#8 or traditional key).
Result<std::shared_ptr<asio::ssl::context>> server_tls_from_files(const std::string& certificate,
                                                                  const std::string& key);
/// A server context with a certificate generated now, valid one week, for localhost, 127.0.0.1 and ::1.
Result<std::shared_ptr<asio::ssl::context>> server_tls_self_signed();

/// A client context, and why its verification refused the worker's certificate (empty until it does; set
/// during the handshake, for an error clearer than OpenSSL's "certificate verify failed").
struct ClientTls {
    std::shared_ptr<asio::ssl::context> context;
    std::shared_ptr<std::string> refusal;
};
/// A client context for dialling `address` (textual IP) on `port`, pinning `pinned_certificate` (PEM) when
/// it is not empty: see above for what is verified.
Result<ClientTls> client_tls(const std::string& address, unsigned port,
                             const std::string& pinned_certificate = {});

/// The SHA-256 fingerprint of the PEM certificate, as AB:CD:…; an error when it is not one.
Result<std::string> certificate_fingerprint(const std::string& pem);

} // namespace mel::packages::distrib
