// sniff: recognising JSON, PEM, DER, PKCS#12 and everything else by the first bytes.

#include "certgate/adapters/files/input_files.hpp"

#include "support/certificates.hpp"

#include <openssl/pkcs12.h>

#include <gtest/gtest.h>

namespace certgate::files {
namespace {

std::string pkcs12_of(const testing::TestCertificate& certificate)
{
    PKCS12* p12 = PKCS12_create("pw", nullptr, certificate.key(), certificate.x509(), nullptr, 0, 0, 0, 0, 0);
    unsigned char* buffer = nullptr;
    const int size = i2d_PKCS12(p12, &buffer);
    PKCS12_free(p12);
    std::string der(reinterpret_cast<char*>(buffer), static_cast<std::size_t>(size));
    OPENSSL_free(buffer);
    return der;
}

TEST(Sniff, Json)
{
    EXPECT_EQ(sniff("{\"format_version\":\"1.2\"}"), ContentKind::json);
    EXPECT_EQ(sniff("\xEF\xBB\xBF \n\t{"), ContentKind::json);
    EXPECT_EQ(sniff("\r\n  {\"a\": \"-----BEGIN CERTIFICATE-----\"}"), ContentKind::json);
}

TEST(Sniff, Pem)
{
    const auto certificate = testing::make_certificate({});
    EXPECT_EQ(sniff(certificate.pem()), ContentKind::pem);
    EXPECT_EQ(sniff("Certificate:\n    Data: ...\n" + certificate.pem()), ContentKind::pem);
    EXPECT_EQ(sniff("-----BEGIN PRIVATE KEY-----\n"), ContentKind::pem);
}

TEST(Sniff, DerAndPkcs12)
{
    const auto certificate = testing::make_certificate({});
    EXPECT_EQ(sniff(certificate.der()), ContentKind::der);
    EXPECT_EQ(sniff(certificate.der().substr(0, 16)), ContentKind::der);
    EXPECT_EQ(sniff(pkcs12_of(certificate)), ContentKind::pkcs12);
}

TEST(Sniff, EmptyAndWhitespace)
{
    EXPECT_EQ(sniff(""), ContentKind::empty);
    EXPECT_EQ(sniff(" \n\r\t"), ContentKind::empty);
    EXPECT_EQ(sniff("\xEF\xBB\xBF"), ContentKind::empty);
}

TEST(Sniff, EverythingElseIsUnknown)
{
    EXPECT_EQ(sniff("# README\nnot a certificate\n"), ContentKind::unknown);
    EXPECT_EQ(sniff("[1, 2, 3]"), ContentKind::unknown);
    EXPECT_EQ(sniff(std::string("\x7f"
                                "ELF\x02\x01\x01\0\0\0",
                                10)),
              ContentKind::unknown);
    EXPECT_EQ(sniff(std::string("\x30\x03\x02\x01\x01", 5)), ContentKind::unknown); // too short to be a certificate
    EXPECT_EQ(sniff(std::string("\x30\x82\x00\x10\x30\x00\x00", 7)), ContentKind::unknown); // non-minimal length
    EXPECT_EQ(sniff(std::string("\x30\x82\x01\x00\x04\x00\x00", 7)), ContentKind::unknown); // an OCTET STRING inside
    EXPECT_EQ(sniff(std::string("\x30\x85", 2)), ContentKind::unknown);
    std::string noise;
    unsigned state = 7;
    for (int i = 0; i < 4096; ++i) {
        state = state * 1103515245U + 12345U;
        noise += static_cast<char>((state >> 16U) & 0xffU);
    }
    EXPECT_EQ(sniff(noise), ContentKind::unknown);
}

} // namespace
} // namespace certgate::files
