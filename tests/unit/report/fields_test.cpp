#include "certgate/report/fields.hpp"
#include "report_fixture.hpp"

#include "certgate/core/sha256.hpp"

#include <gtest/gtest.h>
#include <set>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;

const Finding& find(const Report& report, std::string_view name)
{
    for (const Finding& finding : report.findings) {
        if (finding.certificate && finding.certificate->common_name == name) {
            return finding;
        }
    }
    ADD_FAILURE() << "no finding named " << name;
    return report.findings.front();
}

TEST(ValidUtf8, KeepsValidTextAndReplacesTheRest)
{
    EXPECT_EQ(valid_utf8("plain ascii"), "plain ascii");
    EXPECT_EQ(valid_utf8("\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x94\x92"), "\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x94\x92");
    EXPECT_EQ(valid_utf8("a\xff"
                         "b"),
              "a\xef\xbf\xbd"
              "b");
    EXPECT_EQ(valid_utf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");                 // overlong '/'
    EXPECT_EQ(valid_utf8("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); // surrogate
    EXPECT_EQ(valid_utf8("\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");                 // truncated
    EXPECT_EQ(valid_utf8("\xf4\x90\x80\x80").substr(0, 3), "\xef\xbf\xbd");        // past U+10FFFF
}

TEST(SourceLabel, NamesEveryPartThatApplies)
{
    EXPECT_EQ(source_label(fixture::file_source("certs/a.pem", 2)), "certs/a.pem #2");
    EXPECT_EQ(source_label(fixture::terraform_source(SourceKind::plan, "plan.json", "aws_acm_certificate.web",
                                                     "certificate_body")),
              "plan.json aws_acm_certificate.web (certificate_body) #0");
    EXPECT_EQ(source_label(fixture::host_source("example.com:443")), "example.com:443 #0");
    Source odd;
    odd.kind = SourceKind::api;
    odd.path = "huaweicloud:ap-southeast-1";
    odd.host = "scm.example.com:443";
    EXPECT_EQ(source_label(odd), "huaweicloud:ap-southeast-1 host scm.example.com:443");
}

TEST(DescribeFinding, OneSentencePerKind)
{
    const Report report = fixture::fixed_report();
    EXPECT_EQ(describe_finding(find(report, "web.example.com")),
              "renew: web.example.com expires on 2026-12-11 (11 days, 9 working days left), renew by 2026-12-08");
    EXPECT_EQ(describe_finding(find(report, "old.example.com")),
              "expired: old.example.com expired on 2026-11-20 (10 days ago)");
    EXPECT_EQ(describe_finding(find(report, "legacy.example.com")),
              "expired: legacy.example.com expired on 2026-11-25 (5 days ago); waived until 2026-12-31: "
              "decommissioned in OPS-1234");
    EXPECT_EQ(describe_finding(find(report, "intranet.example.com")),
              "renew: intranet.example.com expires on 2026-12-09 (9 days, 7 working days left), renew by "
              "2026-12-04; waiver lapsed after 2026-11-15: migration pending");
    EXPECT_EQ(describe_finding(report.findings.front()),
              "error: connect to \"down.example.com:443\": connection refused");
    Finding unknown;
    unknown.severity = Severity::unknown;
    EXPECT_EQ(describe_finding(unknown), "unknown: value known only after apply");
}

TEST(DescribeFinding, ExpiringTodayAndExpiredToday)
{
    Finding today = fixture::certificate_finding(
        fixture::certificate("today.example.com", "2026-09-01T00:00:00Z", "2026-11-30T23:00:00Z"),
        fixture::file_source("a.pem", 0));
    EXPECT_EQ(describe_finding(today),
              "critical: today.example.com expires on 2026-11-30 (0 days, 0 working days left), renew by 2026-11-25");
    Finding gone = fixture::certificate_finding(
        fixture::certificate("gone.example.com", "2026-09-01T00:00:00Z", "2026-11-30T08:59:59Z"),
        fixture::file_source("a.pem", 0));
    EXPECT_EQ(describe_finding(gone), "expired: gone.example.com expired on 2026-11-30 (today)");
}

TEST(Redact, HidesEveryIdentityValueOfASensitiveFinding)
{
    const Report report = fixture::fixed_report();
    const Finding* sensitive = nullptr;
    for (const Finding& finding : report.findings) {
        if (finding.sensitive) {
            sensitive = &finding;
        }
    }
    ASSERT_NE(sensitive, nullptr);
    EXPECT_EQ(redact(*sensitive, "cn " + fixture::k_secret_common_name + " subject " + fixture::k_secret_subject +
                                     " serial " + fixture::k_secret_serial + " san DNS:" + fixture::k_secret_san),
              "cn (sensitive) subject (sensitive) serial (sensitive) san (sensitive)");
    EXPECT_EQ(redact(*sensitive, "nothing secret"), "nothing secret");
    EXPECT_EQ(redact(find(report, "web.example.com"), "web.example.com stays"), "web.example.com stays");
    EXPECT_EQ(finding_name(*sensitive), "(sensitive)");
    EXPECT_EQ(finding_sans(*sensitive), "");
}

TEST(FindingKey, StableDistinctAndBlindToSensitiveValues)
{
    const Report first = fixture::fixed_report();
    const Report second = fixture::fixed_report();
    std::set<std::string> keys;
    for (std::size_t i = 0; i < first.findings.size(); ++i) {
        const std::string key = finding_key(first.findings[i]);
        EXPECT_EQ(key, finding_key(second.findings[i]));
        EXPECT_EQ(key.size(), 64U);
        keys.insert(key);
    }
    EXPECT_EQ(keys.size(), first.findings.size());

    Finding renewed = find(first, "web.example.com");
    const std::string before = finding_key(renewed);
    renewed.certificate->fingerprint_sha256 = sha256_hex("renewed");
    EXPECT_NE(finding_key(renewed), before) << "a renewed certificate is a new finding";
    renewed.sensitive = true;
    const std::string hidden = finding_key(renewed);
    renewed.certificate->fingerprint_sha256 = sha256_hex("other");
    EXPECT_EQ(finding_key(renewed), hidden) << "a sensitive fingerprint must not shape the key";
}

TEST(FindingJson, WorkedExampleOfTheSpec)
{
    const Report report = fixture::fixed_report();
    const auto json = finding_json(find(report, "web.example.com"), report.gate);
    EXPECT_EQ(json["severity"], "renew");
    EXPECT_EQ(json["source"]["kind"], "plan");
    EXPECT_EQ(json["source"]["address"], "module.edge.aws_acm_certificate.web[\"eu\"]");
    EXPECT_EQ(json["source"]["attribute"], "certificate_body");
    EXPECT_EQ(json["source"]["index"], 0);
    EXPECT_TRUE(json["source"]["host"].is_null());
    EXPECT_EQ(json["not_after"], "2026-12-11T12:00:00Z");
    EXPECT_EQ(json["not_before"], "2026-09-12T12:00:00Z");
    EXPECT_EQ(json["expired"], false);
    EXPECT_EQ(json["days_remaining"], 11);
    EXPECT_EQ(json["working_days_remaining"], 9);
    EXPECT_EQ(json["in_renewal_window"], true);
    EXPECT_EQ(json["renewal_window_start"], "2026-11-27");
    EXPECT_EQ(json["renew_by"], "2026-12-08");
    EXPECT_EQ(json["last_milestone"], "1mo");
    EXPECT_EQ(json["last_milestone_date"], "2026-11-11");
    EXPECT_EQ(json["next_milestone"], "1w");
    EXPECT_EQ(json["next_milestone_date"], "2026-12-04");
    EXPECT_EQ(json["waived"], false);
    EXPECT_TRUE(json["waiver"].is_null());
    EXPECT_EQ(json["fails_gate"], true);
    EXPECT_TRUE(json["message"].is_null());
}

TEST(CountsPhrase, TotalsThenNonZeroCountsWorstFirst)
{
    EXPECT_EQ(counts_phrase(fixture::fixed_report()),
              "12 findings, 1 error, 2 expired, 1 critical, 3 renew, 2 warning, 1 unknown, 1 notice, 1 ok, 1 waived");
    EXPECT_EQ(counts_phrase(fixture::empty_report()), "0 findings");
    EXPECT_EQ(count_of(1, "day", "days"), "1 day");
    EXPECT_EQ(count_of(-1, "day", "days"), "-1 day");
    EXPECT_EQ(count_of(0, "day", "days"), "0 days");
}

} // namespace
} // namespace certgate::report
