// PKCS#12 files: leaf and chain from the bags, passwords.

#include "certgate/adapters/x509/certificate_reader.hpp"

#include "support/certificates.hpp"

#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include <gtest/gtest.h>

#include <climits>
#include <functional>
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

// Hostile files: the counts are written into the ASN.1 after the file is
// built with one round, so building them costs nothing (and the MAC or
// ciphertext no longer matches, which the reader must never get to see).
std::string der_of(PKCS12* p12)
{
    unsigned char* buffer = nullptr;
    const int size = i2d_PKCS12(p12, &buffer);
    std::string der(reinterpret_cast<char*>(buffer), static_cast<std::size_t>(size));
    OPENSSL_free(buffer);
    return der;
}

PKCS12* create_one_round(const TestCertificate& leaf, const char* password, int mac_iter)
{
    PKCS12* p12 = PKCS12_create(password, "leaf", leaf.key(), leaf.x509(), nullptr, 0, 0, 1, mac_iter, 0);
    if (p12 == nullptr) {
        throw std::runtime_error("PKCS12_create failed");
    }
    return p12;
}

std::string with_mac_iterations(const TestCertificate& leaf, const char* password, long iterations)
{
    // Two rounds: with one, OpenSSL leaves the count out (DEFAULT 1).
    PKCS12* p12 = create_one_round(leaf, password, 2);
    const ASN1_INTEGER* count = nullptr;
    PKCS12_get0_mac(nullptr, nullptr, nullptr, &count, p12);
    ASN1_INTEGER_set(const_cast<ASN1_INTEGER*>(count), iterations);
    std::string der = der_of(p12);
    PKCS12_free(p12);
    return der;
}

void replace_algorithm(X509_ALGOR* target, X509_ALGOR* replacement)
{
    if (replacement == nullptr) {
        throw std::runtime_error("OpenSSL refused the algorithm parameters");
    }
    ASN1_TYPE* parameter = replacement->parameter;
    replacement->parameter = nullptr;
    X509_ALGOR_set0(target, OBJ_dup(replacement->algorithm), parameter->type, parameter->value.ptr);
    parameter->value.ptr = nullptr;
    ASN1_TYPE_free(parameter);
    X509_ALGOR_free(replacement);
}

// Rewrites the algorithm of the encrypted part (the certificates) or of the
// shrouded key (the data part) of a file protected by the empty password,
// then signs it again with a valid two-round MAC: what anyone can build,
// and what certgate reads without being given a password.
enum class Part { certificates, key };
std::string with_algorithm(const TestCertificate& leaf, Part part, const std::function<X509_ALGOR*()>& make)
{
    PKCS12* p12 = create_one_round(leaf, "", 2);
    STACK_OF(PKCS7)* safes = PKCS12_unpack_authsafes(p12);
    for (int i = 0; i < sk_PKCS7_num(safes); ++i) {
        PKCS7* safe = sk_PKCS7_value(safes, i);
        const int type = OBJ_obj2nid(safe->type);
        if (part == Part::certificates && type == NID_pkcs7_encrypted) {
            replace_algorithm(safe->d.encrypted->enc_data->algorithm, make());
        } else if (part == Part::key && type == NID_pkcs7_data) {
            STACK_OF(PKCS12_SAFEBAG)* bags = PKCS12_unpack_p7data(safe);
            X509_ALGOR* algorithm = nullptr;
            X509_SIG_getm(const_cast<X509_SIG*>(PKCS12_SAFEBAG_get0_pkcs8(sk_PKCS12_SAFEBAG_value(bags, 0))),
                          &algorithm, nullptr);
            replace_algorithm(algorithm, make());
            sk_PKCS7_set(safes, i, PKCS12_pack_p7data(bags));
            PKCS7_free(safe);
            sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
        }
    }
    PKCS12_pack_authsafes(p12, safes);
    sk_PKCS7_pop_free(safes, PKCS7_free);
    if (PKCS12_set_mac(p12, "", -1, nullptr, 0, 2, nullptr) != 1) {
        throw std::runtime_error("PKCS12_set_mac failed");
    }
    std::string der = der_of(p12);
    PKCS12_free(p12);
    return der;
}

unsigned char k_salt[8] = {1, 2, 3, 4, 5, 6, 7, 8};

X509_ALGOR* pkcs12_pbe(int iterations)
{
    return PKCS5_pbe_set(NID_pbe_WithSHA1And3_Key_TripleDES_CBC, iterations, k_salt, sizeof k_salt);
}

X509_ALGOR* pbes2_pbkdf2(int iterations)
{
    return PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), iterations, k_salt, sizeof k_salt, nullptr, NID_hmacWithSHA256);
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

// A MAC asking for 2^31-1 rounds kept `certgate check` busy for about 18
// CPU-minutes: the counts are now read and refused before any derivation.
TEST_F(Pkcs12Fixture, MacIterationBombIsRefusedBeforeDeriving)
{
    const std::string bomb = with_mac_iterations(leaf, "", INT_MAX);
    auto without = read_certificates(bomb, "bomb.p12");
    ASSERT_FALSE(without);
    EXPECT_EQ(without.error().code, ErrorCode::limit);
    EXPECT_EQ(without.error().describe(), "bomb.p12: the PKCS#12 integrity check (MAC) asks for 2147483647 "
                                          "key-derivation iterations, over the limit of 600000 without a password");
    auto with = read_pkcs12(bomb, "bomb.p12", std::string("s3cret"));
    ASSERT_FALSE(with);
    EXPECT_EQ(with.error().describe(), "bomb.p12: the PKCS#12 integrity check (MAC) asks for 2147483647 "
                                       "key-derivation iterations, over the limit of 2000000");
}

TEST_F(Pkcs12Fixture, CapsDependOnWhetherAPasswordIsGiven)
{
    // 600001 rounds: over the cap without a password, within it with one
    // (the MAC is then checked and fails, quickly, on the patched count).
    const std::string file = with_mac_iterations(leaf, "s3cret", 600'001);
    auto without = read_certificates(file, "a.p12");
    ASSERT_FALSE(without);
    EXPECT_EQ(without.error().describe(), "a.p12: the PKCS#12 integrity check (MAC) asks for 600001 "
                                          "key-derivation iterations, over the limit of 600000 without a password");
    auto with = read_pkcs12(file, "a.p12", std::string("s3cret"));
    ASSERT_FALSE(with);
    EXPECT_EQ(with.error().describe(), "a.p12: wrong PKCS#12 password, the integrity check failed");
}

TEST_F(Pkcs12Fixture, NegativeMacIterationCountIsRefused)
{
    auto result = read_certificates(with_mac_iterations(leaf, "", -5), "a.p12");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().describe(), "a.p12: the PKCS#12 integrity check (MAC) has an invalid iteration count");
}

TEST_F(Pkcs12Fixture, EncryptedPartIterationBombIsRefused)
{
    const std::string bomb = with_algorithm(leaf, Part::certificates, [] { return pkcs12_pbe(INT_MAX); });
    auto result = read_certificates(bomb, "bomb.p12");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().describe(), "bomb.p12: an encrypted part of the PKCS#12 file asks for 2147483647 "
                                         "key-derivation iterations, over the limit of 600000 without a password");
}

TEST_F(Pkcs12Fixture, ShroudedKeyPbes2IterationBombIsRefused)
{
    const std::string bomb = with_algorithm(leaf, Part::key, [] { return pbes2_pbkdf2(INT_MAX); });
    auto result = read_certificates(bomb, "bomb.p12");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().describe(), "bomb.p12: a private key of the PKCS#12 file asks for 2147483647 "
                                         "key-derivation iterations, over the limit of 600000 without a password");
}

TEST_F(Pkcs12Fixture, ScryptWorkBombIsRefused)
{
    // N = 2^14, r = 8, p = 2^12: within OpenSSL's 32 MiB memory default,
    // 2^29 rounds of work.
    const std::string bomb = with_algorithm(leaf, Part::certificates, [] {
        return PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), k_salt, sizeof k_salt, nullptr, 1U << 14, 8, 1U << 12);
    });
    auto result = read_certificates(bomb, "bomb.p12");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().describe(),
              "bomb.p12: an encrypted part of the PKCS#12 file asks for scrypt parameters over the limit (N*r*p at "
              "most 8388608, 128*N*r at most 33554432 bytes)");
}

TEST_F(Pkcs12Fixture, CountsWithinTheCapsStillRead)
{
    const std::string file = with_algorithm(leaf, Part::key, [] { return pbes2_pbkdf2(1); });
    // The key's algorithm was replaced, so its decryption fails, but only
    // after every count was accepted.
    auto result = read_certificates(file, "a.p12");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().describe(), "a.p12: cannot decrypt the PKCS#12 file: unsupported encryption");
    auto plain = read_pkcs12(make_pkcs12(leaf, {}, Protection::password, "s3cret"), "a.p12", std::string("s3cret"));
    EXPECT_TRUE(plain) << plain.error().describe();
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
