// PEM bundles: order, other blocks, private keys, malformed and hostile input.

#include "certgate/adapters/x509/certificate_reader.hpp"

#include "support/certificates.hpp"
#include "x509_test_helpers.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string_view>
#include <vector>

namespace certgate::x509 {
namespace {

using testing::CertificateSpec;
using testing::KeyKind;
using testing::make_certificate;
using testing::TestCertificate;

struct Chain {
    TestCertificate root;
    TestCertificate intermediate;
    TestCertificate leaf;
};

Chain make_chain()
{
    CertificateSpec root_spec;
    root_spec.common_name = "Root CA";
    root_spec.is_ca = true;
    auto root = make_certificate(root_spec);
    CertificateSpec intermediate_spec;
    intermediate_spec.common_name = "Intermediate CA";
    intermediate_spec.is_ca = true;
    intermediate_spec.issuer = &root;
    auto intermediate = make_certificate(intermediate_spec);
    CertificateSpec leaf_spec;
    leaf_spec.common_name = "leaf.example.com";
    leaf_spec.issuer = &intermediate;
    auto leaf = make_certificate(leaf_spec);
    return {root, intermediate, leaf};
}

std::string error_of(const Result<Bundle>& result)
{
    EXPECT_FALSE(result.has_value());
    return result.has_value() ? std::string("(no error)") : result.error().describe();
}

std::string without_end_line(const std::string& pem)
{
    return pem.substr(0, pem.find("-----END CERTIFICATE-----"));
}

TEST(ReadPem, BundleKeepsOrderAndIgnoresTextBetweenBlocks)
{
    const Chain chain = make_chain();
    const std::string pem = "subject=leaf\nissuer=whoever\n" + chain.leaf.pem() + "\n# chain follows\n" +
                            chain.intermediate.pem() + "some trailing words\n" + chain.root.pem() + "the end";
    auto bundle = read_pem(pem, "certs/a.pem");
    ASSERT_TRUE(bundle) << bundle.error().describe();
    ASSERT_EQ(bundle->certificates.size(), 3U);
    EXPECT_EQ(bundle->certificates[0].info.common_name, "leaf.example.com");
    EXPECT_EQ(bundle->certificates[1].info.common_name, "Intermediate CA");
    EXPECT_EQ(bundle->certificates[2].info.common_name, "Root CA");
    EXPECT_EQ(bundle->certificates[0].der, chain.leaf.der());
    EXPECT_EQ(bundle->private_keys, 0U);
    EXPECT_TRUE(bundle->other_block_labels.empty());
}

TEST(ReadPem, CrlfLineEndings)
{
    const auto certificate = make_certificate({});
    std::string pem;
    for (const char c : certificate.pem()) {
        pem += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    auto bundle = read_pem(pem, "crlf.pem");
    ASSERT_TRUE(bundle) << bundle.error().describe();
    EXPECT_EQ(bundle->certificates.at(0).info.fingerprint_sha256, certificate.fingerprint_sha256());
}

TEST(ReadPem, PrivateKeysAreCountedAndOtherBlocksNamed)
{
    CertificateSpec rsa_spec;
    rsa_spec.key = KeyKind::rsa2048;
    const auto rsa = make_certificate(rsa_spec);
    const auto ec = make_certificate({});
    const std::string pem = rsa.pem() + testing::traditional_key_pem(rsa) + ec.private_key_pem() +
                            testing::traditional_key_pem(ec) + ec.encrypted_private_key_pem("secret") +
                            "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
    ASSERT_NE(pem.find("-----BEGIN RSA PRIVATE KEY-----"), std::string::npos);
    ASSERT_NE(pem.find("-----BEGIN EC PRIVATE KEY-----"), std::string::npos);
    ASSERT_NE(pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----"), std::string::npos);
    auto bundle = read_pem(pem, "mixed.pem");
    ASSERT_TRUE(bundle) << bundle.error().describe();
    EXPECT_EQ(bundle->certificates.size(), 1U);
    EXPECT_EQ(bundle->private_keys, 4U);
    EXPECT_EQ(bundle->other_block_labels, std::vector<std::string>{"CERTIFICATE REQUEST"});
}

TEST(ReadPem, TruncatedSecondBlock)
{
    const Chain chain = make_chain();
    const std::string pem = chain.leaf.pem() + without_end_line(chain.intermediate.pem());
    EXPECT_EQ(error_of(read_pem(pem, "certs/a.pem")), "certs/a.pem: block 2: truncated PEM, no END CERTIFICATE line");
}

TEST(ReadPem, TruncatedInTheMiddleOfTheBody)
{
    const std::string pem = make_certificate({}).pem();
    EXPECT_EQ(error_of(read_pem(pem.substr(0, pem.size() / 2), "half.pem")),
              "half.pem: block 1: truncated PEM, no END CERTIFICATE line");
}

TEST(ReadPem, BeginWithoutEndBeforeTheNextBegin)
{
    const Chain chain = make_chain();
    const std::string pem = without_end_line(chain.leaf.pem()) + chain.intermediate.pem();
    EXPECT_EQ(error_of(read_pem(pem, "a.pem")), "a.pem: block 1: truncated PEM, no END CERTIFICATE line");
}

TEST(ReadPem, MismatchedEndLabel)
{
    const std::string pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n";
    EXPECT_EQ(error_of(read_pem(pem, "a.pem")), "a.pem: block 1: truncated PEM, no END CERTIFICATE line");
}

TEST(ReadPem, BadBase64)
{
    std::string pem = make_certificate({}).pem();
    pem[40] = '!';
    EXPECT_EQ(error_of(read_pem(pem, "certs/a.pem")), "certs/a.pem: block 1: bad base64 in the CERTIFICATE block");
}

TEST(ReadPem, Base64DataAfterPadding)
{
    const std::string pem = "-----BEGIN CERTIFICATE-----\nMA==MA==\n-----END CERTIFICATE-----\n";
    EXPECT_EQ(error_of(read_pem(pem, "a.pem")), "a.pem: block 1: bad base64 in the CERTIFICATE block");
}

TEST(ReadPem, EmptyCertificateBlock)
{
    const std::string pem = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
    EXPECT_EQ(error_of(read_pem(pem, "a.pem")), "a.pem: block 1: bad base64 in the CERTIFICATE block");
}

TEST(ReadPem, DerGarbageInsideACertificateBlock)
{
    const std::string pem = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
    EXPECT_EQ(error_of(read_pem(pem, "a.pem")),
              "a.pem: block 1: not a certificate, the CERTIFICATE block does not hold an X.509 certificate in DER");
}

TEST(ReadPem, MalformedBeginLine)
{
    EXPECT_EQ(error_of(read_pem("-----BEGIN CERTIFICATE\nAAAA\n", "a.pem")),
              "a.pem: block 1: malformed BEGIN line, expected \"-----BEGIN LABEL-----\"");
    EXPECT_EQ(error_of(read_pem("-----BEGIN \x1b[31mCERT-----\n", "a.pem")),
              "a.pem: block 1: malformed BEGIN line, expected \"-----BEGIN LABEL-----\"");
}

TEST(ReadPem, NoBlocksIsAnEmptyBundle)
{
    auto bundle = read_pem("just some text\n", "a.txt");
    ASSERT_TRUE(bundle);
    EXPECT_TRUE(bundle->certificates.empty());
}

TEST(ReadPem, CertificateOverTheSizeLimit)
{
    const auto certificate = make_certificate({});
    ReadLimits limits;
    limits.max_certificate_bytes = 100;
    EXPECT_EQ(error_of(read_pem(certificate.pem(), "a.pem", limits)),
              "a.pem: block 1: certificate of " + std::to_string(certificate.der().size()) +
                  " bytes is over the limit of 100 bytes for one certificate");
}

TEST(ReadPem, MoreBlocksThanTheLimit)
{
    std::string pem;
    const std::string block = "-----BEGIN X-----\n-----END X-----\n";
    pem.reserve(block.size() * 10001);
    for (int i = 0; i < 10000; ++i) {
        pem += block;
    }
    auto at_limit = read_pem(pem, "many.pem");
    ASSERT_TRUE(at_limit) << at_limit.error().describe();
    EXPECT_EQ(at_limit->other_block_labels.size(), 10000U);

    pem += block;
    auto over = read_pem(pem, "many.pem");
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::limit);
    EXPECT_EQ(over.error().describe(), "many.pem: more than 10000 PEM blocks, over the limit of blocks in one input");
}

TEST(ReadPem, CertificateBlocksOverALowerLimit)
{
    const Chain chain = make_chain();
    ReadLimits limits;
    limits.max_pem_blocks = 2;
    EXPECT_EQ(error_of(read_pem(chain.leaf.pem() + chain.intermediate.pem() + chain.root.pem(), "a.pem", limits)),
              "a.pem: more than 2 PEM blocks, over the limit of blocks in one input");
}

TEST(ReadPem, PrivateKeyBytesNeverAppearInErrors)
{
    CertificateSpec rsa_spec;
    rsa_spec.key = KeyKind::rsa2048;
    const auto rsa = make_certificate(rsa_spec);
    const auto ec = make_certificate({});
    const std::vector<std::string> keys = {testing::traditional_key_pem(rsa), testing::traditional_key_pem(ec),
                                           rsa.private_key_pem(), ec.encrypted_private_key_pem("pass-word")};
    for (const std::string& key : keys) {
        // A key, then a broken certificate; a truncated key; a key whose END is missing.
        const std::vector<std::string> inputs = {
            key + "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n",
            rsa.pem() + key.substr(0, key.size() / 2),
            key.substr(0, key.rfind("-----END")) + rsa.pem(),
        };
        for (const std::string& input : inputs) {
            auto result = read_pem(input, "keys.pem");
            ASSERT_FALSE(result);
            const std::string message = result.error().describe();
            for (const std::string& line : testing::body_lines(key)) {
                EXPECT_EQ(message.find(line), std::string::npos) << message;
            }
            EXPECT_EQ(message.find("pass-word"), std::string::npos);
        }
    }
    auto truncated = read_pem(rsa.pem() + keys[0].substr(0, keys[0].size() / 2), "keys.pem");
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().describe(), "keys.pem: block 2: truncated PEM, no END RSA PRIVATE KEY line");
}

TEST(ReadPem, EveryPrefixOfABundleIsReadOrRefusedCleanly)
{
    const Chain chain = make_chain();
    const std::string pem = chain.leaf.pem() + chain.intermediate.pem();
    for (std::size_t length = 0; length <= pem.size(); length += 3) {
        auto result = read_certificates(pem.substr(0, length), "prefix.pem");
        if (result) {
            EXPECT_LE(result->certificates.size(), 2U);
        } else {
            EXPECT_FALSE(result.error().message.empty());
        }
    }
}

// The base64 of a body is decoded four characters at a time where it can be
// and one at a time elsewhere: every way of wrapping and spacing it, and
// every kind of ending padding leaves (none, "=", "=="), gives the DER.
TEST(ReadPem, AnyWrappingAndSpacingOfTheBase64DecodesToTheSameDer)
{
    std::vector<TestCertificate> certificates;
    std::set<std::size_t> remainders;
    for (int i = 0; remainders.size() < 3 && i < 30; ++i) {
        CertificateSpec spec;
        spec.common_name = std::string(static_cast<std::size_t>(1 + i), 'a') + ".example";
        certificates.push_back(make_certificate(spec));
        remainders.insert(certificates.back().der().size() % 3);
    }
    ASSERT_EQ(remainders.size(), 3U);
    for (const TestCertificate& certificate : certificates) {
        const std::string pem = certificate.pem();
        const std::size_t body_start = pem.find('\n') + 1;
        const std::size_t body_end = pem.find("-----END");
        std::string base64;
        for (const char c : pem.substr(body_start, body_end - body_start)) {
            if (c != '\n') {
                base64 += c;
            }
        }
        for (const std::size_t width : {1U, 2U, 3U, 5U, 7U, 63U, 64U, 65U, 76U, 1000U}) {
            for (const std::string_view separator : {"\n", "\r\n", " \t ", "\n\n"}) {
                std::string body;
                for (std::size_t at = 0; at < base64.size(); at += width) {
                    body += base64.substr(at, width);
                    body += separator;
                }
                const std::string wrapped = "-----BEGIN CERTIFICATE-----\n" + body + "-----END CERTIFICATE-----\n";
                const auto bundle = read_pem(wrapped, "w.pem");
                ASSERT_TRUE(bundle) << width << ": " << bundle.error().describe();
                ASSERT_EQ(bundle->certificates.size(), 1U);
                EXPECT_EQ(bundle->certificates[0].info.fingerprint_sha256, certificate.fingerprint_sha256())
                    << "width " << width;
            }
        }
        // A data character after the padding, or a third '=', is refused wherever it falls.
        const std::size_t padding = base64.size() - base64.find_last_not_of('=') - 1;
        if (padding > 0) {
            const std::string extra = "-----BEGIN CERTIFICATE-----\n" + base64 + "A===\n-----END CERTIFICATE-----\n";
            EXPECT_EQ(error_of(read_pem(extra, "x.pem")), "x.pem: block 1: bad base64 in the CERTIFICATE block");
        }
        const std::string third = "-----BEGIN CERTIFICATE-----\n" + base64.substr(0, base64.size() - padding) +
                                  "===\n-----END CERTIFICATE-----\n";
        EXPECT_EQ(error_of(read_pem(third, "x.pem")), "x.pem: block 1: bad base64 in the CERTIFICATE block");
    }
}

} // namespace
} // namespace certgate::x509
