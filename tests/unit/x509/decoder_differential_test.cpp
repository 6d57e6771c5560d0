// The fast decoder (ASN.1 templates, no EVP_PKEY, no signature check) against
// the full d2i_X509 reference, field by field, on every certificate at hand:
// certificates generated here in every shape the suite uses, the examples,
// the fixtures and fuzz seeds, and the system trust store.

#include "certgate/adapters/x509/certificate_reader.hpp"

#include "support/certificates.hpp"
#include "support/decoder_agreement.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>

namespace certgate::x509 {
namespace {

using testing::CertificateSpec;
using testing::decoder_disagreements;
using testing::KeyKind;
using testing::make_certificate;

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string der_of(X509* certificate)
{
    unsigned char* buffer = nullptr;
    const int size = i2d_X509(certificate, &buffer);
    std::string der = size > 0 ? std::string(reinterpret_cast<char*>(buffer), static_cast<std::size_t>(size)) : "";
    OPENSSL_free(buffer);
    return der;
}

// Every certificate of a file as OpenSSL itself finds them (PEM blocks, a
// DER file, an unencrypted PKCS#12), independently of certgate's readers.
std::vector<std::string> certificates_in(const std::string& content)
{
    std::vector<std::string> found;
    BIO* bio = BIO_new_mem_buf(content.data(), static_cast<int>(content.size()));
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    while (PEM_read_bio(bio, &name, &header, &data, &length) == 1) {
        const std::string label = name;
        if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE") {
            // The certificate alone (a TRUSTED CERTIFICATE carries trust settings after it).
            const unsigned char* cursor = data;
            X509* certificate = d2i_X509(nullptr, &cursor, length);
            found.emplace_back(reinterpret_cast<char*>(data), certificate != nullptr
                                                                  ? static_cast<std::size_t>(cursor - data)
                                                                  : static_cast<std::size_t>(length));
            X509_free(certificate);
        }
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
    }
    BIO_free(bio);
    ERR_clear_error();
    if (!found.empty() || content.find("-----BEGIN") != std::string::npos) {
        return found;
    }
    const auto* cursor = reinterpret_cast<const unsigned char*>(content.data());
    if (PKCS12* p12 = d2i_PKCS12(nullptr, &cursor, static_cast<long>(content.size()))) {
        EVP_PKEY* key = nullptr;
        X509* leaf = nullptr;
        STACK_OF(X509)* chain = nullptr;
        if (PKCS12_parse(p12, "", &key, &leaf, &chain) == 1) {
            if (leaf != nullptr) {
                found.push_back(der_of(leaf));
            }
            for (int i = 0; i < sk_X509_num(chain); ++i) {
                found.push_back(der_of(sk_X509_value(chain, i)));
            }
        }
        EVP_PKEY_free(key);
        X509_free(leaf);
        sk_X509_pop_free(chain, X509_free);
        PKCS12_free(p12);
        ERR_clear_error();
        return found;
    }
    found.push_back(content); // a DER file, or not a certificate at all: both decoders must say the same
    return found;
}

// Compares the decoders on every certificate of every file below `folder`;
// returns how many certificates both accepted.
std::size_t compare_folder(const std::filesystem::path& folder)
{
    std::size_t accepted = 0;
    if (!std::filesystem::is_directory(folder)) {
        return accepted;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file() || entry.file_size() > 4 * 1024 * 1024) {
            continue;
        }
        const std::string content = read_file(entry.path());
        if (!content.empty() && content.front() == '{') {
            continue; // Terraform JSON
        }
        for (const std::string& der : certificates_in(content)) {
            const auto differences = decoder_disagreements(der);
            EXPECT_TRUE(differences.empty()) << entry.path() << ": " << ::testing::PrintToString(differences);
            accepted += describe_der_reference(der, "x").has_value() ? 1U : 0U;
        }
    }
    return accepted;
}

TEST(DecoderDifferential, GeneratedCertificatesOfEveryShape)
{
    CertificateSpec root_spec;
    root_spec.common_name = "Differential Root CA";
    root_spec.organization = "Example, Inc";
    root_spec.is_ca = true;
    const auto root = make_certificate(root_spec);
    CertificateSpec rsa_ca_spec;
    rsa_ca_spec.common_name = "RSA CA";
    rsa_ca_spec.key = KeyKind::rsa2048;
    rsa_ca_spec.is_ca = true;
    const auto rsa_ca = make_certificate(rsa_ca_spec);

    std::vector<testing::TestCertificate> certificates{root, rsa_ca};
    long serial = 0;
    for (const KeyKind key : {KeyKind::ec_p256, KeyKind::rsa2048, KeyKind::ed25519}) {
        for (const testing::TestCertificate* issuer :
             {static_cast<const testing::TestCertificate*>(nullptr), &root, &rsa_ca}) {
            for (const bool ca : {false, true}) {
                CertificateSpec spec;
                spec.common_name = "b\xC3\xBC"
                                   "cher+" +
                                   std::to_string(serial) + ".example";
                spec.organization = serial % 2 == 0 ? "Caf\xC3\xA9, \"Inc\"" : "";
                spec.dns_names = {"a.example", "*.b.example"};
                spec.ip_addresses = {"192.0.2.1", "2001:db8::1"};
                spec.emails = {"ops@example.com"};
                spec.not_before = serial % 3 == 0 ? "1949-12-31T23:59:59Z" : "2026-01-02T03:04:05Z";
                spec.not_after = serial % 3 == 0 ? "9999-12-31T23:59:59Z" : "2060-07-01T12:34:56Z";
                spec.key = key;
                spec.issuer = issuer;
                spec.is_ca = ca;
                spec.serial = serial * 0x10203; // 0 first: a zero serial
                certificates.push_back(make_certificate(spec));
                ++serial;
            }
        }
    }
    CertificateSpec empty_names;
    empty_names.common_name = "";
    empty_names.dns_names = {"only-san.example"};
    certificates.push_back(make_certificate(empty_names));

    for (const auto& certificate : certificates) {
        const auto differences = decoder_disagreements(certificate.der());
        EXPECT_TRUE(differences.empty()) << ::testing::PrintToString(differences);
        ASSERT_TRUE(describe_der_reference(certificate.der(), "x")) << "the reference must read what the suite makes";
    }
    EXPECT_EQ(certificates.size(), 21U);
}

TEST(DecoderDifferential, ExamplesFixturesAndSeeds)
{
    const std::filesystem::path source = testing::source_path();
    std::size_t accepted = 0;
    for (const char* folder : {"examples", "tests/fixtures", "tests/fuzz/seeds/certificates", "tests/golden"}) {
        accepted += compare_folder(source / folder);
    }
    EXPECT_GE(accepted, 10U) << "the examples alone hold more certificates than this";
}

TEST(DecoderDifferential, SystemTrustStore)
{
    const std::filesystem::path folder = "/etc/ssl/certs";
    if (!std::filesystem::is_directory(folder) || std::filesystem::is_empty(folder)) {
        GTEST_SKIP() << "no system trust store in " << folder;
    }
    EXPECT_GE(compare_folder(folder), 100U);
}

TEST(DecoderDifferential, InputsThatAreNotCertificates)
{
    for (const std::string& input : {std::string("\x30\x03\x02\x01\x01", 5), std::string("\x30\x80\x00\x00", 4),
                                     std::string("garbage"), std::string(1, '\x30')}) {
        EXPECT_TRUE(decoder_disagreements(input).empty()) << ::testing::PrintToString(input);
        EXPECT_FALSE(describe_der(input, "x"));
    }
}

} // namespace
} // namespace certgate::x509
