#include "certgate/report/writers.hpp"
#include "report_fixture.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;

std::vector<std::string> table_rows(const std::string& text)
{
    std::vector<std::string> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| ", 0) == 0) {
            rows.push_back(line);
        }
    }
    return rows;
}

// The number of unescaped '|' in a row: a table row of 8 cells has 9.
int pipes(const std::string& row)
{
    int count = 0;
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i] == '\\') {
            ++i;
        } else if (row[i] == '|') {
            ++count;
        }
    }
    return count;
}

TEST(MarkdownWriter, SummaryLineThenOneRowPerFinding)
{
    const Report report = fixture::fixed_report();
    const std::string out = render_markdown(report);
    EXPECT_EQ(out.substr(0, out.find('\n')),
              "**certgate gate: fail** (fail on renew, as of 2026-11-30T09:00:00Z UTC): 12 findings, 1 error, "
              "2 expired, 1 critical, 3 renew, 2 warning, 1 unknown, 1 notice, 1 ok, 1 waived");
    const auto rows = table_rows(out);
    ASSERT_EQ(rows.size(), report.findings.size() + 1); // the header row
    for (const std::string& row : rows) {
        EXPECT_EQ(pipes(row), 9) << row;
    }
    EXPECT_EQ(rows[7], "| **renew** | web.example.com (DNS:web.example.com, DNS:www.example.com) | 2026-12-11 | 11 | "
                       "9 | 2026-12-08 | plan.json module.edge.aws\\_acm\\_certificate.web\\[\"eu\"\\] "
                       "(certificate\\_body) #0 |  |");
}

TEST(MarkdownWriter, InputCannotInjectMarkupOrBreakTheTable)
{
    const std::string out = render_markdown(fixture::hostile_report());
    EXPECT_EQ(out.find("<script>"), std::string::npos);
    EXPECT_NE(out.find("&lt;script&gt;"), std::string::npos);
    for (const std::string& row : table_rows(out)) {
        EXPECT_EQ(pipes(row), 9) << row;
    }
    EXPECT_EQ(table_rows(out).size(), 3U);
}

TEST(MarkdownWriter, EmptyReportSaysSo)
{
    EXPECT_EQ(render_markdown(fixture::empty_report()),
              "**certgate gate: pass** (fail on renew, as of 2026-11-30T09:00:00Z UTC): 0 findings\n\n"
              "No certificates found.\n");
}

} // namespace
} // namespace certgate::report
