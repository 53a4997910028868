// work/tls_identity (tls_identity.h). Moved here from packages/distrib/tls.cpp (which generated the localhost
// certificate of `dist --localhost`) when the container provisioner needed the same for its workers.

#include "packages/work/tls_identity.h"

#include <memory>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace mel::packages::work {

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};
struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};

bool add_extension(X509* cert, int nid, const std::string& value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

bool set_random_serial(X509* cert)
{
    BIGNUM* bn = BN_new();
    const bool ok = bn && BN_rand(bn, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
                    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
    BN_free(bn);
    return ok;
}

/// What `write` puts into a memory BIO, as text; empty on failure.
template<class Write> std::string pem_text(Write write)
{
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

} // namespace

std::string openssl_error()
{
    const unsigned long code = ERR_get_error();
    if (!code)
        return "unknown OpenSSL error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

Result<TlsIdentity> make_self_signed(const std::string& common_name, const std::string& alt_names,
                                     std::chrono::hours validity)
{
    std::unique_ptr<EVP_PKEY, KeyFree> pkey(EVP_EC_gen("P-256"));
    std::unique_ptr<X509, CertFree> cert(X509_new());
    if (!pkey || !cert)
        return Error{"cannot generate a key: " + openssl_error()};
    X509_set_version(cert.get(), 2);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(validity.count()) * 3600);
    X509_set_pubkey(cert.get(), pkey.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (!set_random_serial(cert.get()) ||
        (!alt_names.empty() && !add_extension(cert.get(), NID_subject_alt_name, alt_names)) ||
        !add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        X509_sign(cert.get(), pkey.get(), EVP_sha256()) == 0)
        return Error{"cannot make a certificate for " + common_name + ": " + openssl_error()};
    TlsIdentity identity;
    identity.certificate = pem_text([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); });
    identity.key = pem_text([&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    if (identity.certificate.empty() || identity.key.empty())
        return Error{"cannot write the certificate for " + common_name + " as PEM: " + openssl_error()};
    return identity;
}

} // namespace mel::packages::work
