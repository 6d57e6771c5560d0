#include "certgate/report/formats.hpp"
#include "certgate/report/writers.hpp"
#include "report_fixture.hpp"

#include <gtest/gtest.h>

namespace certgate::report {
namespace {

TEST(Formats, NamesInHelpOrder)
{
    EXPECT_EQ(format_names(), (std::vector<std::string>{"text", "json", "junit", "sarif", "github", "markdown",
                                                        "prometheus", "gitlab"}));
}

TEST(Formats, ParseEveryNameBack)
{
    for (const std::string& name : format_names()) {
        const auto format = parse_format(name);
        ASSERT_TRUE(format.has_value()) << name;
        EXPECT_EQ(format_name(*format), name);
    }
}

TEST(Formats, UnknownNameListsTheExpectedOnes)
{
    for (const std::string_view name : {"xml", "", "JSON", "text ", "junit\n"}) {
        const auto format = parse_format(name);
        ASSERT_FALSE(format.has_value()) << name;
        EXPECT_EQ(format.error().code, ErrorCode::usage);
        EXPECT_EQ(format.error().message, "unknown format \"" + std::string(name) +
                                              "\", expected one of: text, json, junit, sarif, github, markdown, "
                                              "prometheus, gitlab");
    }
}

TEST(Formats, RenderDispatchesToTheWriter)
{
    const Report report = testing::report_fixture::fixed_report();
    RenderOptions options;
    options.tool_version = "9.9.9";
    EXPECT_EQ(render(report, Format::text, options), render_text(report, options));
    EXPECT_EQ(render(report, Format::json, options), render_json(report));
    EXPECT_EQ(render(report, Format::junit, options), render_junit(report));
    EXPECT_EQ(render(report, Format::sarif, options), render_sarif(report, options));
    EXPECT_EQ(render(report, Format::github, options), render_github(report));
    EXPECT_EQ(render(report, Format::markdown, options), render_markdown(report));
    EXPECT_EQ(render(report, Format::prometheus, options), render_prometheus(report));
    EXPECT_EQ(render(report, Format::gitlab, options), render_gitlab(report));
}

TEST(Formats, SameReportSameBytesWhateverTheInputOrder)
{
    auto findings = testing::report_fixture::fixed_findings();
    const Report forward = make_report(findings, GateOptions{}, testing::report_fixture::fixed_now(), "UTC");
    std::reverse(findings.begin(), findings.end());
    const Report backward = make_report(findings, GateOptions{}, testing::report_fixture::fixed_now(), "UTC");
    for (const std::string& name : format_names()) {
        const Format format = *parse_format(name);
        EXPECT_EQ(render(forward, format), render(backward, format)) << name;
        EXPECT_EQ(render(forward, format), render(forward, format)) << name;
    }
}

TEST(Formats, HostileInputRendersInEveryFormat)
{
    const Report report = testing::report_fixture::hostile_report();
    for (const std::string& name : format_names()) {
        const std::string out = render(report, *parse_format(name));
        EXPECT_FALSE(out.empty()) << name;
        EXPECT_EQ(out.find('\x1b'), std::string::npos) << name << " lets an escape sequence through";
        EXPECT_EQ(out.find('\0'), std::string::npos) << name << " lets a NUL through";
        EXPECT_EQ(out.find("\xff"), std::string::npos) << name << " lets invalid UTF-8 through";
    }
}

} // namespace
} // namespace certgate::report
