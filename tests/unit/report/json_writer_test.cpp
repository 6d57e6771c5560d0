#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"
#include "report_fixture.hpp"
#include "support/finding_fields.hpp"
#include "support/process.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace certgate::report {
namespace {

namespace fixture = testing::report_fixture;

std::string report_schema()
{
    return testing::source_path("schemas/report.schema.json");
}

// render_json writes findings as text without building JSON values; the bytes
// must be exactly those of dumping the whole document as one JSON value.
std::string dumped_whole(const Report& report)
{
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const Finding& finding : report.findings) {
        findings.push_back(finding_json(finding, report.gate));
    }
    return dump_json(report_json(report, std::move(findings)));
}

TEST(JsonWriter, BytesAreThoseOfDumpingTheWholeDocument)
{
    for (const Report& report :
         {fixture::fixed_report(), fixture::empty_report(), fixture::hostile_report(), fixture::undecided_report()}) {
        EXPECT_EQ(render_json(report), dumped_whole(report));
    }
    // Every byte value in every string field, names given twice in details,
    // no SANs, and non-ASCII text valid and invalid.
    std::string every_byte;
    for (int byte = 1; byte < 256; ++byte) {
        every_byte += static_cast<char>(byte);
    }
    CertificateInfo info = fixture::certificate("bytes.example.com", "2026-09-01T00:00:00Z", "2026-12-03T00:00:00Z");
    info.subject = "CN=M\xc3\xbcller \xe2\x82\xac " + every_byte;
    info.issuer = every_byte;
    info.serial = "\"\\\"";
    info.sans.clear();
    Finding finding = fixture::certificate_finding(info, fixture::file_source(every_byte, 3));
    finding.message = "\xf0\x9f\x94\x92 and \xed\xa0\x80 and \xc0\xaf and \xe2\x82";
    finding.details = {{"a", "1"}, {every_byte, every_byte}, {"a", "2"}, {"", ""}};
    Finding sensitive = finding;
    sensitive.sensitive = true;
    Finding empty;
    empty.severity = Severity::unknown;
    const Report report = make_report({finding, sensitive, empty}, GateOptions{}, fixture::fixed_now(), "UTC");
    EXPECT_EQ(render_json(report), dumped_whole(report));
    // An input named like the placeholder the findings array is put in for.
    Report placeholders = report;
    placeholders.input_errors.push_back(
        make_error(ErrorCode::input, "\"findings\": \"@certgate-items@\"", "@certgate-items@"));
    placeholders.skipped.push_back({"@certgate-items@", "findings\": \"@certgate-items@"});
    EXPECT_EQ(render_json(placeholders), dumped_whole(placeholders));
    const auto parsed = nlohmann::json::parse(render_json(report));
    EXPECT_EQ(parsed["findings"][0]["details"]["a"], "2");
    EXPECT_EQ(parsed["findings"][0]["sans"], nlohmann::json::array());
}

// The writer copies plain text eight bytes at a time and looks at single
// bytes only where a word holds a control byte, DEL, non-ASCII, a quote or a
// backslash: every byte value at every place of the first words of a value
// and of a details name, in strings of several lengths.
TEST(JsonWriter, EveryByteAtEveryPlaceOfAWordIsWrittenAsDumpingDoes)
{
    const CertificateInfo info =
        fixture::certificate("words.example.com", "2026-09-01T00:00:00Z", "2026-12-03T00:00:00Z");
    std::vector<Finding> findings;
    for (int byte = 0; byte < 256; ++byte) {
        for (std::size_t length : {1U, 9U, 17U}) {
            for (std::size_t place = 0; place < length; ++place) {
                std::string text(length, 'a');
                text[place] = static_cast<char>(byte);
                CertificateInfo certificate = info;
                certificate.serial = text;
                Finding finding = fixture::certificate_finding(certificate, fixture::file_source(text, 0));
                finding.details = {{text, text}};
                findings.push_back(std::move(finding));
            }
        }
    }
    const Report report = make_report(std::move(findings), GateOptions{}, fixture::fixed_now(), "UTC");
    const std::string written = render_json(report);
    const std::string dumped = dumped_whole(report);
    const auto differ = std::mismatch(written.begin(), written.end(), dumped.begin(), dumped.end());
    const auto at = static_cast<std::size_t>(differ.first - written.begin());
    EXPECT_TRUE(written == dumped) << "first difference at byte " << at << ": written \""
                                   << written.substr(at > 40 ? at - 40 : 0, 80) << "\", dumped \""
                                   << dumped.substr(at > 40 ? at - 40 : 0, 80) << "\"";
}

TEST(JsonWriter, ValidAgainstTheReportSchema)
{
    EXPECT_EQ(testing::schema_errors(report_schema(), render_json(fixture::fixed_report())), "");
    EXPECT_EQ(testing::schema_errors(report_schema(), render_json(fixture::empty_report())), "");
    EXPECT_EQ(testing::schema_errors(report_schema(), render_json(fixture::hostile_report())), "");
    EXPECT_EQ(testing::schema_errors(report_schema(), render_json(fixture::undecided_report())), "");
}

TEST(JsonWriter, UnreadableInputsMakeTheGateErrorAndAreListed)
{
    const auto json = nlohmann::json::parse(render_json(fixture::undecided_report()));
    EXPECT_EQ(json["summary"]["gate"], "error");
    EXPECT_EQ(json["summary"]["input_errors"], 2);
    EXPECT_EQ(json["summary"]["skipped"], 2);
    ASSERT_EQ(json["errors"].size(), 2U);
    EXPECT_EQ(json["errors"][0]["input"], "certs/broken.pem");
    EXPECT_EQ(json["errors"][0]["message"], "no certificate found in the input, expected a PEM \"CERTIFICATE\" block");
    EXPECT_EQ(json["skipped"][0]["path"], "certs/java/cacerts");
    EXPECT_EQ(json["skipped"][0]["reason"], "not a certificate or Terraform JSON");

    // A report without errors says so with empty lists, and pass/fail as the findings decide.
    const auto clean = nlohmann::json::parse(render_json(fixture::empty_report()));
    EXPECT_EQ(clean["summary"]["gate"], "pass");
    EXPECT_EQ(clean["errors"], nlohmann::json::array());
    EXPECT_EQ(clean["skipped"], nlohmann::json::array());
}

TEST(JsonWriter, SchemaRejectsAnErrorWithoutItsInput)
{
    auto json = nlohmann::json::parse(render_json(fixture::undecided_report()));
    json["errors"][0].erase("input");
    const std::string errors = testing::schema_errors(report_schema(), json.dump());
    EXPECT_NE(errors.find("'input' is a required property"), std::string::npos) << errors;
}

TEST(JsonWriter, SchemaRejectsAReportMissingAField)
{
    // The schema must be able to fail: a report without `findings[0].renew_by` is refused.
    auto json = nlohmann::json::parse(render_json(fixture::fixed_report()));
    json["findings"][1].erase("renew_by");
    json["summary"]["gate"] = "maybe";
    const std::string errors = testing::schema_errors(report_schema(), json.dump());
    EXPECT_NE(errors.find("'renew_by' is a required property"), std::string::npos) << errors;
    EXPECT_NE(errors.find("'maybe' is not one of ['pass', 'fail', 'error']"), std::string::npos) << errors;
}

TEST(JsonWriter, SummaryHoldsTheGateAndEveryCount)
{
    const auto json = nlohmann::json::parse(render_json(fixture::fixed_report()));
    const auto& summary = json["summary"];
    EXPECT_EQ(summary["gate"], "fail");
    EXPECT_EQ(summary["fail_on"], "renew");
    EXPECT_EQ(summary["now"], "2026-11-30T09:00:00Z");
    EXPECT_EQ(summary["timezone"], "UTC");
    EXPECT_EQ(summary["total"], 12);
    EXPECT_EQ(summary["failing"], 6);
    EXPECT_EQ(summary["waived"], 1);
    EXPECT_EQ(summary["counts"], nlohmann::json::parse(R"({"ok":1,"notice":1,"warning":2,"renew":3,"critical":1,
        "expired":2,"unknown":1,"error":1})"));
}

TEST(JsonWriter, FindingsWorstFirstWithEverySpecField)
{
    const auto json = nlohmann::json::parse(render_json(fixture::fixed_report()));
    std::vector<std::string> severities;
    for (const auto& finding : json["findings"]) {
        severities.push_back(finding["severity"]);
        for (const std::string_view field : testing::k_spec_finding_fields) {
            EXPECT_TRUE(finding.contains(field)) << field;
        }
        for (const char* field : {"message", "details"}) {
            EXPECT_TRUE(finding.contains(field)) << field;
        }
        for (const char* field : {"kind", "path", "address", "attribute", "index", "host"}) {
            EXPECT_TRUE(finding["source"].contains(field)) << field;
        }
    }
    EXPECT_EQ(severities, (std::vector<std::string>{"error", "expired", "expired", "critical", "renew", "renew",
                                                    "renew", "warning", "warning", "unknown", "notice", "ok"}));
}

TEST(JsonWriter, UnknownErrorWaivedAndLapsed)
{
    const auto json = nlohmann::json::parse(render_json(fixture::fixed_report()));
    const auto& findings = json["findings"];
    const auto& error = findings[0];
    EXPECT_EQ(error["message"], "connect to \"down.example.com:443\": connection refused");
    EXPECT_TRUE(error["not_after"].is_null());
    EXPECT_TRUE(error["days_remaining"].is_null());
    EXPECT_EQ(error["source"]["kind"], "host");
    EXPECT_EQ(error["source"]["host"], "down.example.com:443");

    const auto& waived = findings[2];
    EXPECT_EQ(waived["name"], "legacy.example.com");
    EXPECT_EQ(waived["waived"], true);
    EXPECT_EQ(waived["waiver"], nlohmann::json::parse(R"({"reason":"decommissioned in OPS-1234",
        "until":"2026-12-31","active":true})"));
    EXPECT_EQ(waived["fails_gate"], false);

    const auto& lapsed = findings[4];
    EXPECT_EQ(lapsed["name"], "intranet.example.com");
    EXPECT_EQ(lapsed["waived"], false);
    EXPECT_EQ(lapsed["waiver"]["active"], false);
    EXPECT_EQ(lapsed["fails_gate"], true);

    const auto& unknown = findings[9];
    EXPECT_EQ(unknown["severity"], "unknown");
    EXPECT_EQ(unknown["message"], "known only after apply");
    EXPECT_EQ(unknown["fails_gate"], false);
    EXPECT_TRUE(unknown["source"]["index"].is_null());
}

TEST(JsonWriter, SensitiveFindingHasNoIdentity)
{
    const auto json = nlohmann::json::parse(render_json(fixture::fixed_report()));
    const auto& sensitive = json["findings"][5];
    ASSERT_EQ(sensitive["sensitive"], true);
    for (const char* field : {"name", "subject", "sans", "issuer", "serial", "fingerprint_sha256"}) {
        EXPECT_TRUE(sensitive[field].is_null()) << field;
    }
    EXPECT_EQ(sensitive["not_after"], "2026-12-10T00:00:00Z") << "validity is evaluated and printed";
    EXPECT_EQ(sensitive["severity"], "renew");
    EXPECT_EQ(sensitive["message"], "served as (sensitive) by (sensitive)");
    EXPECT_EQ(sensitive["details"]["name_match"], "(sensitive) matched");
}

TEST(JsonWriter, InvalidUtf8IsReplacedNotThrown)
{
    const std::string out = render_json(fixture::hostile_report());
    const auto json = nlohmann::json::parse(out);
    const std::string message = json["findings"][0]["message"];
    EXPECT_EQ(message.substr(message.size() - 3), "\xef\xbf\xbd");
    EXPECT_EQ(json["summary"]["timezone"], "Asia/Shanghai");
}

TEST(JsonWriter, AFixedTimeZoneIsReported)
{
    const Report report = make_report({}, GateOptions{Severity::critical, true, true}, fixture::fixed_now(), "+08:00");
    const auto json = nlohmann::json::parse(render_json(report));
    EXPECT_EQ(json["summary"]["timezone"], "+08:00");
    EXPECT_EQ(json["summary"]["fail_on"], "critical");
    EXPECT_EQ(json["summary"]["fail_on_unknown"], true);
    EXPECT_EQ(json["summary"]["ignore_errors"], true);
    EXPECT_EQ(json["findings"], nlohmann::json::array());
}

} // namespace
} // namespace certgate::report
