#include "certgate/core/waiver.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::at;
using testing::on;

Finding finding_for(const std::string& subject, const std::string& common_name, const std::string& fingerprint,
                    std::optional<std::string> address = std::nullopt)
{
    Finding finding;
    CertificateInfo certificate;
    certificate.subject = subject;
    certificate.common_name = common_name;
    certificate.fingerprint_sha256 = fingerprint;
    certificate.not_after = at("2026-12-11T12:00:00Z");
    finding.certificate = certificate;
    finding.source.address = std::move(address);
    return finding;
}

Waiver waiver_by(std::optional<std::string> fingerprint, std::optional<std::string> address,
                 std::optional<std::string> subject, const std::string& reason, const std::string& until)
{
    return Waiver{std::move(fingerprint), std::move(address), std::move(subject), reason, on(until)};
}

const std::string k_fingerprint(64, 'a');

TEST(Waiver, MatchesByFingerprintAddressOrSubject)
{
    const Finding finding = finding_for("CN=web.example.com,O=Example", "web.example.com", k_fingerprint,
                                        "module.web.tls_self_signed_cert.this");
    const Date today = on("2026-12-01");
    EXPECT_EQ(match_waiver(finding, {waiver_by(k_fingerprint, {}, {}, "fp", "2026-12-31")}, today)->reason, "fp");
    EXPECT_EQ(
        match_waiver(finding, {waiver_by({}, "module.web.tls_self_signed_cert.this", {}, "addr", "2026-12-31")}, today)
            ->reason,
        "addr");
    EXPECT_EQ(
        match_waiver(finding, {waiver_by({}, {}, "CN=web.example.com,O=Example", "subj", "2026-12-31")}, today)->reason,
        "subj");
    EXPECT_EQ(match_waiver(finding, {waiver_by({}, {}, "web.example.com", "cn", "2026-12-31")}, today)->reason, "cn");
    EXPECT_FALSE(match_waiver(finding,
                              {waiver_by(std::string(64, 'b'), {}, {}, "x", "2026-12-31"),
                               waiver_by({}, "module.other", {}, "x", "2026-12-31"),
                               waiver_by({}, {}, "example.com", "x", "2026-12-31")},
                              today));
}

TEST(Waiver, ActiveThroughItsEndDateThenLapsed)
{
    const Finding finding = finding_for("CN=a", "a", k_fingerprint);
    const std::vector<Waiver> waivers{waiver_by(k_fingerprint, {}, {}, "known", "2026-12-15")};
    const auto last_day = match_waiver(finding, waivers, on("2026-12-15"));
    ASSERT_TRUE(last_day);
    EXPECT_TRUE(last_day->active);
    EXPECT_EQ(last_day->until, on("2026-12-15"));
    const auto lapsed = match_waiver(finding, waivers, on("2026-12-16"));
    ASSERT_TRUE(lapsed);
    EXPECT_FALSE(lapsed->active);
    EXPECT_EQ(lapsed->reason, "known");
}

TEST(Waiver, AnActiveWaiverWinsOverALapsedOne)
{
    const Finding finding = finding_for("CN=a", "a", k_fingerprint);
    const auto match = match_waiver(
        finding, {waiver_by(k_fingerprint, {}, {}, "old", "2026-01-01"), waiver_by({}, {}, "a", "new", "2027-01-01")},
        on("2026-12-01"));
    ASSERT_TRUE(match);
    EXPECT_TRUE(match->active);
    EXPECT_EQ(match->reason, "new");
}

TEST(Waiver, FindingsWithoutACertificateMatchOnlyByAddress)
{
    Finding unknown;
    unknown.severity = Severity::unknown;
    unknown.source.address = "aws_acm_certificate.web";
    EXPECT_TRUE(
        match_waiver(unknown, {waiver_by({}, "aws_acm_certificate.web", {}, "r", "2027-01-01")}, on("2026-12-01")));
    EXPECT_FALSE(match_waiver(unknown, {waiver_by({}, {}, "", "r", "2027-01-01")}, on("2026-12-01")));
}

} // namespace
} // namespace certgate
