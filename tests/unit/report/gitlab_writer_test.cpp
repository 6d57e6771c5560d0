#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"
#include "report_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;

TEST(GitlabWriter, OneIssuePerFindingThatIsNotOk)
{
    const Report report = fixture::fixed_report();
    const auto issues = nlohmann::json::parse(render_gitlab(report));
    ASSERT_TRUE(issues.is_array());
    ASSERT_EQ(issues.size(), report.findings.size() - 1);
    std::set<std::string> fingerprints;
    for (std::size_t i = 0; i < issues.size(); ++i) {
        const auto& issue = issues[i];
        // The fields GitLab requires, with the types it requires.
        EXPECT_TRUE(issue["description"].is_string());
        EXPECT_TRUE(issue["check_name"].is_string());
        EXPECT_TRUE(issue["location"]["path"].is_string());
        EXPECT_EQ(issue["location"]["lines"]["begin"], 1);
        EXPECT_EQ(issue["fingerprint"], finding_key(report.findings[i]));
        fingerprints.insert(issue["fingerprint"]);
    }
    EXPECT_EQ(fingerprints.size(), issues.size());
}

TEST(GitlabWriter, SeveritiesMapOntoCodeQualityLevels)
{
    const auto issues = nlohmann::json::parse(render_gitlab(fixture::fixed_report()));
    std::vector<std::string> severities;
    for (const auto& issue : issues) {
        severities.push_back(issue["severity"]);
    }
    // error, expired, expired (waived), critical, renew ×3, warning ×2, unknown, notice.
    EXPECT_EQ(severities, (std::vector<std::string>{"critical", "blocker", "info", "critical", "major", "major",
                                                    "major", "minor", "minor", "info", "info"}));
}

TEST(GitlabWriter, IssueFields)
{
    const auto issues = nlohmann::json::parse(render_gitlab(fixture::fixed_report()));
    const auto& web = issues[6];
    EXPECT_EQ(web["check_name"], "certgate/renew");
    EXPECT_EQ(web["description"], "renew: web.example.com expires on 2026-12-11 (11 days, 9 working days left), "
                                  "renew by 2026-12-08 [plan.json module.edge.aws_acm_certificate.web[\"eu\"] "
                                  "(certificate_body) #0]");
    EXPECT_EQ(web["location"]["path"], "plan.json");
    EXPECT_EQ(issues[0]["location"]["path"], "down.example.com:443");
}

TEST(GitlabWriter, FingerprintsStableAcrossRunsAndSeverities)
{
    auto findings = fixture::fixed_findings();
    const auto before =
        nlohmann::json::parse(render_gitlab(make_report(findings, GateOptions{}, fixture::fixed_now(), "UTC")));
    // A week later the same certificates have other severities but the same fingerprints.
    const auto later = fixture::instant("2026-12-07T09:00:00Z");
    for (Finding& finding : findings) {
        assess(finding, Policy{}, later);
    }
    const auto after = nlohmann::json::parse(render_gitlab(make_report(findings, GateOptions{}, later, "UTC")));
    std::set<std::string> first;
    std::set<std::string> second;
    for (const auto& issue : before) {
        first.insert(issue["fingerprint"]);
    }
    for (const auto& issue : after) {
        second.insert(issue["fingerprint"]);
    }
    for (const std::string& fingerprint : first) {
        EXPECT_EQ(second.count(fingerprint), 1U) << fingerprint;
    }
}

TEST(GitlabWriter, EmptyReportIsAnEmptyArray)
{
    EXPECT_EQ(render_gitlab(fixture::empty_report()), "[]\n");
}

} // namespace
} // namespace certgate::report
