#pragma once

// distrib — TLS set-up with OpenSSL (docs/distribution.md "Security"). TLS 1.3 only, as the reference.
//
// Worker: a certificate chain and key from files, or, for `--localhost` without them, a self-signed
// certificate for localhost/127.0.0.1/::1 generated at start (nothing secret is stored anywhere).
// Dispatcher: verifies the worker's certificate against MELODIUM_DIST_CA_FILE and the dialled IP address when
// that variable is set; without it, only a loopback worker is accepted unverified (both ends still
// authenticate each other by the key exchange); a remote worker is refused.

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
/// A client context for dialling `address` (textual IP): see above for what is verified.
Result<std::shared_ptr<asio::ssl::context>> client_tls(const std::string& address);

} // namespace mel::packages::distrib
