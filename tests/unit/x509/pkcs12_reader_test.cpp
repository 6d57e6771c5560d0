// PKCS#12 files: leaf and chain from the bags, passwords.

#include "certgate/adapters/x509/certificate_reader.hpp"

#include "support/certificates.hpp"

#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <gtest/gtest.h>

#include <stdexcept>

namespace certgate::x509 {
namespace {

using testing::CertificateSpec;
using testing::make_certificate;
using testing::TestCertificate;

enum class Protection { none, password };

// Builds a .p12 the way `openssl pkcs12 -export` does (AES-256 and a
// SHA-256 MAC by default in OpenSSL 3), or without any encryption or MAC.
std::string make_pkcs12(const TestCertificate& leaf, const std::vector<const TestCertificate*>& chain,
                        Protection protection, const char* password = nullptr)
{
    STACK_OF(X509)* ca = sk_X509_new_null();
    for (const TestCertificate* certificate : chain) {
        sk_X509_push(ca, certificate->x509());
    }
    PKCS12* p12 = protection == Protection::none
                      ? PKCS12_create(nullptr, "leaf", leaf.key(), leaf.x509(), ca, -1, -1, 0, -1, 0)
                      : PKCS12_create(password, "leaf", leaf.key(), leaf.x509(), ca, 0, 0, 0, 0, 0);
    sk_X509_free(ca);
    if (p12 == nullptr) {
        throw std::runtime_error("PKCS12_create failed");
    }
    unsigned char* buffer = nullptr;
    const int size = i2d_PKCS12(p12, &buffer);
    PKCS12_free(p12);
    std::string der(reinterpret_cast<char*>(buffer), static_cast<std::size_t>(size));
    OPENSSL_free(buffer);
    return der;
}

struct Pkcs12Fixture : ::testing::Test {
    Pkcs12Fixture() : root(make_certificate(root_spec())), leaf(make_certificate(leaf_spec(root))) {}
    static CertificateSpec root_spec()
    {
        CertificateSpec spec;
        spec.common_name = "P12 Root";
        spec.is_ca = true;
        return spec;
    }
    static CertificateSpec leaf_spec(const TestCertificate& issuer)
    {
        CertificateSpec spec;
        spec.common_name = "p12.example.com";
        spec.issuer = &issuer;
        return spec;
    }
    TestCertificate root;
    TestCertificate leaf;
};

TEST_F(Pkcs12Fixture, UnencryptedFileGivesLeafThenChain)
{
    const std::string p12 = make_pkcs12(leaf, {&root}, Protection::none);
    EXPECT_TRUE(looks_like_pkcs12(p12));
    auto bundle = read_certificates(p12, "a.p12");
    ASSERT_TRUE(bundle) << bundle.error().describe();
    ASSERT_EQ(bundle->certificates.size(), 2U);
    EXPECT_EQ(bundle->certificates[0].info.common_name, "p12.example.com");
    EXPECT_EQ(bundle->certificates[0].info.fingerprint_sha256, leaf.fingerprint_sha256());
    EXPECT_EQ(bundle->certificates[1].info.common_name, "P12 Root");
    EXPECT_EQ(bundle->private_keys, 1U);
}

TEST_F(Pkcs12Fixture, EncryptedFileWithThePassword)
{
    const std::string p12 = make_pkcs12(leaf, {&root}, Protection::password, "s3cret");
    auto bundle = read_certificate_file(p12, "a.p12", std::string("s3cret"));
    ASSERT_TRUE(bundle) << bundle.error().describe();
    ASSERT_EQ(bundle->certificates.size(), 2U);
    EXPECT_EQ(bundle->certificates[0].info.common_name, "p12.example.com");
    EXPECT_EQ(bundle->private_keys, 1U);
}

TEST_F(Pkcs12Fixture, EncryptedFileWithoutAPassword)
{
    const std::string p12 = make_pkcs12(leaf, {}, Protection::password, "s3cret");
    auto result = read_certificates(p12, "certs/a.p12");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().describe(),
              "certs/a.p12: the PKCS#12 file is protected by a password; give its password with "
              "--pkcs12-password-env");
}

TEST_F(Pkcs12Fixture, EncryptedFileWithTheWrongPassword)
{
    const std::string p12 = make_pkcs12(leaf, {}, Protection::password, "s3cret");
    auto result = read_pkcs12(p12, "a.p12", std::string("guess"));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().describe(), "a.p12: wrong PKCS#12 password, the integrity check failed");
}

TEST_F(Pkcs12Fixture, EmptyPasswordIsTriedWhenNoneIsGiven)
{
    const std::string p12 = make_pkcs12(leaf, {}, Protection::password, "");
    auto bundle = read_certificates(p12, "a.p12");
    ASSERT_TRUE(bundle) << bundle.error().describe();
    EXPECT_EQ(bundle->certificates.size(), 1U);
}

TEST_F(Pkcs12Fixture, TruncatedFile)
{
    const std::string p12 = make_pkcs12(leaf, {&root}, Protection::none);
    for (std::size_t length = 1; length < p12.size(); length += 97) {
        auto result = read_certificates(p12.substr(0, length), "cut.p12");
        ASSERT_FALSE(result) << length;
        EXPECT_EQ(result.error().describe(), "cut.p12: not a certificate, expected PEM, DER or PKCS#12");
    }
}

TEST_F(Pkcs12Fixture, NotPkcs12)
{
    auto result = read_pkcs12(leaf.der(), "a.p12");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().describe(), "a.p12: not a PKCS#12 file");
    EXPECT_FALSE(looks_like_pkcs12(leaf.der()));
}

} // namespace
} // namespace certgate::x509
