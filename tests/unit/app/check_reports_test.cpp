#include "certgate/app/check_reports.hpp"

#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate::app {
namespace {

using testing::at;
using testing::TempDir;

std::string describe(const Result<std::vector<ReportTarget>>& targets)
{
    return targets ? "ok" : targets.error().describe();
}

TEST(ReportTargets, PairsEachOutputWithTheFormatBeforeIt)
{
    using Kind = ReportFlag::Kind;
    auto targets = report_targets({{Kind::format, "json"}, {Kind::output, "r.json"}, {Kind::format, "sarif"}});
    ASSERT_TRUE(targets) << describe(targets);
    ASSERT_EQ(targets->size(), 2U);
    EXPECT_EQ((*targets)[0].format, report::Format::json);
    EXPECT_EQ((*targets)[0].path, "r.json");
    EXPECT_EQ((*targets)[1].format, report::Format::sarif);
    EXPECT_EQ((*targets)[1].path, std::nullopt);

    auto none = report_targets({});
    ASSERT_EQ(none->size(), 1U);
    EXPECT_EQ(none->front().format, report::Format::text);
    EXPECT_EQ(report_targets({{Kind::output, "a.txt"}})->front().path, "a.txt"); // text to a file

    EXPECT_EQ(describe(report_targets({{Kind::format, "json"}, {Kind::output, "a"}, {Kind::output, "b"}})),
              "--output: \"b\" has no --format of its own; give each --output after its --format");
    EXPECT_EQ(describe(report_targets({{Kind::format, "json"}, {Kind::format, "text"}})),
              "--format: only one --format can go to standard output; give the others an --output");
    EXPECT_EQ(report_targets({{Kind::format, "yaml"}}).error().where, "--format");
}

class CheckCommandColour : public ::testing::Test {
protected:
    TempDir dir;
    CheckRequest request;
    void SetUp() override
    {
        testing::CertificateSpec spec;
        spec.not_after = "2026-06-10T00:00:00Z";
        request.inputs = {dir.write("cert.pem", testing::make_certificate(spec).pem())};
        request.now = at("2026-06-01T00:00:00Z");
    }
    [[nodiscard]] bool coloured(ColorChoice choice, bool terminal, bool no_color) const
    {
        Environment environment;
        environment.no_color = no_color;
        const CheckRun run =
            run_check_command(request, {{report::Format::text, std::nullopt}}, {choice, terminal, "test"}, environment);
        EXPECT_NE(run.standard_output.find("cert.pem"), std::string::npos) << run.standard_output;
        return run.standard_output.find("\x1b[") != std::string::npos;
    }
};

TEST_F(CheckCommandColour, AutomaticOnATerminalUnlessNoColorIsSet)
{
    EXPECT_TRUE(coloured(ColorChoice::automatic, true, false));
    EXPECT_FALSE(coloured(ColorChoice::automatic, true, true));
    EXPECT_FALSE(coloured(ColorChoice::automatic, false, false));
    EXPECT_TRUE(coloured(ColorChoice::always, false, true));
    EXPECT_FALSE(coloured(ColorChoice::never, true, false));
}

TEST_F(CheckCommandColour, AppendsTheJobSummaryToGithubStepSummary)
{
    Environment environment;
    environment.step_summary = (dir.path() / "summary.md").string();
    const CheckRun run = run_check_command(request, {{report::Format::github, std::nullopt}}, {}, environment);
    EXPECT_EQ(run.exit_status, 1); // expires in nine days: renew fails the default gate
    EXPECT_TRUE(run.errors.empty());
    const std::string summary = TempDir::read(*environment.step_summary);
    EXPECT_NE(summary.find("test.example.com"), std::string::npos) << summary;

    environment.step_summary = (dir.path() / "missing-folder" / "summary.md").string();
    const CheckRun unwritten = run_check_command(request, {{report::Format::github, std::nullopt}}, {}, environment);
    EXPECT_EQ(unwritten.exit_status, 2);
    ASSERT_EQ(unwritten.errors.size(), 1U);
    EXPECT_EQ(unwritten.errors.front().describe(), *environment.step_summary + ": cannot append the job summary");
}

} // namespace
} // namespace certgate::app
