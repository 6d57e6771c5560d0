// check_private_key: matching, mismatching and encrypted keys; no key bytes in errors.

#include "certgate/adapters/x509/certificate_reader.hpp"

#include "support/certificates.hpp"
#include "x509_test_helpers.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <gtest/gtest.h>

#include <climits>

namespace certgate::x509 {
namespace {

using testing::CertificateSpec;
using testing::KeyKind;
using testing::make_certificate;
using testing::TestCertificate;

Certificate read(const TestCertificate& certificate)
{
    auto bundle = read_certificates(certificate.pem(), "cert.pem");
    if (!bundle || bundle->certificates.size() != 1) {
        throw std::runtime_error("test certificate did not parse");
    }
    return bundle->certificates.front();
}

std::string error_of(const Result<void>& result)
{
    EXPECT_FALSE(result.has_value());
    return result.has_value() ? std::string("(no error)") : result.error().describe();
}

void expect_no_key_material(const std::string& message, const std::string& key_pem)
{
    for (const std::string& line : testing::body_lines(key_pem)) {
        EXPECT_EQ(message.find(line), std::string::npos) << message;
    }
}

TEST(CheckPrivateKey, MatchingKeysOfEveryKind)
{
    for (const KeyKind kind : {KeyKind::ec_p256, KeyKind::rsa2048, KeyKind::ed25519}) {
        CertificateSpec spec;
        spec.key = kind;
        const auto certificate = make_certificate(spec);
        const Certificate read_back = read(certificate);
        auto pkcs8 = check_private_key(certificate.private_key_pem(), read_back, "key.pem");
        EXPECT_TRUE(pkcs8) << pkcs8.error().describe();
        if (kind != KeyKind::ed25519) {
            auto traditional = check_private_key(testing::traditional_key_pem(certificate), read_back, "key.pem");
            EXPECT_TRUE(traditional) << traditional.error().describe();
        }
    }
}

TEST(CheckPrivateKey, KeyAfterTheCertificateInOneFile)
{
    const auto certificate = make_certificate({});
    EXPECT_TRUE(check_private_key(certificate.pem() + certificate.private_key_pem(), read(certificate), "both.pem"));
}

TEST(CheckPrivateKey, KeyOfAnotherCertificate)
{
    const auto certificate = make_certificate({});
    const auto other = make_certificate({});
    const std::string key = other.private_key_pem();
    const std::string message = error_of(check_private_key(key, read(certificate), "key.pem"));
    EXPECT_EQ(message, "key.pem: the private key does not match the certificate \"test.example.com\"");
    expect_no_key_material(message, key);
}

TEST(CheckPrivateKey, EncryptedKey)
{
    const auto certificate = make_certificate({});
    const std::string key = certificate.encrypted_private_key_pem("correct horse");
    EXPECT_TRUE(check_private_key(key, read(certificate), "key.pem", std::string("correct horse")));

    const std::string missing = error_of(check_private_key(key, read(certificate), "key.pem"));
    EXPECT_EQ(missing, "key.pem: the private key is encrypted and no password was given");
    const std::string wrong = error_of(check_private_key(key, read(certificate), "key.pem", std::string("battery")));
    EXPECT_EQ(wrong, "key.pem: cannot decrypt the private key: wrong password");
    for (const std::string& message : {missing, wrong}) {
        expect_no_key_material(message, key);
        EXPECT_EQ(message.find("correct horse"), std::string::npos);
    }
}

// An encrypted PKCS#8 key whose PBKDF2 asks for 2^31-1 rounds: written
// with OpenSSL's own encoders, never derived (the ciphertext is filler).
std::string key_with_pbkdf2_iterations(int iterations)
{
    unsigned char salt[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    X509_ALGOR* algorithm =
        PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), iterations, salt, sizeof salt, nullptr, NID_hmacWithSHA256);
    X509_SIG* encrypted = X509_SIG_new();
    X509_ALGOR* slot = nullptr;
    ASN1_OCTET_STRING* ciphertext = nullptr;
    X509_SIG_getm(encrypted, &slot, &ciphertext);
    ASN1_TYPE* parameter = algorithm->parameter;
    algorithm->parameter = nullptr;
    X509_ALGOR_set0(slot, OBJ_dup(algorithm->algorithm), parameter->type, parameter->value.ptr);
    parameter->value.ptr = nullptr;
    ASN1_TYPE_free(parameter);
    X509_ALGOR_free(algorithm);
    ASN1_OCTET_STRING_set(ciphertext, reinterpret_cast<const unsigned char*>("0123456789abcdef"), 16);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PKCS8(bio, encrypted);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    X509_SIG_free(encrypted);
    return pem;
}

TEST(CheckPrivateKey, EncryptedKeyIterationBombIsRefusedBeforeDeriving)
{
    const auto certificate = make_certificate({});
    const std::string key = key_with_pbkdf2_iterations(INT_MAX);
    const auto result = check_private_key(key, read(certificate), "key.pem", std::string("correct horse"));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::limit);
    EXPECT_EQ(result.error().describe(), "key.pem: the encrypted private key asks for 2147483647 key-derivation "
                                         "iterations, over the limit of 2000000");
    // Within the cap the derivation runs and the filler does not decrypt.
    EXPECT_EQ(error_of(check_private_key(key_with_pbkdf2_iterations(2048), read(certificate), "key.pem",
                                         std::string("correct horse"))),
              "key.pem: cannot decrypt the private key: wrong password");
}

TEST(CheckPrivateKey, NotAKey)
{
    const auto certificate = make_certificate({});
    EXPECT_EQ(error_of(check_private_key(certificate.pem(), read(certificate), "key.pem")),
              "key.pem: no private key found, expected a PEM \"PRIVATE KEY\" block");
    EXPECT_EQ(error_of(check_private_key("", read(certificate), "key.pem")),
              "key.pem: no private key found, expected a PEM \"PRIVATE KEY\" block");
}

TEST(CheckPrivateKey, MalformedKeyBody)
{
    const auto certificate = make_certificate({});
    const std::string key = certificate.private_key_pem();
    std::string broken = key;
    broken.erase(broken.size() / 2, 20);
    const std::string message = error_of(check_private_key(broken, read(certificate), "key.pem"));
    EXPECT_EQ(message, "key.pem: the private key cannot be read: malformed PEM or unsupported key type");
    expect_no_key_material(message, key);
}

} // namespace
} // namespace certgate::x509
