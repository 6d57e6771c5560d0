// DER input, and read_certificates choosing between PEM, DER and PKCS#12.

#include "certgate/adapters/x509/certificate_reader.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace certgate::x509 {
namespace {

using testing::CertificateSpec;
using testing::make_certificate;

std::string error_of(const Result<Bundle>& result)
{
    EXPECT_FALSE(result.has_value());
    return result.has_value() ? std::string("(no error)") : result.error().describe();
}

TEST(ReadDer, OneCertificate)
{
    CertificateSpec spec;
    spec.common_name = "der.example.com";
    const auto certificate = make_certificate(spec);
    auto bundle = read_certificates(certificate.der(), "a.der");
    ASSERT_TRUE(bundle) << bundle.error().describe();
    ASSERT_EQ(bundle->certificates.size(), 1U);
    EXPECT_EQ(bundle->certificates[0].info.common_name, "der.example.com");
    EXPECT_EQ(bundle->certificates[0].der, certificate.der());
    EXPECT_EQ(bundle->certificates[0].info.fingerprint_sha256, certificate.fingerprint_sha256());
}

TEST(ReadDer, Garbage)
{
    EXPECT_EQ(error_of(read_certificates(std::string("\x30\x82\x01\x00garbage garbage", 20), "certs/b.der")),
              "certs/b.der: not a certificate, expected PEM, DER or PKCS#12");
    EXPECT_EQ(error_of(read_der("\x01\x02\x03", "b.der")), "b.der: not a certificate, expected PEM, DER or PKCS#12");
}

TEST(ReadDer, BinaryNoise)
{
    std::string noise;
    unsigned state = 12345;
    for (int i = 0; i < 4096; ++i) {
        state = state * 1103515245U + 12345U;
        noise += static_cast<char>((state >> 16U) & 0xffU);
    }
    EXPECT_EQ(error_of(read_certificates(noise, "noise.bin")),
              "noise.bin: not a certificate, expected PEM, DER or PKCS#12");
}

TEST(ReadDer, TrailingBytes)
{
    const auto certificate = make_certificate({});
    EXPECT_EQ(error_of(read_certificates(certificate.der() + "xy", "a.der")),
              "a.der: not a certificate, 2 unexpected bytes after the DER certificate");
}

TEST(ReadDer, EveryTruncationIsRefused)
{
    const std::string der = make_certificate({}).der();
    for (std::size_t length = 1; length < der.size(); length += 5) {
        auto result = read_certificates(der.substr(0, length), "cut.der");
        ASSERT_FALSE(result) << length;
        EXPECT_EQ(result.error().describe(), "cut.der: not a certificate, expected PEM, DER or PKCS#12") << length;
    }
}

TEST(ReadDer, EveryFlippedByteIsReadOrRefusedCleanly)
{
    CertificateSpec spec;
    spec.dns_names = {"a.example.com"};
    spec.ip_addresses = {"::1"};
    const std::string der = make_certificate(spec).der();
    std::size_t refused = 0;
    for (std::size_t i = 0; i < der.size(); ++i) {
        std::string mutated = der;
        mutated[i] = static_cast<char>(mutated[i] ^ 0x5a);
        auto result = read_certificates(mutated, "flip.der");
        if (!result) {
            ++refused;
            EXPECT_EQ(result.error().where, "flip.der");
        } else {
            EXPECT_EQ(result->certificates.size(), 1U);
        }
    }
    EXPECT_GT(refused, 0U); // structure bytes matter; signature bytes do not (nothing is verified here)
}

TEST(ReadDer, EmptyInput)
{
    EXPECT_EQ(error_of(read_certificates("", "empty.pem")), "empty.pem: empty input, expected PEM, DER or PKCS#12");
    EXPECT_EQ(error_of(read_der("", "empty.der")), "empty.der: empty input, expected a DER certificate");
}

TEST(ReadDer, OverTheSizeLimit)
{
    const std::string der = make_certificate({}).der();
    ReadLimits limits;
    limits.max_certificate_bytes = 64;
    auto result = read_certificates(der, "big.der", limits);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::limit);
    EXPECT_EQ(result.error().describe(), "big.der: DER input of " + std::to_string(der.size()) +
                                             " bytes is over the limit of 64 bytes for one certificate");
}

TEST(ReadCertificates, PemIsChosenWhenABeginLineIsPresent)
{
    EXPECT_TRUE(looks_like_pem("junk -----BEGIN X-----"));
    EXPECT_FALSE(looks_like_pem("-----BEGIN"));
    auto bundle = read_certificates(make_certificate({}).pem(), "a.pem");
    ASSERT_TRUE(bundle);
    EXPECT_EQ(bundle->certificates.size(), 1U);
}

// Every certificate the system trusts parses (skipped where there is none).
TEST(ReadCertificates, SystemTrustStore)
{
    const std::filesystem::path folder = "/etc/ssl/certs";
    if (!std::filesystem::is_directory(folder)) {
        GTEST_SKIP() << "no " << folder;
    }
    std::size_t files = 0;
    std::size_t certificates = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        std::string content(static_cast<std::size_t>(entry.file_size()), '\0');
        in.read(content.data(), static_cast<std::streamsize>(content.size()));
        ASSERT_EQ(static_cast<std::size_t>(in.gcount()), content.size()) << entry.path();
        auto bundle = read_certificates(content, entry.path().string());
        ASSERT_TRUE(bundle) << bundle.error().describe();
        for (const Certificate& certificate : bundle->certificates) {
            EXPECT_EQ(certificate.info.fingerprint_sha256.size(), 64U);
            EXPECT_FALSE(certificate.info.serial.empty()) << entry.path();
            EXPECT_FALSE(certificate.info.key_type.empty()) << entry.path();
            EXPECT_GT(certificate.info.key_bits, 0) << entry.path();
            EXPECT_FALSE(certificate.info.signature_algorithm.empty()) << entry.path();
            EXPECT_TRUE(certificate.info.not_before.has_value());
            EXPECT_LT(*certificate.info.not_before, certificate.info.not_after) << entry.path();
        }
        certificates += bundle->certificates.size();
        ++files;
    }
    if (files == 0) {
        GTEST_SKIP() << "no certificate files in " << folder;
    }
    EXPECT_GT(certificates, 0U);
}

} // namespace
} // namespace certgate::x509
