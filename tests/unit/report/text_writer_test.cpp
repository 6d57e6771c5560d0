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

TEST(TextWriter, OneLinePerFindingThenTheSummary)
{
    const Report report = fixture::fixed_report();
    const auto lines = lines_of(render_text(report, {}));
    ASSERT_EQ(lines.size(), report.findings.size() + 1);
    EXPECT_EQ(lines[6], "RENEW     web.example.com (DNS:web.example.com, DNS:www.example.com)  expires 2026-12-11: "
                        "11 days, 9 working days left  renew by 2026-12-08  plan.json "
                        "module.edge.aws_acm_certificate.web[\"eu\"] (certificate_body) #0");
    EXPECT_EQ(lines.back(), "gate FAIL (fail_on renew) as of 2026-11-30T09:00:00Z UTC: 12 findings, 1 error, "
                            "2 expired, 1 critical, 3 renew, 2 warning, 1 unknown, 1 notice, 1 ok, 1 waived");
}

TEST(TextWriter, WaiversUnknownAndErrorsSayWhy)
{
    const auto lines = lines_of(render_text(fixture::fixed_report(), {}));
    EXPECT_EQ(lines[0], "ERROR     connect to \"down.example.com:443\": connection refused  down.example.com:443");
    EXPECT_EQ(lines[2], "EXPIRED   legacy.example.com (DNS:legacy.example.com)  expired 2026-11-25: 5 days ago  "
                        "certs/legacy.pem #0  [waived until 2026-12-31: decommissioned in OPS-1234]");
    EXPECT_NE(lines[4].find("[waiver lapsed after 2026-11-15: migration pending]"), std::string::npos);
    EXPECT_EQ(lines[9], "UNKNOWN   known only after apply  plan.json tls_self_signed_cert.new (cert_pem)");
}

TEST(TextWriter, ColourOnlyWhenAsked)
{
    const Report report = fixture::fixed_report();
    EXPECT_EQ(render_text(report, {}).find('\x1b'), std::string::npos);
    RenderOptions coloured;
    coloured.color = true;
    const std::string out = render_text(report, coloured);
    EXPECT_EQ(out.rfind("\x1b[1;31mERROR\x1b[0m     connect to", 0), 0U);
    EXPECT_NE(out.find("gate \x1b[1;31mFAIL\x1b[0m (fail_on renew)"), std::string::npos);
}

TEST(TextWriter, PassingGate)
{
    const std::string out = render_text(fixture::empty_report(), {});
    EXPECT_EQ(out, "gate PASS (fail_on renew) as of 2026-11-30T09:00:00Z UTC: 0 findings\n");
}

TEST(TextWriter, ControlCharactersCannotRepaintTheTerminal)
{
    RenderOptions coloured;
    coloured.color = true;
    const std::string out = render_text(fixture::hostile_report(), coloured);
    const auto lines = lines_of(out);
    ASSERT_EQ(lines.size(), 3U);
    for (const std::string& line : lines) {
        EXPECT_EQ(line.find('\r'), std::string::npos);
        EXPECT_EQ(line.find('\x07'), std::string::npos);
        EXPECT_EQ(line.find("\x1b]"), std::string::npos);
    }
    EXPECT_NE(lines[1].find("evil?[31m??::error::pwned"), std::string::npos) << lines[1];
}

} // namespace
} // namespace certgate::report
