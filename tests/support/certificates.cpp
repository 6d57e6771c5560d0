#include "support/certificates.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace certgate::testing {
namespace {

void check(bool ok, const char* what)
{
    if (!ok) {
        throw std::runtime_error(std::string("test certificate: ") + what + " failed");
    }
}

std::shared_ptr<EVP_PKEY> generate_key(KeyKind kind)
{
    EVP_PKEY* key = nullptr;
    switch (kind) {
    case KeyKind::ec_p256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
    case KeyKind::rsa2048:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
        break;
    case KeyKind::ed25519:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    check(key != nullptr, "key generation");
    return {key, EVP_PKEY_free};
}

void set_time(ASN1_TIME* field, const std::string& rfc3339)
{
    const auto seconds = at(rfc3339).time_since_epoch().count();
    check(ASN1_TIME_set(field, static_cast<time_t>(seconds)) != nullptr, "setting validity");
}

void add_extension(X509* certificate, X509* issuer, int nid, const std::string& value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    check(extension != nullptr, "building an extension");
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
}

std::string bio_text(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return text;
}

} // namespace

TestCertificate::TestCertificate(std::shared_ptr<X509> certificate, std::shared_ptr<EVP_PKEY> key)
    : m_certificate(std::move(certificate)), m_key(std::move(key))
{
}

std::string TestCertificate::pem() const
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, m_certificate.get());
    return bio_text(bio);
}

std::string TestCertificate::der() const
{
    unsigned char* buffer = nullptr;
    const int size = i2d_X509(m_certificate.get(), &buffer);
    check(size > 0, "DER encoding");
    std::string der(reinterpret_cast<char*>(buffer), static_cast<std::size_t>(size));
    OPENSSL_free(buffer);
    return der;
}

std::string TestCertificate::private_key_pem() const
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return bio_text(bio);
}

std::string TestCertificate::encrypted_private_key_pem(const std::string& password) const
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PKCS8PrivateKey(bio, m_key.get(), EVP_aes_256_cbc(), password.data(),
                                  static_cast<int>(password.size()), nullptr, nullptr);
    return bio_text(bio);
}

std::string TestCertificate::fingerprint_sha256() const
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    check(X509_digest(m_certificate.get(), EVP_sha256(), digest, &size) == 1, "digest");
    std::string hex;
    char byte[3];
    for (unsigned int i = 0; i < size; ++i) {
        std::snprintf(byte, sizeof byte, "%02x", digest[i]);
        hex += byte;
    }
    return hex;
}

TestCertificate make_certificate(const CertificateSpec& spec)
{
    auto key = generate_key(spec.key);
    std::shared_ptr<X509> certificate{X509_new(), X509_free};
    check(certificate != nullptr, "X509_new");
    X509* cert = certificate.get();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), spec.serial);
    set_time(X509_getm_notBefore(cert), spec.not_before);
    set_time(X509_getm_notAfter(cert), spec.not_after);
    X509_set_pubkey(cert, key.get());

    X509_NAME* name = X509_get_subject_name(cert);
    if (!spec.organization.empty()) {
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(spec.organization.c_str()), -1, -1, 0);
    }
    if (!spec.common_name.empty()) {
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0);
    }
    X509* issuer_certificate = spec.issuer ? spec.issuer->x509() : cert;
    EVP_PKEY* signing_key = spec.issuer ? spec.issuer->key() : key.get();
    X509_set_issuer_name(cert, X509_get_subject_name(issuer_certificate));

    std::string alt_names;
    auto append = [&](const std::string& prefix, const std::vector<std::string>& values) {
        for (const auto& value : values) {
            alt_names += (alt_names.empty() ? "" : ",") + prefix + value;
        }
    };
    append("DNS:", spec.dns_names);
    append("IP:", spec.ip_addresses);
    append("email:", spec.emails);
    if (!alt_names.empty()) {
        add_extension(cert, issuer_certificate, NID_subject_alt_name, alt_names);
    }
    add_extension(cert, issuer_certificate, NID_basic_constraints, spec.is_ca ? "critical,CA:TRUE" : "CA:FALSE");
    add_extension(cert, issuer_certificate, NID_subject_key_identifier, "hash");
    if (spec.is_ca) {
        add_extension(cert, issuer_certificate, NID_key_usage, "critical,keyCertSign,cRLSign");
    }
    const EVP_MD* digest = spec.key == KeyKind::ed25519 && !spec.issuer ? nullptr : EVP_sha256();
    if (spec.issuer && EVP_PKEY_get_id(signing_key) == EVP_PKEY_ED25519) {
        digest = nullptr;
    }
    check(X509_sign(cert, signing_key, digest) > 0, "signing");
    return TestCertificate{certificate, key};
}

Instant at(const std::string& rfc3339)
{
    auto instant = parse_rfc3339(rfc3339);
    if (!instant) {
        throw std::runtime_error("bad test instant " + rfc3339);
    }
    return *instant;
}

Date on(const std::string& date)
{
    auto parsed = parse_date(date);
    if (!parsed) {
        throw std::runtime_error("bad test date " + date);
    }
    return *parsed;
}

} // namespace certgate::testing
