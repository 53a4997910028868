// work/tls_identity: a fresh key and a self-signed certificate, as OpenSSL reads them back.

#include <doctest/doctest.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "packages/work/tls_identity.h"

using namespace mel::packages::work;

namespace {

template<class T, class Read> T* read_pem(const std::string& pem, Read read)
{
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    T* object = read(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return object;
}

} // namespace

TEST_CASE(
    "tls identity: a key and the certificate it signs, with the name, alternative names and validity asked")
{
    const auto identity =
        make_self_signed("melodium-ab12.worker", "DNS:localhost,IP:127.0.0.1", std::chrono::hours(48));
    REQUIRE(identity.ok());
    X509* cert = read_pem<X509>(identity.value().certificate, PEM_read_bio_X509);
    EVP_PKEY* key = read_pem<EVP_PKEY>(identity.value().key, PEM_read_bio_PrivateKey);
    REQUIRE(cert != nullptr);
    REQUIRE(key != nullptr);
    CHECK(X509_check_private_key(cert, key) == 1);
    CHECK(X509_verify(cert, key) == 1); // self-signed
    char name[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, name, sizeof name);
    CHECK(std::string(name) == "melodium-ab12.worker");
    CHECK(X509_check_host(cert, "localhost", 0, 0, nullptr) == 1);
    CHECK(X509_check_ip_asc(cert, "127.0.0.1", 0) == 1);
    CHECK(X509_check_ca(cert) == 0);
    int days = 0, seconds = 0;
    REQUIRE(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert)) == 1);
    CHECK(days * 24 * 3600 + seconds == 49 * 3600); // an hour back, 48 hours ahead
    X509_free(cert);
    EVP_PKEY_free(key);

    const auto again = make_self_signed("melodium-ab12.worker", "", std::chrono::hours(1));
    REQUIRE(again.ok());
    CHECK(again.value().key != identity.value().key); // fresh each time
    X509* bare = read_pem<X509>(again.value().certificate, PEM_read_bio_X509);
    REQUIRE(bare != nullptr);
    CHECK(X509_get_ext_by_NID(bare, NID_subject_alt_name, -1) < 0);
    X509_free(bare);
}

TEST_CASE("tls identity: bad alternative names are an error naming the certificate")
{
    const auto bad = make_self_signed("x", "NOT-A-KIND:y", std::chrono::hours(1));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("cannot make a certificate for x") == 0);
}
