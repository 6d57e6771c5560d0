#include "certgate/core/report.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::at;
using testing::on;

Finding finding(Severity severity, const std::string& path, const std::string& not_after = "2026-12-11T12:00:00Z",
                const std::string& subject = "CN=a")
{
    Finding result;
    result.severity = severity;
    result.source.path = path;
    if (severity != Severity::unknown && severity != Severity::error) {
        CertificateInfo certificate;
        certificate.subject = subject;
        certificate.not_after = at(not_after);
        result.certificate = certificate;
    } else {
        result.message = "why";
    }
    return result;
}

Report report_of(std::vector<Finding> findings, GateOptions gate = {})
{
    return make_report(std::move(findings), gate, at("2026-11-30T09:00:00Z"), "UTC");
}

std::vector<std::string> paths(const Report& report)
{
    std::vector<std::string> result;
    for (const Finding& item : report.findings) {
        result.push_back(item.source.path);
    }
    return result;
}

TEST(Report, OrdersWorstFirstThenExpiryThenSubjectThenSource)
{
    const Report report = report_of({
        finding(Severity::ok, "ok"),
        finding(Severity::renew, "renew-late", "2026-12-12T00:00:00Z"),
        finding(Severity::unknown, "unknown"),
        finding(Severity::renew, "renew-b", "2026-12-11T12:00:00Z", "CN=b"),
        finding(Severity::expired, "expired"),
        finding(Severity::error, "error"),
        finding(Severity::renew, "renew-a2", "2026-12-11T12:00:00Z", "CN=a"),
        finding(Severity::renew, "renew-a1", "2026-12-11T12:00:00Z", "CN=a"),
        finding(Severity::notice, "notice"),
        finding(Severity::critical, "critical"),
        finding(Severity::warning, "warning"),
    });
    EXPECT_EQ(paths(report), (std::vector<std::string>{"error", "expired", "critical", "renew-a1", "renew-a2",
                                                       "renew-b", "renew-late", "warning", "unknown", "notice", "ok"}));
}

TEST(Report, OrderUsesAddressAttributeAndIndex)
{
    Finding leaf = finding(Severity::ok, "plan.json");
    leaf.source.address = "tls_cert.a";
    leaf.source.index = 0;
    Finding chain = leaf;
    chain.source.index = 1;
    Finding other = leaf;
    other.source.address = "tls_cert.b";
    const Report report = report_of({other, chain, leaf});
    EXPECT_EQ(report.findings[0].source.index, 0);
    EXPECT_EQ(report.findings[1].source.index, 1);
    EXPECT_EQ(report.findings[2].source.address, "tls_cert.b");
}

TEST(Report, CountsEverySeverity)
{
    const Report report = report_of({finding(Severity::renew, "a"), finding(Severity::renew, "b")});
    EXPECT_EQ(report.counts.size(), 8U);
    EXPECT_EQ(report.counts.at(Severity::renew), 2);
    EXPECT_EQ(report.counts.at(Severity::ok), 0);
    EXPECT_EQ(report.counts.at(Severity::error), 0);
    EXPECT_EQ(report.time_zone, "UTC");
    EXPECT_EQ(report.now, at("2026-11-30T09:00:00Z"));
}

TEST(Report, GateFailsAtOrAboveFailOn)
{
    EXPECT_TRUE(report_of({}).passed);
    EXPECT_TRUE(report_of({finding(Severity::warning, "a")}).passed);
    EXPECT_FALSE(report_of({finding(Severity::renew, "a")}).passed);
    EXPECT_FALSE(report_of({finding(Severity::expired, "a")}).passed);
    EXPECT_TRUE(report_of({finding(Severity::renew, "a")}, {Severity::critical, false, false}).passed);
    EXPECT_FALSE(report_of({finding(Severity::notice, "a")}, {Severity::notice, false, false}).passed);
    EXPECT_FALSE(report_of({finding(Severity::ok, "a")}, {Severity::ok, false, false}).passed);
}

TEST(Report, AnUnreadableInputMakesTheVerdictErrorWhateverTheFindings)
{
    Report passing = report_of({finding(Severity::ok, "a")});
    Report failing = report_of({finding(Severity::expired, "a")});
    EXPECT_EQ(gate_verdict(passing), GateVerdict::pass);
    EXPECT_EQ(gate_verdict(failing), GateVerdict::fail);
    passing.skipped.push_back({"certs/README", "not a certificate or Terraform JSON"});
    EXPECT_EQ(gate_verdict(passing), GateVerdict::pass); // skipped files are not errors
    for (Report* report : {&passing, &failing}) {
        report->input_errors.push_back(make_error(ErrorCode::input, "cannot read", "bad.pem"));
        EXPECT_EQ(gate_verdict(*report), GateVerdict::error);
    }
    EXPECT_EQ(to_string(GateVerdict::pass), "pass");
    EXPECT_EQ(to_string(GateVerdict::fail), "fail");
    EXPECT_EQ(to_string(GateVerdict::error), "error");
}

TEST(Report, UnknownPassesUnlessFailOnUnknown)
{
    EXPECT_TRUE(report_of({finding(Severity::unknown, "a")}).passed);
    EXPECT_TRUE(report_of({finding(Severity::unknown, "a")}, {Severity::ok, false, false}).passed);
    EXPECT_FALSE(report_of({finding(Severity::unknown, "a")}, {Severity::renew, true, false}).passed);
}

TEST(Report, ErrorFailsUnlessIgnored)
{
    EXPECT_FALSE(report_of({finding(Severity::error, "a")}).passed);
    EXPECT_FALSE(report_of({finding(Severity::error, "a")}, {Severity::expired, false, false}).passed);
    EXPECT_TRUE(report_of({finding(Severity::error, "a")}, {Severity::renew, false, true}).passed);
    EXPECT_FALSE(
        report_of({finding(Severity::error, "a"), finding(Severity::renew, "b")}, {Severity::renew, false, true})
            .passed);
}

TEST(Report, ActiveWaiversPassTheGateLapsedOnesDoNot)
{
    Finding waived = finding(Severity::expired, "a");
    waived.waiver = WaiverMatch{"accepted", on("2026-12-31"), true};
    EXPECT_TRUE(fails_gate(finding(Severity::expired, "a"), {}));
    EXPECT_FALSE(fails_gate(waived, {}));
    EXPECT_TRUE(report_of({waived}).passed);
    EXPECT_EQ(report_of({waived}).counts.at(Severity::expired), 1);
    Finding lapsed = waived;
    lapsed.waiver->active = false;
    EXPECT_FALSE(lapsed.waived());
    EXPECT_FALSE(report_of({lapsed}).passed);
    Finding waived_error = finding(Severity::error, "x");
    waived_error.waiver = WaiverMatch{"known outage", on("2026-12-31"), true};
    EXPECT_TRUE(report_of({waived_error}).passed);
}

} // namespace
} // namespace certgate
