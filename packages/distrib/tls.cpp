// distrib — TLS contexts (docs/distribution.md "Security"). The reference embeds a Mélodium CA and a
// localhost certificate expiring in 2026 (packages.md §3.1); we ship no key at all and generate the localhost
// one (work/tls_identity.h). Pinning is ours: the reference's compose location turns TLS off for a worker
// that is not on loopback.

#include "packages/distrib/tls.h"

#include <cstdlib>

#include <asio/ip/address.hpp>
#include <asio/ssl.hpp>
#include <fmt/format.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "packages/work/tls_identity.h"

namespace mel::packages::distrib {

using work::openssl_error;

namespace {

std::shared_ptr<asio::ssl::context> tls13(asio::ssl::context::method method)
{
    auto ctx = std::make_shared<asio::ssl::context>(method);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_3_VERSION);
    return ctx;
}

struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};
using Certificate = std::shared_ptr<X509>;

Certificate parse_pem(const std::string& pem)
{
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    if (!bio)
        return nullptr;
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return Certificate(cert, CertFree{});
}

std::string fingerprint(X509* cert)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &size) != 1)
        return "?";
    std::string text;
    for (unsigned int i = 0; i < size; ++i)
        text += fmt::format("{}{:02X}", i ? ":" : "", digest[i]);
    return text;
}

/// Accepts exactly the pinned certificate as the worker's (whatever signs it or however long it is valid:
/// the provisioner made it for this run and handed it over itself), and notes why anything else is refused.
class PinnedVerification {
public:
    PinnedVerification(Certificate pinned, std::string where, std::shared_ptr<std::string> refusal)
        : m_pinned(std::move(pinned)), m_where(std::move(where)), m_refusal(std::move(refusal))
    {
    }

    bool operator()(bool, asio::ssl::verify_context& ctx) const
    {
        X509* presented = X509_STORE_CTX_get0_cert(ctx.native_handle());
        if (presented && X509_cmp(presented, m_pinned.get()) == 0)
            return true;
        *m_refusal = fmt::format(
            "the worker at {} presented a certificate (SHA-256 {}) other than the one made for it "
            "(SHA-256 {}): something else answers at that address and port, or the connection is intercepted",
            m_where, presented ? fingerprint(presented) : std::string("none"), fingerprint(m_pinned.get()));
        return false;
    }

private:
    Certificate m_pinned;
    std::string m_where;
    std::shared_ptr<std::string> m_refusal;
};

} // namespace

Result<std::shared_ptr<asio::ssl::context>> server_tls_from_files(const std::string& certificate,
                                                                  const std::string& key)
{
    auto ctx = tls13(asio::ssl::context::tls_server);
    asio::error_code ec;
    ctx->use_certificate_chain_file(certificate, ec);
    if (ec)
        return Error{fmt::format("cannot use the certificate {}: {}", certificate, ec.message())};
    ctx->use_private_key_file(key, asio::ssl::context::pem, ec);
    if (ec)
        return Error{fmt::format("cannot use the key {}: {}", key, ec.message())};
    return ctx;
}

Result<std::shared_ptr<asio::ssl::context>> server_tls_self_signed()
{
    auto identity =
        work::make_self_signed("localhost", "DNS:localhost,IP:127.0.0.1,IP:::1", std::chrono::hours(7 * 24));
    if (!identity)
        return identity.error();
    auto ctx = tls13(asio::ssl::context::tls_server);
    asio::error_code ec;
    ctx->use_certificate(asio::buffer(identity.value().certificate), asio::ssl::context::pem, ec);
    if (!ec)
        ctx->use_private_key(asio::buffer(identity.value().key), asio::ssl::context::pem, ec);
    if (ec)
        return Error{"cannot use the generated certificate: " + ec.message()};
    return ctx;
}

Result<ClientTls> client_tls(const std::string& address, unsigned port, const std::string& pinned_certificate)
{
    ClientTls tls{tls13(asio::ssl::context::tls_client), std::make_shared<std::string>()};
    const std::string where = fmt::format("{}:{}", address, port);
    if (!pinned_certificate.empty()) {
        auto pinned = parse_pem(pinned_certificate);
        if (!pinned)
            return Error{
                fmt::format("the certificate pinned for the worker at {} is not a PEM certificate: {}", where,
                            openssl_error())};
        tls.context->set_verify_mode(asio::ssl::verify_peer);
        tls.context->set_verify_callback(PinnedVerification(std::move(pinned), where, tls.refusal));
        return tls;
    }
    const char* ca = std::getenv("MELODIUM_DIST_CA_FILE");
    if (ca && *ca) {
        asio::error_code ec;
        tls.context->load_verify_file(ca, ec);
        if (ec)
            return Error{fmt::format("cannot read the CA file {}: {}", ca, ec.message())};
        tls.context->set_verify_mode(asio::ssl::verify_peer);
        tls.context->set_verify_callback(asio::ssl::host_name_verification(address));
        return tls;
    }
    asio::error_code ec;
    const auto ip = asio::ip::make_address(address, ec);
    if (ec || !ip.is_loopback())
        return Error{fmt::format("the certificate of the worker at {} cannot be verified: set "
                                 "MELODIUM_DIST_CA_FILE to the CA that signed it",
                                 address)};
    tls.context->set_verify_mode(asio::ssl::verify_none);
    return tls;
}

Result<std::string> certificate_fingerprint(const std::string& pem)
{
    auto cert = parse_pem(pem);
    if (!cert)
        return Error{"not a PEM certificate: " + openssl_error()};
    return fingerprint(cert.get());
}

} // namespace mel::packages::distrib
