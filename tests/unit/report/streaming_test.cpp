// The JSON, SARIF and GitLab writers hand a report to their sink in pieces as
// they write it (issue 14): a report of thousands of findings is never held
// whole, and the pieces make exactly the bytes render() returns.

#include "certgate/report/formats.hpp"

#include "report_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace certgate {
namespace {

using namespace testing::report_fixture;

// 3,000 distinct findings: several megabytes in every streaming format.
Report large_report()
{
    std::vector<Finding> findings;
    for (int i = 0; i < 3000; ++i) {
        const std::string name = "host" + std::to_string(i) + ".example.com";
        findings.push_back(certificate_finding(certificate(name, "2026-01-01T00:00:00Z", "2026-12-10T00:00:00Z"),
                                               file_source("certs/" + name + ".pem", 0)));
    }
    return make_report(std::move(findings), GateOptions{}, fixed_now(), "UTC");
}

class StreamingWriter : public ::testing::TestWithParam<report::Format> {};

TEST_P(StreamingWriter, HandsTheReportOverInBoundedPiecesThatMakeTheRenderedBytes)
{
    const Report report = large_report();
    report::RenderOptions options;
    options.tool_version = "1.2.3";
    std::string streamed;
    std::size_t pieces = 0;
    std::size_t largest = 0;
    report::render_to(report, GetParam(), options, [&](std::string_view piece) {
        streamed += piece;
        ++pieces;
        largest = std::max(largest, piece.size());
    });
    const std::string whole = report::render(report, GetParam(), options);
    ASSERT_GT(whole.size(), 1'000'000U) << "the report is too small to show streaming";
    EXPECT_TRUE(streamed == whole) << "the streamed bytes differ from render()'s";
    EXPECT_GT(pieces, 10U);
    // A piece is what gathered since the last one: 64 KiB plus one item.
    EXPECT_LT(largest, 80U * 1024U) << "a piece of " << largest << " bytes: the writer held the report";
}

INSTANTIATE_TEST_SUITE_P(Formats, StreamingWriter,
                         ::testing::Values(report::Format::json, report::Format::sarif, report::Format::gitlab),
                         [](const ::testing::TestParamInfo<report::Format>& param) {
                             return std::string(report::format_name(param.param));
                         });

TEST(StreamingWriter, AFormatThatDoesNotStreamIsHandedOverWhole)
{
    const Report report = fixed_report();
    std::size_t pieces = 0;
    std::string streamed;
    report::render_to(report, report::Format::junit, {}, [&](std::string_view piece) {
        streamed += piece;
        ++pieces;
    });
    EXPECT_EQ(pieces, 1U);
    EXPECT_EQ(streamed, report::render(report, report::Format::junit, {}));
}

} // namespace
} // namespace certgate
