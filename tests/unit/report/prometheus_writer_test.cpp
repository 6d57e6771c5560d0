#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"
#include "report_fixture.hpp"
#include "support/exposition.hpp"

#include <cctype>
#include <cstdlib>
#include <gtest/gtest.h>
#include <map>
#include <set>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;
using testing::parse_exposition;
using testing::Parsed;
using testing::Sample;

TEST(PrometheusParser, RejectsWhatTheFormatForbids)
{
    EXPECT_EQ(parse_exposition("a 1\n").error, "");
    EXPECT_NE(parse_exposition("a 1").error, "");
    EXPECT_NE(parse_exposition("a{x=\"1\"} 1\na{x=\"1\"} 2\n").error, "");
    EXPECT_NE(parse_exposition("a 1\nb 1\na 2\n").error, "");
    EXPECT_NE(parse_exposition("a{x=\"\\t\"} 1\n").error, "");
    EXPECT_NE(parse_exposition("a{x=\"1} 1\n").error, "");
    EXPECT_NE(parse_exposition("a one\n").error, "");
    EXPECT_NE(parse_exposition("# TYPE a gauge\n# TYPE a gauge\na 1\n").error, "");
    EXPECT_NE(parse_exposition("a 1\n# TYPE a gauge\n").error, "");
    EXPECT_NE(parse_exposition("1a 1\n").error, "");
    EXPECT_NE(parse_exposition("a{1x=\"1\"} 1\n").error, "");
    EXPECT_NE(parse_exposition("a{__x=\"1\"} 1\n").error, "");
    EXPECT_NE(parse_exposition("a 1.2.3\n").error, "");
    EXPECT_NE(parse_exposition("a inf\n").error, "");
    EXPECT_EQ(parse_exposition("a{b=\"\\\\ \\\" \\n\"} -1.5e3\nb +Inf\nc NaN\n").error, "");
}

TEST(PrometheusWriter, StrictlyValidExposition)
{
    for (const Report& report : {fixture::fixed_report(), fixture::empty_report(), fixture::hostile_report()}) {
        const Parsed parsed = parse_exposition(render_prometheus(report));
        EXPECT_EQ(parsed.error, "");
        for (const auto& [name, type] : parsed.types) {
            EXPECT_EQ(type, "gauge") << name;
            EXPECT_EQ(parsed.help.count(name), 1U) << name;
        }
    }
}

TEST(PrometheusWriter, OneSeriesPerCertificateAndTheReportsNow)
{
    const Report report = fixture::fixed_report();
    const Parsed parsed = parse_exposition(render_prometheus(report));
    ASSERT_EQ(parsed.error, "");
    std::map<std::string, int> per_metric;
    for (const Sample& sample : parsed.samples) {
        ++per_metric[sample.name];
    }
    EXPECT_EQ(per_metric["certgate_certificate_not_after_timestamp_seconds"], 10); // not unknown or error
    EXPECT_EQ(per_metric["certgate_certificate_working_days_remaining"], 10);
    EXPECT_EQ(per_metric["certgate_certificate_severity"], 12);
    EXPECT_EQ(per_metric["certgate_check_timestamp_seconds"], 1);
    for (const Sample& sample : parsed.samples) {
        if (sample.name == "certgate_check_timestamp_seconds") {
            EXPECT_EQ(sample.value, 1796029200.0); // 2026-11-30T09:00:00Z, never the clock
        }
        if (sample.name == "certgate_gate_passed") {
            EXPECT_EQ(sample.value, 0.0);
        }
        if (sample.name == "certgate_certificate_not_after_timestamp_seconds" &&
            sample.labels.at("subject") == "CN=web.example.com,O=Example") {
            EXPECT_EQ(sample.value, 1796990400.0); // 2026-12-11T12:00:00Z
            EXPECT_EQ(sample.labels.at("source"), "plan.json");
            EXPECT_EQ(sample.labels.at("address"), "module.edge.aws_acm_certificate.web[\"eu\"]");
        }
        if (sample.name == "certgate_certificate_severity" && sample.labels.at("severity") == "critical") {
            EXPECT_EQ(sample.value, 4.0);
            EXPECT_EQ(sample.labels.at("source"), "api.example.com:443");
        }
    }
}

TEST(PrometheusWriter, LabelValuesRoundTrip)
{
    const Report report = fixture::hostile_report();
    const Parsed parsed = parse_exposition(render_prometheus(report));
    ASSERT_EQ(parsed.error, "");
    bool seen = false;
    for (const Sample& sample : parsed.samples) {
        if (sample.name == "certgate_certificate_severity" && sample.labels.at("severity") == "renew") {
            seen = true;
            // Quotes and backslashes survive; control characters become '?'.
            EXPECT_NE(sample.labels.at("subject").find("O=\"Quotes\\\" and \\\\ backslashes\""), std::string::npos)
                << sample.labels.at("subject");
            EXPECT_EQ(sample.labels.at("subject").find('\x1b'), std::string::npos);
        }
    }
    EXPECT_TRUE(seen);
}

TEST(PrometheusWriter, TheSameCertificateTwiceIsOneSeries)
{
    auto findings = fixture::fixed_findings();
    findings.push_back(findings.front());
    const Report report = make_report(findings, GateOptions{}, fixture::fixed_now(), "UTC");
    EXPECT_EQ(parse_exposition(render_prometheus(report)).error, "");
}

} // namespace
} // namespace certgate::report
