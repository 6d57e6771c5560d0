#include "certgate/adapters/terraform/certificate_resources.hpp"

#include "support/certificates.hpp"
#include "support/timestamp_cases.hpp"

#include <gtest/gtest.h>

namespace certgate::terraform {
namespace {

using testing::at;

TEST(TerraformTimestamps, AcceptedForms)
{
    const auto utc = utc_zone();
    EXPECT_EQ(*parse_resource_timestamp("2027-01-02T03:04:05Z", *utc), at("2027-01-02T03:04:05Z"));
    EXPECT_EQ(*parse_resource_timestamp("2027-01-02T03:04:05.999+08:00", *utc), at("2027-01-01T19:04:05Z"));
    EXPECT_EQ(*parse_resource_timestamp("2021-05-27 16:46:25.0", *utc), at("2021-05-27T16:46:25Z"));
    EXPECT_EQ(*parse_resource_timestamp("2021-05-27 16:46:25", *utc), at("2021-05-27T16:46:25Z"));
    EXPECT_EQ(*parse_resource_timestamp("2021-05-27T16:46:25", *utc), at("2021-05-27T16:46:25Z"));
    EXPECT_EQ(*parse_resource_timestamp("1798761600", *utc), at("2027-01-01T00:00:00Z"));
    EXPECT_EQ(*parse_resource_timestamp("1798761600000", *utc), at("2027-01-01T00:00:00Z"));
    auto shanghai = parse_fixed_offset_zone("+08:00");
    ASSERT_TRUE(shanghai);
    EXPECT_EQ(*parse_resource_timestamp("2021-05-27 16:46:25.0", **shanghai), at("2021-05-27T08:46:25Z"));
}

TEST(TerraformTimestamps, RejectedFormsDoNotQuoteTheValue)
{
    const auto utc = utc_zone();
    for (const char* text : {"", "tomorrow", "2021-05-27", "2021-13-27 16:46:25", "2021-05-27 25:46:25",
                             "2021-05-27 16:46:25.x", "2021-05-27 16:46:25 CST"}) {
        SCOPED_TRACE(text);
        const auto result = parse_resource_timestamp(text, *utc);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().message, "not a timestamp, expected RFC 3339 or \"YYYY-MM-DD HH:MM:SS\"");
    }
    const auto too_long = parse_resource_timestamp("12345678901234", *utc);
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().message, "an epoch of more than 13 digits, expected seconds (up to 11 digits) or "
                                        "milliseconds (12 or 13 digits); as seconds it would be past the year 9999");
}

// The Terraform path reads timestamps as the Huawei Cloud client and the
// external program do (one parser, core/timestamp.hpp): a 12-digit epoch is
// milliseconds here too (it was seconds).
TEST(TerraformTimestamps, SharedTimestampCases)
{
    const auto utc = utc_zone();
    for (const auto& shared : testing::k_shared_timestamp_cases) {
        SCOPED_TRACE(std::string(shared.text));
        const auto result = parse_resource_timestamp(shared.text, *utc);
        ASSERT_EQ(result.has_value(), shared.utc.has_value());
        if (shared.utc) {
            EXPECT_EQ(format_rfc3339(*result), *shared.utc);
        }
    }
}

TEST(TerraformTimestamps, TableCoversTheMajorProviders)
{
    for (const char* type :
         {"acme_certificate", "tls_self_signed_cert", "tls_locally_signed_cert", "aws_acm_certificate",
          "google_compute_ssl_certificate", "google_compute_managed_ssl_certificate", "azurerm_key_vault_certificate",
          "huaweicloud_scm_certificate", "huaweicloud_ccm_certificate"}) {
        EXPECT_TRUE(is_certificate_resource_type(type)) << type;
    }
    EXPECT_FALSE(is_certificate_resource_type("aws_s3_bucket"));
}

TEST(TerraformTimestamps, PemAttributeNames)
{
    for (const char* name : {"certificate_pem", "cert_pem", "certificate_body", "certificate_chain", "issuer_pem",
                             "certificate", "ca_cert_pem", "server_cert_pem"}) {
        EXPECT_TRUE(is_pem_attribute_name(name)) << name;
    }
    for (const char* name : {"private_key_pem", "cert_request_pem", "public_key_pem", "arn", "id", ""}) {
        EXPECT_FALSE(is_pem_attribute_name(name)) << name;
    }
}

} // namespace
} // namespace certgate::terraform
