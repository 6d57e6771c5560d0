// Every CertificateInfo field, from certificates generated at exact instants.

#include "certgate/adapters/x509/certificate_reader.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate::x509 {
namespace {

using testing::at;
using testing::CertificateSpec;
using testing::KeyKind;
using testing::make_certificate;

CertificateInfo read_one(const std::string& pem)
{
    auto bundle = read_pem(pem, "test.pem");
    if (!bundle) {
        ADD_FAILURE() << bundle.error().describe();
        return {};
    }
    EXPECT_EQ(bundle->certificates.size(), 1U);
    return bundle->certificates.empty() ? CertificateInfo{} : bundle->certificates.front().info;
}

TEST(CertificateInfo, EveryFieldOfASelfSignedEcCertificate)
{
    CertificateSpec spec;
    spec.common_name = "web.example.com";
    spec.organization = "Example";
    spec.dns_names = {"web.example.com", "www.example.com"};
    spec.ip_addresses = {"192.0.2.10", "::1", "2001:db8:0:0:0:0:0:1"};
    spec.emails = {"ops@example.com"};
    spec.not_before = "2026-01-02T03:04:05Z";
    spec.not_after = "2026-12-11T12:00:00Z";
    spec.serial = 0x1234abcd;
    const auto certificate = make_certificate(spec);

    const CertificateInfo info = read_one(certificate.pem());
    EXPECT_EQ(info.subject, "CN=web.example.com,O=Example");
    EXPECT_EQ(info.issuer, "CN=web.example.com,O=Example");
    EXPECT_EQ(info.common_name, "web.example.com");
    EXPECT_EQ(info.sans, (std::vector<std::string>{"DNS:web.example.com", "DNS:www.example.com", "IP:192.0.2.10",
                                                   "IP:::1", "IP:2001:db8::1", "email:ops@example.com"}));
    EXPECT_EQ(info.serial, "1234abcd");
    EXPECT_EQ(info.fingerprint_sha256, certificate.fingerprint_sha256());
    EXPECT_EQ(info.fingerprint_sha256.size(), 64U);
    ASSERT_TRUE(info.not_before.has_value());
    EXPECT_EQ(*info.not_before, at("2026-01-02T03:04:05Z"));
    EXPECT_EQ(info.not_after, at("2026-12-11T12:00:00Z"));
    EXPECT_EQ(info.key_type, "EC");
    EXPECT_EQ(info.key_bits, 256);
    EXPECT_EQ(info.signature_algorithm, "ecdsa-with-SHA256");
    EXPECT_TRUE(info.self_signed);
    EXPECT_FALSE(info.is_ca);
}

TEST(CertificateInfo, RsaLeafIssuedByACa)
{
    CertificateSpec ca_spec;
    ca_spec.common_name = "Example Root CA";
    ca_spec.organization = "Example";
    ca_spec.is_ca = true;
    ca_spec.not_before = "2020-01-01T00:00:00Z";
    ca_spec.not_after = "2040-01-01T00:00:00Z";
    const auto ca = make_certificate(ca_spec);

    CertificateSpec leaf_spec;
    leaf_spec.common_name = "api.example.com";
    leaf_spec.key = KeyKind::rsa2048;
    leaf_spec.issuer = &ca;
    leaf_spec.serial = 1;
    const auto leaf = make_certificate(leaf_spec);

    const CertificateInfo leaf_info = read_one(leaf.pem());
    EXPECT_EQ(leaf_info.subject, "CN=api.example.com");
    EXPECT_EQ(leaf_info.issuer, "CN=Example Root CA,O=Example");
    EXPECT_EQ(leaf_info.serial, "01");
    EXPECT_EQ(leaf_info.key_type, "RSA");
    EXPECT_EQ(leaf_info.key_bits, 2048);
    EXPECT_EQ(leaf_info.signature_algorithm, "ecdsa-with-SHA256"); // signed by the EC CA
    EXPECT_FALSE(leaf_info.self_signed);
    EXPECT_FALSE(leaf_info.is_ca);
    EXPECT_TRUE(leaf_info.sans.empty());

    const CertificateInfo ca_info = read_one(ca.pem());
    EXPECT_TRUE(ca_info.self_signed);
    EXPECT_TRUE(ca_info.is_ca);
}

TEST(CertificateInfo, RsaSignatureAlgorithm)
{
    CertificateSpec spec;
    spec.key = KeyKind::rsa2048;
    const CertificateInfo info = read_one(make_certificate(spec).pem());
    EXPECT_EQ(info.signature_algorithm, "sha256WithRSAEncryption");
    EXPECT_TRUE(info.self_signed);
}

TEST(CertificateInfo, Ed25519Key)
{
    CertificateSpec spec;
    spec.key = KeyKind::ed25519;
    const CertificateInfo info = read_one(make_certificate(spec).pem());
    EXPECT_EQ(info.key_type, "Ed25519");
    EXPECT_EQ(info.key_bits, 256);
    EXPECT_EQ(info.signature_algorithm, "ED25519");
}

TEST(CertificateInfo, DatesBefore1970AndAfter2049)
{
    CertificateSpec spec;
    spec.not_before = "1960-02-29T23:59:59Z"; // UTCTime "600229…", before the epoch
    spec.not_after = "2060-07-01T12:34:56Z";  // GeneralizedTime, past 2038 and 2049
    const CertificateInfo info = read_one(make_certificate(spec).pem());
    ASSERT_TRUE(info.not_before.has_value());
    EXPECT_EQ(format_rfc3339(*info.not_before), "1960-02-29T23:59:59Z");
    EXPECT_EQ(format_rfc3339(info.not_after), "2060-07-01T12:34:56Z");
}

TEST(CertificateInfo, TheNoWellDefinedExpirationDate)
{
    CertificateSpec spec;
    spec.not_before = "1949-12-31T23:59:59Z"; // GeneralizedTime before UTCTime's range
    spec.not_after = "9999-12-31T23:59:59Z";  // RFC 5280 4.1.2.5
    const CertificateInfo info = read_one(make_certificate(spec).pem());
    ASSERT_TRUE(info.not_before.has_value());
    EXPECT_EQ(format_rfc3339(*info.not_before), "1949-12-31T23:59:59Z");
    EXPECT_EQ(format_rfc3339(info.not_after), "9999-12-31T23:59:59Z");
}

TEST(CertificateInfo, UnicodeSubjectStaysUtf8)
{
    CertificateSpec spec;
    spec.common_name = "b\xC3\xBC"
                       "cher.example";
    spec.organization = "Caf\xC3\xA9, Inc";
    const CertificateInfo info = read_one(make_certificate(spec).pem());
    EXPECT_EQ(info.common_name, "b\xC3\xBC"
                                "cher.example");
    EXPECT_EQ(info.subject, "CN=b\xC3\xBC"
                            "cher.example,O=Caf\xC3\xA9\\, Inc");
}

TEST(CertificateInfo, DisplayNameAndDescribeDer)
{
    CertificateSpec spec;
    spec.common_name = "";
    spec.dns_names = {"only-san.example.com"};
    const auto certificate = make_certificate(spec);
    auto info = describe_der(certificate.der(), "x.der");
    ASSERT_TRUE(info) << info.error().describe();
    EXPECT_EQ(info->common_name, "");
    EXPECT_EQ(info->subject, "");
    EXPECT_EQ(display_name(*info), "only-san.example.com");

    auto bad = describe_der("\x30\x03\x02\x01\x01", "x.der");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().describe(), "x.der: not a certificate, expected one X.509 certificate in DER");
}

} // namespace
} // namespace certgate::x509
