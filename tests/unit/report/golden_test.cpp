// Golden files: every format of the fixed report, byte for byte.
// CERTGATE_UPDATE_GOLDEN=1 rewrites them; review the diff.

#include "certgate/report/formats.hpp"
#include "report_fixture.hpp"
#include "support/process.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;

std::string golden_path(const std::string& name)
{
    return testing::source_path("tests/golden/report/" + name);
}

void check_golden(const std::string& name, const std::string& rendered)
{
    const std::string path = golden_path(name);
    const char* update = std::getenv("CERTGATE_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << rendered;
        ASSERT_TRUE(out.good()) << "cannot write " << path;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in.good()) << path << " is missing; run with CERTGATE_UPDATE_GOLDEN=1";
    std::ostringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(rendered, expected.str()) << "differs from " << path << "; run with CERTGATE_UPDATE_GOLDEN=1";
}

RenderOptions options()
{
    RenderOptions result;
    result.tool_version = "0.1.0";
    return result;
}

TEST(Golden, EveryFormatOfTheFixedReport)
{
    const Report report = fixture::fixed_report();
    const std::vector<std::pair<Format, std::string>> files{
        {Format::text, "fixed.txt"},        {Format::json, "fixed.json"},          {Format::junit, "fixed.junit.xml"},
        {Format::sarif, "fixed.sarif"},     {Format::github, "fixed.github.txt"},  {Format::markdown, "fixed.md"},
        {Format::prometheus, "fixed.prom"}, {Format::gitlab, "fixed.gitlab.json"},
    };
    ASSERT_EQ(files.size(), format_names().size());
    for (const auto& [format, file] : files) {
        SCOPED_TRACE(file);
        check_golden(file, render(report, format, options()));
    }
}

TEST(Golden, ColouredTextAndGithubSummary)
{
    const Report report = fixture::fixed_report();
    RenderOptions coloured = options();
    coloured.color = true;
    check_golden("fixed.color.txt", render(report, Format::text, coloured));
    check_golden("fixed.github-summary.md", render_github_summary(report));
}

TEST(Golden, EveryFormatOfAReportWithUnreadableInputs)
{
    const Report report = fixture::undecided_report();
    for (const std::string& name : format_names()) {
        SCOPED_TRACE(name);
        const auto format = parse_format(name);
        ASSERT_TRUE(format.has_value());
        check_golden("undecided." + name, render(report, *format, options()));
    }
    check_golden("undecided.github-summary.md", render_github_summary(report));
}

TEST(Golden, EveryFormatOfAnEmptyReport)
{
    const Report report = fixture::empty_report();
    for (const std::string& name : format_names()) {
        SCOPED_TRACE(name);
        const auto format = parse_format(name);
        ASSERT_TRUE(format.has_value());
        check_golden("empty." + name, render(report, *format, options()));
    }
}

} // namespace
} // namespace certgate::report
