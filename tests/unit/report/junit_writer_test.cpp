#include "certgate/report/writers.hpp"
#include "report_fixture.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;

// Validates with libxml2's xmllint against the Ant JUnit schema; "" when valid.
std::string junit_errors(const std::string& xml)
{
    testing::TempDir dir;
    const std::string file = dir.write("report.xml", xml);
    const auto result = testing::run_process(
        {"/usr/bin/xmllint", "--noout", "--schema", testing::source_path("tests/fixtures/schemas/junit.xsd"), file});
    return result.exit_code == 0 ? std::string() : "exit " + std::to_string(result.exit_code) + ": " + result.err;
}

std::string xpath(const std::string& xml, const std::string& expression)
{
    testing::TempDir dir;
    const std::string file = dir.write("report.xml", xml);
    const auto result = testing::run_process({"/usr/bin/xmllint", "--xpath", expression, file});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::string out = result.out;
    if (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

TEST(JunitWriter, ValidAgainstTheJunitSchema)
{
    EXPECT_EQ(junit_errors(render_junit(fixture::fixed_report())), "");
    EXPECT_EQ(junit_errors(render_junit(fixture::empty_report())), "");
    EXPECT_EQ(junit_errors(render_junit(fixture::hostile_report())), "");
}

TEST(JunitWriter, TheSchemaCanFail)
{
    std::string broken = render_junit(fixture::fixed_report());
    broken.replace(broken.find(" hostname=\"localhost\""), 21, "");
    EXPECT_NE(junit_errors(broken).find("hostname"), std::string::npos);
}

TEST(JunitWriter, OneTestcasePerFindingAndAFailurePerGateFailure)
{
    const Report report = fixture::fixed_report();
    const std::string xml = render_junit(report);
    int failing = 0;
    for (const Finding& finding : report.findings) {
        failing += fails_gate(finding, report.gate) ? 1 : 0;
    }
    EXPECT_EQ(xpath(xml, "count(//testcase)"), std::to_string(report.findings.size()));
    EXPECT_EQ(xpath(xml, "count(//testcase/failure)"), std::to_string(failing));
    EXPECT_EQ(xpath(xml, "string(/testsuite/@failures)"), std::to_string(failing));
    EXPECT_EQ(xpath(xml, "count(//testcase/skipped)"), "2"); // the waived and the unknown finding
    EXPECT_EQ(xpath(xml, "string(//testcase[2]/failure/@type)"), "expired");
    EXPECT_EQ(xpath(xml, "string(//testcase[3]/skipped/@message)"),
              "expired: legacy.example.com expired on 2026-11-25 (5 days ago); waived until 2026-12-31: "
              "decommissioned in OPS-1234");
    EXPECT_EQ(xpath(xml, "string(/testsuite/properties/property[@name='gate']/@value)"), "fail");
}

TEST(JunitWriter, HostileTextIsEscaped)
{
    const std::string xml = render_junit(fixture::hostile_report());
    EXPECT_EQ(xml.find("<script>"), std::string::npos);
    EXPECT_NE(xml.find("&lt;script&gt;&amp;&quot;&apos;"), std::string::npos);
}

TEST(JunitWriter, ErrorsThatAreIgnoredAreSkipped)
{
    auto findings = fixture::fixed_findings();
    const Report report =
        make_report(findings, GateOptions{Severity::expired, false, true}, fixture::fixed_now(), "UTC");
    const std::string xml = render_junit(report);
    // Only the expired certificate without a waiver fails; error, unknown and waived are skipped.
    EXPECT_EQ(xpath(xml, "count(//testcase/failure)"), "1");
    EXPECT_EQ(xpath(xml, "count(//testcase/skipped)"), "3");
    EXPECT_EQ(junit_errors(xml), "");
}

} // namespace
} // namespace certgate::report
