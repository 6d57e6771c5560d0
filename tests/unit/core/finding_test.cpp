#include "certgate/core/finding.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::at;
using testing::on;

TEST(Finding, SourceKindNames)
{
    EXPECT_EQ(to_string(SourceKind::file), "file");
    EXPECT_EQ(to_string(SourceKind::plan), "plan");
    EXPECT_EQ(to_string(SourceKind::state), "state");
    EXPECT_EQ(to_string(SourceKind::host), "host");
    EXPECT_EQ(to_string(SourceKind::api), "api");
}

TEST(Finding, AssessFillsTheEvaluation)
{
    Finding finding;
    CertificateInfo certificate;
    certificate.not_after = at("2026-12-11T12:00:00Z");
    finding.certificate = certificate;
    assess(finding, Policy{}, at("2026-11-30T09:00:00Z"));
    ASSERT_TRUE(finding.evaluation);
    EXPECT_EQ(finding.severity, Severity::renew);
    EXPECT_EQ(finding.evaluation->renew_by, on("2026-12-08"));
}

TEST(Finding, AssessLeavesUnknownAndErrorFindingsAlone)
{
    Finding unknown;
    unknown.severity = Severity::unknown;
    unknown.message = "known after apply";
    assess(unknown, Policy{}, at("2026-11-30T09:00:00Z"));
    EXPECT_EQ(unknown.severity, Severity::unknown);
    EXPECT_FALSE(unknown.evaluation);

    Finding error;
    error.severity = Severity::error;
    CertificateInfo certificate;
    certificate.not_after = at("2020-01-01T00:00:00Z");
    error.certificate = certificate;
    assess(error, Policy{}, at("2026-11-30T09:00:00Z"));
    EXPECT_EQ(error.severity, Severity::error);
    EXPECT_FALSE(error.evaluation);
}

TEST(Finding, NotAfterOrdersWithinASeverity)
{
    Finding early;
    early.severity = Severity::renew;
    early.certificate = CertificateInfo{};
    early.certificate->not_after = at("2026-12-01T00:00:00Z");
    Finding late = early;
    late.certificate->not_after = at("2026-12-02T00:00:00Z");
    EXPECT_TRUE(report_order(early, late));
    EXPECT_FALSE(report_order(late, early));
    EXPECT_FALSE(report_order(early, early));
}

} // namespace
} // namespace certgate
