// Values marked sensitive in Terraform are evaluated but never printed, in
// any format.

#include "certgate/report/formats.hpp"
#include "report_fixture.hpp"

#include <gtest/gtest.h>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;

TEST(Sensitive, NoFormatPrintsASensitiveIdentityValue)
{
    const Report report = fixture::fixed_report();
    std::vector<std::pair<std::string, std::string>> outputs;
    for (const std::string& name : format_names()) {
        RenderOptions options;
        options.color = true;
        outputs.emplace_back(name, render(report, *parse_format(name), options));
    }
    outputs.emplace_back("github summary", render_github_summary(report));
    for (const auto& [name, out] : outputs) {
        for (const std::string& secret : fixture::secret_values()) {
            EXPECT_EQ(out.find(secret), std::string::npos) << name << " prints \"" << secret << "\"";
        }
        // Sanity: the finding itself is reported, by its place.
        EXPECT_NE(out.find("certificate.internal"), std::string::npos) << name;
    }
}

TEST(Sensitive, TheSameValuesAppearWhenNotSensitive)
{
    // Guards the test above: without the flag the secret values do show.
    auto findings = fixture::fixed_findings();
    for (Finding& finding : findings) {
        finding.sensitive = false;
    }
    const Report report = make_report(findings, GateOptions{}, fixture::fixed_now(), "UTC");
    for (const std::string_view name : {"json", "text"}) {
        const std::string out = render(report, *parse_format(name));
        EXPECT_NE(out.find(fixture::k_secret_common_name), std::string::npos) << name;
    }
    EXPECT_NE(render(report, Format::json).find(fixture::k_secret_serial), std::string::npos);
}

} // namespace
} // namespace certgate::report
