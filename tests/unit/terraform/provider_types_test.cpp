// terraform-provider-certgate's data sources in plan and state JSON: found
// like certgate-external results, by their typed expiry attributes.

#include "plan_test_support.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate::terraform {
namespace {

using nlohmann::json;
using testing::at;
using testing::module;
using testing::read_text;
using testing::resource;
using testing::state_document;

TEST(TerraformProviderTypes, CertgateDataSourcesAreFindingsAtTheirAddress)
{
    const json root = module(json::array({
        resource("data.certgate_certificate.file", "certgate_certificate",
                 {{"certificate_file", "web.pem"},
                  {"not_after", "2026-12-11T12:00:00Z"},
                  {"not_before", "2026-09-12T12:00:00Z"},
                  {"id", std::string(64, 'a')}}),
        resource("data.certgate_expiry.cloud", "certgate_expiry",
                 {{"not_after", "2026-12-11 20:00:00.0"},
                  {"not_after_timezone", "Asia/Shanghai"},
                  {"not_after_rfc3339", "2026-12-11T12:00:00Z"},
                  {"not_before_rfc3339", nullptr}}),
        resource("certgate_notification.web", "certgate_notification",
                 {{"certificate", std::string(64, 'a')}, {"not_after", "2026-12-11T12:00:00Z"}}),
    }));
    auto discovery = read_text(state_document(root).dump());
    ASSERT_TRUE(discovery) << discovery.error().describe();
    // The notification settings are not a certificate of their own.
    ASSERT_EQ(discovery->findings.size(), 2U);
    for (const Finding& finding : discovery->findings) {
        ASSERT_TRUE(finding.certificate);
        EXPECT_EQ(finding.certificate->not_after, at("2026-12-11T12:00:00Z")) << *finding.source.address;
        if (finding.source.address == "data.certgate_certificate.file") {
            EXPECT_EQ(finding.source.attribute, "not_after");
            ASSERT_TRUE(finding.certificate->not_before);
            EXPECT_EQ(*finding.certificate->not_before, at("2026-09-12T12:00:00Z"));
        } else {
            EXPECT_EQ(finding.source.address, "data.certgate_expiry.cloud");
            EXPECT_EQ(finding.source.attribute, "not_after_rfc3339");
        }
    }
}

} // namespace
} // namespace certgate::terraform
