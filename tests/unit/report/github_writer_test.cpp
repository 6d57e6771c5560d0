#include "certgate/report/formats.hpp"
#include "certgate/report/writers.hpp"
#include "report_fixture.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

TEST(GithubWriter, OneCommandPerFindingThatIsNotOkPlusTheGate)
{
    const Report report = fixture::fixed_report();
    const auto lines = lines_of(render_github(report));
    ASSERT_EQ(lines.size(), report.findings.size()); // 11 not ok + the gate line
    EXPECT_EQ(lines[1], "::error file=certs/old.pem,title=certgate expired%3A old.example.com::expired: "
                        "old.example.com expired on 2026-11-20 (10 days ago) [certs/old.pem #0]");
    EXPECT_EQ(lines.back(), "::notice title=certgate::gate fail (fail_on renew): 12 findings, 1 error, 2 expired, "
                            "1 critical, 3 renew, 2 warning, 1 unknown, 1 notice, 1 ok, 1 waived");
}

TEST(GithubWriter, CommandFollowsTheGate)
{
    const auto lines = lines_of(render_github(fixture::fixed_report()));
    const std::vector<std::string> commands{"::error", "::error",   "::warning", "::error",  "::error",  "::error",
                                            "::error", "::warning", "::warning", "::notice", "::notice", "::notice"};
    ASSERT_EQ(lines.size(), commands.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_EQ(lines[i].substr(0, lines[i].find(' ')), commands[i]) << lines[i];
    }
}

TEST(GithubWriter, PropertiesAndDataAreEscaped)
{
    const auto lines = lines_of(render_github(fixture::fixed_report()));
    // Property values escape % \r \n : , ; the message escapes % \r \n only.
    EXPECT_EQ(lines[7], "::warning file=certs/dir with space/a%2Cb%25c.pem,title=certgate warning%3A weird|name "
                        "<b>*x*</b> 100%25 \"q\"%2C a%3Ab::warning: weird|name <b>*x*</b> 100%25 \"q\", a:b "
                        "expires on 2026-12-20 (20 days, 15 working days left), renew by 2026-12-16 "
                        "[certs/dir with space/a,b%25c.pem #0]");
}

TEST(GithubWriter, NewlinesCannotStartANewCommand)
{
    const std::string out = render_github(fixture::hostile_report());
    for (const std::string& line : lines_of(out)) {
        EXPECT_EQ(line.rfind("::", 0), 0U) << line;
        EXPECT_EQ(line.find('\r'), std::string::npos);
    }
    // The injected "::error::" stays inside the message of its own line.
    EXPECT_NE(out.find("renew: evil?[31m%0D%0A::error::pwned?"), std::string::npos);
    EXPECT_NE(out.find("title=certgate renew%3A evil?[31m%0D%0A%3A%3Aerror%3A%3Apwned?"), std::string::npos);
    EXPECT_NE(out.find("file=dir/\xef\xbf\xbd weird%0A%250A%2C%3A.pem,"), std::string::npos);
    EXPECT_EQ(lines_of(out).size(), 3U);
}

TEST(GithubWriter, HostsHaveNoFileProperty)
{
    const auto lines = lines_of(render_github(fixture::fixed_report()));
    EXPECT_EQ(lines[0], "::error title=certgate error%3A down.example.com%3A443::error: connect to "
                        "\"down.example.com:443\": connection refused [down.example.com:443]");
}

TEST(GithubSummary, MarkdownTableWithAHeading)
{
    const Report report = fixture::fixed_report();
    const std::string summary = render_github_summary(report);
    EXPECT_EQ(
        summary.rfind("## certgate\n\n**certgate gate: fail** (fail on renew, as of 2026-11-30T09:00:00Z UTC)", 0), 0U);
    EXPECT_EQ(summary.substr(summary.find("| Severity")),
              render_markdown(report).substr(render_markdown(report).find("| Severity")));
}

} // namespace
} // namespace certgate::report
