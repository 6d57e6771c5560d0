#include "certgate/core/certificate.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

TEST(Certificate, DisplayNamePrefersCommonNameThenDnsSanThenSubjectThenFingerprint)
{
    CertificateInfo certificate;
    certificate.fingerprint_sha256 = "ab12";
    EXPECT_EQ(display_name(certificate), "ab12");
    certificate.subject = "O=Example";
    EXPECT_EQ(display_name(certificate), "O=Example");
    certificate.sans = {"IP:127.0.0.1", "DNS:www.example.com", "DNS:example.com"};
    EXPECT_EQ(display_name(certificate), "www.example.com");
    certificate.common_name = "web.example.com";
    EXPECT_EQ(display_name(certificate), "web.example.com");
}

} // namespace
} // namespace certgate
