// distrib — TLS contexts (docs/distribution.md "Security"). The reference embeds a Mélodium CA and a localhost
// certificate expiring in 2026 (packages.md §3.1); we ship no key at all and generate the localhost one.

#include "packages/distrib/tls.h"

#include <cstdlib>

#include <asio/ip/address.hpp>
#include <asio/ssl.hpp>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

namespace mel::packages::distrib {

namespace {

std::string openssl_error()
{
    const unsigned long code = ERR_get_error();
    if (!code)
        return "unknown OpenSSL error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

std::shared_ptr<asio::ssl::context> tls13(asio::ssl::context::method method)
{
    auto ctx = std::make_shared<asio::ssl::context>(method);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_3_VERSION);
    return ctx;
}

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};

bool add_extension(X509* cert, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

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
    std::unique_ptr<EVP_PKEY, KeyFree> pkey(EVP_EC_gen("P-256"));
    std::unique_ptr<X509, CertFree> cert(X509_new());
    if (!pkey || !cert)
        return Error{"cannot generate a key: " + openssl_error()};
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER* serial = X509_get_serialNumber(cert.get());
    BIGNUM* bn = BN_new();
    BN_rand(bn, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
    BN_to_ASN1_INTEGER(bn, serial);
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 7L * 24 * 3600);
    X509_set_pubkey(cert.get(), pkey.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                               -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (!add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1") ||
        !add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        X509_sign(cert.get(), pkey.get(), EVP_sha256()) == 0)
        return Error{"cannot make a certificate: " + openssl_error()};
    auto ctx = tls13(asio::ssl::context::tls_server);
    if (SSL_CTX_use_certificate(ctx->native_handle(), cert.get()) != 1 ||
        SSL_CTX_use_PrivateKey(ctx->native_handle(), pkey.get()) != 1)
        return Error{"cannot use the generated certificate: " + openssl_error()};
    return ctx;
}

Result<std::shared_ptr<asio::ssl::context>> client_tls(const std::string& address)
{
    auto ctx = tls13(asio::ssl::context::tls_client);
    const char* ca = std::getenv("MELODIUM_DIST_CA_FILE");
    if (ca && *ca) {
        asio::error_code ec;
        ctx->load_verify_file(ca, ec);
        if (ec)
            return Error{fmt::format("cannot read the CA file {}: {}", ca, ec.message())};
        ctx->set_verify_mode(asio::ssl::verify_peer);
        ctx->set_verify_callback(asio::ssl::host_name_verification(address));
        return ctx;
    }
    asio::error_code ec;
    const auto ip = asio::ip::make_address(address, ec);
    if (ec || !ip.is_loopback())
        return Error{fmt::format("the certificate of the worker at {} cannot be verified: set "
                                 "MELODIUM_DIST_CA_FILE to the CA that signed it",
                                 address)};
    ctx->set_verify_mode(asio::ssl::verify_none);
    return ctx;
}

} // namespace mel::packages::distrib
