#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"
#include "report_fixture.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;

std::string sarif_schema()
{
    return testing::source_path("tests/fixtures/schemas/sarif-schema-2.1.0.json");
}

RenderOptions versioned()
{
    RenderOptions options;
    options.tool_version = "0.1.0";
    return options;
}

TEST(SarifWriter, ValidAgainstTheSarifSchema)
{
    EXPECT_EQ(testing::schema_errors(sarif_schema(), render_sarif(fixture::fixed_report(), versioned())), "");
    EXPECT_EQ(testing::schema_errors(sarif_schema(), render_sarif(fixture::empty_report(), {})), "");
    EXPECT_EQ(testing::schema_errors(sarif_schema(), render_sarif(fixture::hostile_report(), versioned())), "");
}

TEST(SarifWriter, TheSchemaCanFail)
{
    auto json = nlohmann::json::parse(render_sarif(fixture::fixed_report(), versioned()));
    json["runs"][0]["results"][0]["level"] = "fatal";
    EXPECT_NE(testing::schema_errors(sarif_schema(), json.dump()), "");
}

TEST(SarifWriter, RulesPerSeverityAndResultsPerFinding)
{
    const Report report = fixture::fixed_report();
    const auto json = nlohmann::json::parse(render_sarif(report, versioned()));
    const auto& run = json["runs"][0];
    EXPECT_EQ(json["version"], "2.1.0");
    EXPECT_EQ(run["tool"]["driver"]["name"], "certgate");
    EXPECT_EQ(run["tool"]["driver"]["version"], "0.1.0");
    ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 8U);
    ASSERT_EQ(run["results"].size(), report.findings.size());
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
        const auto& result = run["results"][i];
        const auto rule_index = result["ruleIndex"].get<std::size_t>();
        EXPECT_EQ(result["ruleId"], run["tool"]["driver"]["rules"][rule_index]["id"]);
        EXPECT_EQ(result["ruleId"], "certgate/" + std::string(to_string(report.findings[i].severity)));
        EXPECT_EQ(result["partialFingerprints"]["certgateFinding/v1"], finding_key(report.findings[i]));
        EXPECT_EQ(result["message"]["text"].get<std::string>().rfind(describe_finding(report.findings[i]), 0), 0U);
    }
}

TEST(SarifWriter, AnInputNamedLikeTheResultsPlaceholderStaysAnInput)
{
    // The results are written one at a time where the document holds the
    // string "@certgate-items@"; an input of that name must not be taken for it.
    Report report = fixture::undecided_report();
    report.input_errors.push_back(make_error(ErrorCode::input, "results\": \"@certgate-items@", "@certgate-items@"));
    report.skipped.push_back({"@certgate-items@", "\"results\": \"@certgate-items@\""});
    const std::string text = render_sarif(report, versioned());
    const auto json = nlohmann::json::parse(text);
    const auto& run = json["runs"][0];
    ASSERT_EQ(run["results"].size(), report.findings.size());
    const auto& notifications = run["invocations"][0]["toolExecutionNotifications"];
    ASSERT_EQ(notifications.size(), 6U);
    EXPECT_EQ(notifications[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "@certgate-items@");
    EXPECT_EQ(notifications[5]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "@certgate-items@");
    // Re-dumping the parsed log gives the same bytes: the array was put in
    // exactly as dumping the whole document would have printed it.
    EXPECT_EQ(nlohmann::ordered_json::parse(text).dump(2) + "\n", text);
}

TEST(SarifWriter, LevelsFollowTheGate)
{
    const auto json = nlohmann::json::parse(render_sarif(fixture::fixed_report(), versioned()));
    std::vector<std::string> levels;
    for (const auto& result : json["runs"][0]["results"]) {
        levels.push_back(result["level"]);
    }
    // error, expired, expired (waived), critical, renew ×3, warning ×2, unknown, notice, ok.
    EXPECT_EQ(levels, (std::vector<std::string>{"error", "error", "warning", "error", "error", "error", "error",
                                                "warning", "warning", "note", "note", "none"}));
    const auto& ok = json["runs"][0]["results"][11];
    EXPECT_EQ(ok["kind"], "pass");
}

TEST(SarifWriter, LocationsPointAtTheInput)
{
    const auto json = nlohmann::json::parse(render_sarif(fixture::fixed_report(), versioned()));
    const auto& results = json["runs"][0]["results"];
    // A host has no file: a logical location names it.
    EXPECT_FALSE(results[0]["locations"][0].contains("physicalLocation"));
    EXPECT_EQ(results[0]["locations"][0]["logicalLocations"][0]["name"], "down.example.com:443");
    // A relative path stays relative to %SRCROOT%.
    EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["artifactLocation"],
              nlohmann::json::parse(R"({"uri":"certs/old.pem","uriBaseId":"%SRCROOT%"})"));
    // A Terraform address is a logical location.
    EXPECT_EQ(results[6]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
              "module.edge.aws_acm_certificate.web[\"eu\"].certificate_body");
    // Characters outside RFC 3986's unreserved set are percent-encoded.
    EXPECT_EQ(results[7]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              "certs/dir%20with%20space/a%2Cb%25c.pem");
}

TEST(SarifWriter, AbsolutePathsAreFileUris)
{
    Finding finding = fixture::certificate_finding(
        fixture::certificate("abs.example.com", "2026-01-01T00:00:00Z", "2027-06-01T00:00:00Z"),
        fixture::file_source("/etc/ssl/certs/abs cert.pem", 0));
    const Report report = make_report({finding}, GateOptions{}, fixture::fixed_now(), "UTC");
    const auto json = nlohmann::json::parse(render_sarif(report, {}));
    EXPECT_EQ(json["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
              nlohmann::json::parse(R"({"uri":"file:///etc/ssl/certs/abs%20cert.pem"})"));
    EXPECT_FALSE(json["runs"][0]["tool"]["driver"].contains("version"));
}

TEST(SarifWriter, WaivedFindingsAreSuppressed)
{
    const auto json = nlohmann::json::parse(render_sarif(fixture::fixed_report(), versioned()));
    const auto& results = json["runs"][0]["results"];
    EXPECT_EQ(results[2]["suppressions"], nlohmann::json::parse(R"json([{"kind":"external","status":"accepted",
                  "justification":"decommissioned in OPS-1234 (until 2026-12-31)"}])json"));
    EXPECT_FALSE(results[4].contains("suppressions")) << "a lapsed waiver suppresses nothing";
}

} // namespace
} // namespace certgate::report
