// Forms real certificates take that OpenSSL 3's d2i_X509 or its printing
// trip over (issue 13 item 7): a zero serial, empty names, names with
// invalid UTF-8 or a string tag outside DirectoryString. Each certificate is
// generated at exact dates, then its name bytes are rewritten in the DER.

#include "certgate/adapters/x509/certificate_reader.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>

#include <array>

namespace certgate::x509 {
namespace {

using testing::at;
using testing::CertificateSpec;
using testing::make_certificate;

constexpr std::string_view k_placeholder = "PLACEHOLDER-NAME";

std::string sha256_of(const std::string& bytes)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
    std::string hex;
    for (unsigned int i = 0; i < size; ++i) {
        static constexpr std::string_view k_digits = "0123456789abcdef";
        hex += k_digits[digest[i] >> 4U];
        hex += k_digits[digest[i] & 0x0fU];
    }
    return hex;
}

// A self-signed certificate whose CN (in subject and issuer alike) is the
// placeholder, re-tagged as `tag` with the placeholder's bytes replaced by
// `content` (same length). The signature no longer verifies, which no
// reader here checks.
std::string certificate_with_name(unsigned char tag, const std::string& content)
{
    EXPECT_EQ(content.size(), k_placeholder.size());
    CertificateSpec spec;
    spec.common_name = std::string(k_placeholder);
    spec.not_before = "2026-02-03T04:05:06Z";
    spec.not_after = "2026-12-24T18:30:00Z";
    std::string der = make_certificate(spec).der();
    int replaced = 0;
    for (std::size_t at_byte = der.find(k_placeholder); at_byte != std::string::npos;
         at_byte = der.find(k_placeholder, at_byte + 1)) {
        der[at_byte - 2] = static_cast<char>(tag); // tag, one length byte, content
        der.replace(at_byte, content.size(), content);
        ++replaced;
    }
    EXPECT_EQ(replaced, 2) << "the CN of the subject and of the issuer";
    return der;
}

TEST(RealCertificateForms, ZeroSerialPrintsAsOpensslDoes)
{
    CertificateSpec spec;
    spec.serial = 0;
    auto info = describe_der(make_certificate(spec).der(), "zero.der");
    ASSERT_TRUE(info) << info.error().describe();
    EXPECT_EQ(info->serial, "00"); // `openssl x509 -serial` says serial=00
}

TEST(RealCertificateForms, EmptySubjectAndIssuerAreEmptyText)
{
    CertificateSpec spec;
    spec.common_name = "";
    spec.dns_names = {"nameless.example"};
    auto info = describe_der(make_certificate(spec).der(), "nameless.der");
    ASSERT_TRUE(info) << info.error().describe();
    EXPECT_EQ(info->subject, "");
    EXPECT_EQ(info->issuer, "");
    EXPECT_TRUE(info->self_signed);
}

TEST(RealCertificateForms, InvalidUtf8InANameIsEscapedAndTheCertificateEvaluated)
{
    const std::string der = certificate_with_name(V_ASN1_UTF8STRING, "bad\xff\xfe-utf8\x1b[31m!");
    // OpenSSL 3 refuses the certificate outright; certgate still reads it.
    EXPECT_FALSE(describe_der_reference(der, "bad.der"));
    EXPECT_FALSE(describe_der(der, "bad.der", NameDecoding::strict));
    auto info = describe_der(der, "bad.der");
    ASSERT_TRUE(info) << info.error().describe();
    EXPECT_EQ(info->subject, "CN=bad\\xff\\xfe-utf8\\x1b[31m!");
    EXPECT_EQ(info->issuer, info->subject);
    EXPECT_EQ(info->common_name, "bad\\xff\\xfe-utf8\\x1b[31m!");
    ASSERT_TRUE(info->not_before.has_value());
    EXPECT_EQ(*info->not_before, at("2026-02-03T04:05:06Z"));
    EXPECT_EQ(info->not_after, at("2026-12-24T18:30:00Z"));
    EXPECT_EQ(info->fingerprint_sha256, sha256_of(der));
    EXPECT_EQ(info->key_type, "EC");
    EXPECT_TRUE(info->self_signed); // subject and issuer are the same bytes
}

TEST(RealCertificateForms, UnsupportedStringTagIsShownAndTheCertificateEvaluated)
{
    // An OCTET STRING where DirectoryString belongs: valid DER, refused by d2i_X509.
    const std::string der = certificate_with_name(V_ASN1_OCTET_STRING, "octets, \"quoted\"");
    EXPECT_FALSE(describe_der_reference(der, "tag.der"));
    auto info = describe_der(der, "tag.der");
    ASSERT_TRUE(info) << info.error().describe();
    EXPECT_EQ(info->subject, "CN=octets\\, \\\"quoted\\\"");
    EXPECT_EQ(info->common_name, "octets, \"quoted\"");
    EXPECT_EQ(info->not_after, at("2026-12-24T18:30:00Z"));
    EXPECT_EQ(info->fingerprint_sha256, sha256_of(der));
}

TEST(RealCertificateForms, AValueThatIsNotAStringShowsAsHex)
{
    // The CN's value made a SEQUENCE: RFC 2253's "#" and the hex of its encoding.
    const std::string der = certificate_with_name(0x30, std::string(16, '\x05'));
    auto info = describe_der(der, "sequence.der");
    ASSERT_TRUE(info) << info.error().describe();
    EXPECT_EQ(info->subject, "CN=#301005050505050505050505050505050505");
    EXPECT_EQ(info->not_after, at("2026-12-24T18:30:00Z"));
}

TEST(RealCertificateForms, BrokenNameStructureRefusesTheCertificate)
{
    // The CN's length made longer than its content: the TBS no longer parses.
    std::string der = certificate_with_name(V_ASN1_UTF8STRING, std::string(k_placeholder));
    const std::size_t cn = der.find(k_placeholder);
    der[cn - 1] = static_cast<char>(k_placeholder.size() + 3);
    auto bundle = read_der(der, "broken.der");
    ASSERT_FALSE(bundle);
    EXPECT_EQ(bundle.error().describe(), "broken.der: not a certificate, expected PEM, DER or PKCS#12");
    EXPECT_FALSE(describe_der_reference(der, "broken.der"));
}

TEST(RealCertificateForms, PemAndDerReadersUseTheLenientDecoder)
{
    const std::string der = certificate_with_name(V_ASN1_UTF8STRING, "caf\xe9-latin1-name");
    auto bundle = read_certificates(der, "latin1.der");
    ASSERT_TRUE(bundle) << bundle.error().describe();
    ASSERT_EQ(bundle->certificates.size(), 1U);
    EXPECT_EQ(bundle->certificates[0].info.subject, "CN=caf\\xe9-latin1-name");
    EXPECT_EQ(bundle->certificates[0].der, der);
}

} // namespace
} // namespace certgate::x509
