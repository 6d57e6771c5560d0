#include "certgate/adapters/config/policy_file.hpp"

#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate::config {
namespace {

using testing::on;
using testing::TempDir;

std::string error_of(const Result<LoadedPolicy>& result)
{
    return result ? std::string("no error") : result.error().describe();
}

std::string parse_error(const std::string& text)
{
    return error_of(parse_policy_json(text, "policy.json"));
}

TEST(PolicyFile, EmptyObjectGivesTheDefaults)
{
    const auto loaded = parse_policy_json("{}", "policy.json");
    ASSERT_TRUE(loaded) << loaded.error().describe();
    const Policy defaults;
    EXPECT_EQ(loaded->policy.milestones, defaults.milestones);
    EXPECT_EQ(loaded->policy.console_reminder_days, 30);
    EXPECT_EQ(loaded->policy.renewal_window_working_days, 10);
    EXPECT_EQ(loaded->policy.minimum_lead_working_days, 3);
    EXPECT_EQ(loaded->policy.time_zone->name(), "UTC");
    EXPECT_EQ(loaded->policy.calendar.weekend, defaults.calendar.weekend);
    EXPECT_EQ(loaded->policy.fail_on, Severity::renew);
    EXPECT_FALSE(loaded->policy.renew_after_lifetime_percent);
    EXPECT_TRUE(loaded->waivers.empty());
}

TEST(PolicyFile, EverySettingIsRead)
{
    const auto loaded = parse_policy_json(R"({
        "$schema": "policy.schema.json",
        "milestones": ["1mo", "2w", "0d"],
        "console_reminder_days": 45,
        "renewal_window_working_days": 15,
        "minimum_lead_working_days": 5,
        "timezone": "Asia/Shanghai",
        "weekend": ["fri", "sat", "sun"],
        "holidays": ["2026-10-01", "2026-10-02"],
        "extra_working_days": ["2026-10-10"],
        "fail_on": "critical",
        "renew_after_lifetime_percent": 66.5,
        "waivers": [
          {"fingerprint_sha256": "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
           "reason": "known", "until": "2027-01-31"},
          {"address": "module.a.tls_self_signed_cert.b[\"x\"]", "reason": "test only", "until": "2026-12-31"},
          {"subject": "legacy.example.com", "reason": "retired", "until": "2026-12-01"}
        ]
    })",
                                          "policy.json");
    ASSERT_TRUE(loaded) << loaded.error().describe();
    const Policy& policy = loaded->policy;
    EXPECT_EQ(policy.milestones, (std::vector<Milestone>{
                                     {1, MilestoneUnit::months}, {2, MilestoneUnit::weeks}, {0, MilestoneUnit::days}}));
    EXPECT_EQ(policy.console_reminder_days, 45);
    EXPECT_EQ(policy.renewal_window_working_days, 15);
    EXPECT_EQ(policy.minimum_lead_working_days, 5);
    EXPECT_EQ(policy.time_zone->name(), "Asia/Shanghai");
    EXPECT_EQ(policy.calendar.weekend, (std::array<bool, 7>{true, false, false, false, false, true, true}));
    EXPECT_EQ(policy.calendar.holidays, (std::set<Date>{on("2026-10-01"), on("2026-10-02")}));
    EXPECT_EQ(policy.calendar.extra_working_days, std::set<Date>{on("2026-10-10")});
    EXPECT_EQ(policy.fail_on, Severity::critical);
    EXPECT_EQ(policy.renew_after_lifetime_percent, 66.5);
    ASSERT_EQ(loaded->waivers.size(), 3U);
    EXPECT_EQ(loaded->waivers[0].fingerprint_sha256,
              "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
    EXPECT_EQ(loaded->waivers[0].reason, "known");
    EXPECT_EQ(loaded->waivers[0].until, on("2027-01-31"));
    EXPECT_EQ(loaded->waivers[1].address, "module.a.tls_self_signed_cert.b[\"x\"]");
    EXPECT_FALSE(loaded->waivers[1].fingerprint_sha256);
    EXPECT_EQ(loaded->waivers[2].subject, "legacy.example.com");
}

TEST(PolicyFile, EmptyListsAreAllowed)
{
    const auto loaded = parse_policy_json(R"({"milestones": [], "weekend": [], "holidays": [], "waivers": []})", "p");
    ASSERT_TRUE(loaded) << loaded.error().describe();
    EXPECT_TRUE(loaded->policy.milestones.empty());
    EXPECT_EQ(loaded->policy.calendar.weekend, (std::array<bool, 7>{}));
}

TEST(PolicyFile, InvalidValuesNameTheFieldAsAJsonPointer)
{
    EXPECT_EQ(
        parse_error(R"({"milestones": ["2mo", "1w", "3x"]})"),
        "policy.json: /milestones/2: invalid milestone \"3x\": expected a count and a unit such as 2mo, 1w or 3d");
    EXPECT_EQ(parse_error(R"({"milestones": ["1w", "1w"]})"),
              "policy.json: /milestones/1: milestone \"1w\" is listed twice");
    EXPECT_EQ(parse_error(R"({"milestones": ["121mo"]})"),
              "policy.json: /milestones/0: invalid milestone \"121mo\": at most 120 of that unit");
    EXPECT_EQ(parse_error(R"({"weekend": ["sat", "Sunday"]})"),
              "policy.json: /weekend/1: invalid weekday, expected one of: mon, tue, wed, thu, fri, sat, sun");
    EXPECT_EQ(parse_error(R"({"weekend": ["sat", "sat"]})"),
              "policy.json: /weekend/1: weekday \"sat\" is listed twice");
    EXPECT_EQ(parse_error(R"({"holidays": ["2026-10-01", "2026-02-30"]})"),
              "policy.json: /holidays/1: invalid date, no such day in the calendar");
    EXPECT_EQ(parse_error(R"({"holidays": ["2026-10-01", "2026-10-01"]})"),
              "policy.json: /holidays/1: date \"2026-10-01\" is listed twice");
    EXPECT_EQ(parse_error(R"({"extra_working_days": ["10/10/2026"]})"),
              "policy.json: /extra_working_days/0: invalid date, expected YYYY-MM-DD");
    EXPECT_EQ(parse_error(R"({"timezone": "Mars/Olympus"})"),
              "policy.json: /timezone: unknown time zone \"Mars/Olympus\", expected UTC, an offset such as +08:00, or "
              "an IANA name such as Asia/Shanghai");
    EXPECT_EQ(parse_error(R"({"timezone": "+25:00"})"),
              "policy.json: /timezone: invalid time zone \"+25:00\", expected UTC, an offset such as +08:00, or an "
              "IANA name such as Asia/Shanghai");
    EXPECT_EQ(parse_error(R"({"fail_on": "error"})"),
              "policy.json: /fail_on: invalid severity \"error\", expected one of: ok, notice, warning, renew, "
              "critical, expired");
    EXPECT_EQ(parse_error(R"({"console_reminder_days": -1})"),
              "policy.json: /console_reminder_days: must be between 0 and 36500, got -1");
    EXPECT_EQ(parse_error(R"({"console_reminder_days": 36501})"),
              "policy.json: /console_reminder_days: expected a whole number from 0 to 36500, got 36501");
    EXPECT_EQ(parse_error(R"({"renewal_window_working_days": 1.5})"),
              "policy.json: /renewal_window_working_days: expected a whole number from 0 to 36500, got 1.5");
    EXPECT_EQ(parse_error(R"({"renew_after_lifetime_percent": 100})"),
              "policy.json: /renew_after_lifetime_percent: must be greater than 0 and less than 100, got 100");
    EXPECT_EQ(parse_error(R"({"renew_after_lifetime_percent": 0})"),
              "policy.json: /renew_after_lifetime_percent: must be greater than 0 and less than 100, got 0");
}

TEST(PolicyFile, WrongTypes)
{
    EXPECT_EQ(parse_error(R"({"milestones": "2mo,1mo"})"),
              "policy.json: /milestones: expected an array of strings, got a string");
    EXPECT_EQ(parse_error(R"({"milestones": ["2mo", 7]})"), "policy.json: /milestones/1: expected a string, got 7");
    EXPECT_EQ(parse_error(R"({"console_reminder_days": "30"})"),
              "policy.json: /console_reminder_days: expected a whole number from 0 to 36500, got a string");
    EXPECT_EQ(parse_error(R"({"minimum_lead_working_days": true})"),
              "policy.json: /minimum_lead_working_days: expected a whole number from 0 to 36500, got true");
    EXPECT_EQ(parse_error(R"({"timezone": null})"), "policy.json: /timezone: expected a string, got null");
    EXPECT_EQ(parse_error(R"({"renew_after_lifetime_percent": "66"})"),
              "policy.json: /renew_after_lifetime_percent: expected a number greater than 0 and less than 100, got a "
              "string");
    EXPECT_EQ(parse_error(R"({"holidays_file": 3})"),
              "policy.json: /holidays_file: expected a path or an array of paths, got 3");
    EXPECT_EQ(parse_error(R"({"waivers": {}})"), "policy.json: /waivers: expected an array of waivers, got an object");
    EXPECT_EQ(parse_error("[]"), "policy.json: expected a JSON object of policy settings, got an array");
    EXPECT_EQ(parse_error("\"x\""), "policy.json: expected a JSON object of policy settings, got a string");
}

TEST(PolicyFile, UnknownFieldsAreErrors)
{
    EXPECT_EQ(parse_error(R"({"milestone": ["2mo"]})"),
              "policy.json: /milestone: unknown setting, expected one of: $schema, milestones, "
              "console_reminder_days, renewal_window_working_days, minimum_lead_working_days, timezone, weekend, "
              "holidays, holidays_file, extra_working_days, extra_working_days_file, fail_on, "
              "renew_after_lifetime_percent, waivers");
    EXPECT_EQ(parse_error(R"({"a/b~c": 1})").substr(0, 38), "policy.json: /a~1b~0c: unknown setting");
    EXPECT_EQ(parse_error(R"({"waivers": [{"subject": "x", "reason": "r", "until": "2026-12-01", "note": "n"}]})"),
              "policy.json: /waivers/0/note: unknown waiver field, expected one of: fingerprint_sha256, "
              "address, subject, reason, until");
}

TEST(PolicyFile, InvalidWaivers)
{
    EXPECT_EQ(parse_error(R"({"waivers": [{"reason": "r", "until": "2026-12-01"}]})"),
              "policy.json: /waivers/0: no match field: give exactly one of fingerprint_sha256, address or subject");
    EXPECT_EQ(parse_error(R"({"waivers": [{"subject": "a", "address": "b", "reason": "r", "until": "2026-12-01"}]})"),
              "policy.json: /waivers/0: more than one match field: give exactly one of fingerprint_sha256, address "
              "or subject");
    EXPECT_EQ(parse_error(R"({"waivers": [{"subject": "a", "until": "2026-12-01"}]})"),
              "policy.json: /waivers/0: missing \"reason\": every waiver says why it is accepted");
    EXPECT_EQ(parse_error(R"({"waivers": [{"subject": "a", "reason": "r"}]})"),
              "policy.json: /waivers/0: missing \"until\": expected the last date on which the waiver applies "
              "(YYYY-MM-DD)");
    EXPECT_EQ(parse_error(R"({"waivers": [{"subject": "a", "reason": "r", "until": "2026-12-32"}]})"),
              "policy.json: /waivers/0/until: invalid date, no such day in the calendar");
    EXPECT_EQ(parse_error(R"({"waivers": [{"subject": "", "reason": "r", "until": "2026-12-01"}]})"),
              "policy.json: /waivers/0/subject: must not be empty");
    EXPECT_EQ(parse_error(R"({"waivers": [{"fingerprint_sha256": "abc", "reason": "r", "until": "2026-12-01"}]})"),
              "policy.json: /waivers/0/fingerprint_sha256: invalid fingerprint, expected 64 hexadecimal "
              "digits (SHA-256), colons allowed");
    EXPECT_EQ(parse_error(R"({"waivers": ["x"]})"), "policy.json: /waivers/0: expected an object, got a string");
}

TEST(PolicyFile, RelationsBetweenSettingsAreChecked)
{
    EXPECT_EQ(parse_error(R"({"minimum_lead_working_days": 11})"),
              "policy.json: /minimum_lead_working_days: must not exceed renewal_window_working_days (10), got 11");
    EXPECT_EQ(parse_error(R"({"weekend": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]})"),
              "policy.json: /weekend: every day of the week is a weekend day; leave at least one working day");
}

TEST(PolicyFile, MalformedJsonGivesLineAndColumn)
{
    EXPECT_EQ(parse_error("{\n  \"milestones\": [\"2mo\",]\n}"),
              "policy.json: invalid JSON at line 2, column 24 (byte 25): unexpected ']'; expected '[', '{', or a "
              "literal");
    EXPECT_EQ(parse_error("{\"timezone\": UTC}"),
              "policy.json: invalid JSON at line 1, column 14 (byte 13): invalid literal");
    EXPECT_EQ(
        parse_error(""),
        "policy.json: invalid JSON at line 1, column 1 (byte 0): unexpected end of input; expected '[', '{', or a "
        "literal");
}

TEST(PolicyFile, MalformedJsonIsWordedAsEveryReaderWordsItAndNeverQuotesTheFile)
{
    // nlohmann's own message ends "; last read: '\"TOPSECRET'": the file's bytes.
    EXPECT_EQ(parse_error("{\"timezone\": \"UTC\" \"TOPSECRET\"}"),
              "policy.json: invalid JSON at line 1, column 30 (byte 29): unexpected string literal; expected '}'");
    EXPECT_EQ(parse_error("{\"holidays\": [1e999]}"), "policy.json: invalid JSON: a number is out of range");
}

TEST(PolicyFile, TruncatedJson)
{
    EXPECT_EQ(parse_error("{\n  \"milestones\": [\"2mo\", \"1m"),
              "policy.json: invalid JSON at line 2, column 28 (byte 29): invalid string: missing closing quote");
    EXPECT_EQ(parse_error("{\"fail_on\": \"renew\""),
              "policy.json: invalid JSON at line 1, column 20 (byte 19): unexpected end of input; expected '}'");
}

TEST(PolicyFile, DuplicateKeysAreErrors)
{
    EXPECT_EQ(parse_error(R"({"fail_on": "renew", "fail_on": "ok"})"),
              "policy.json: the key \"fail_on\" appears twice in one object");
}

TEST(PolicyFile, DeepNestingIsRefusedBeforeParsing)
{
    const std::string deep = "{\"waivers\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
    const auto result = parse_policy_json(deep, "policy.json");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::limit);
    EXPECT_EQ(result.error().describe(),
              "policy.json: line 1, column 44: arrays and objects nested deeper than 32 levels");
    // Brackets inside strings do not count.
    EXPECT_EQ(
        parse_error(
            R"({"waivers": [{"subject": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "reason": "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\"", "until": "2026-01-01"}]})"),
        "no error");
}

TEST(PolicyFile, HugeFilesAreRefusedUnread)
{
    TempDir dir;
    const std::string path =
        dir.write("policy.json", "{\"holidays\": [" + std::string(k_max_policy_file_bytes, ' ') + "]}");
    const auto result = load_policy_file(path);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::limit);
    EXPECT_EQ(result.error().describe(), path + ": the policy file is larger than the limit of 1048576 bytes");
    EXPECT_EQ(parse_error(std::string(k_max_policy_file_bytes + 1, ' ')),
              "policy.json: the policy file is larger than the limit of 1048576 bytes");
}

TEST(PolicyFile, MissingFile)
{
    TempDir dir;
    const std::string path = (dir.path() / "nope.json").string();
    EXPECT_EQ(error_of(load_policy_file(path)), path + ": cannot read the policy file: no such file or directory");
}

TEST(PolicyFile, DateFilesResolveAgainstThePolicyFolder)
{
    TempDir dir;
    dir.write("cal/holidays.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261001\r\n"
                                  "DTEND;VALUE=DATE:20261004\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    dir.write("cal/more.txt", "2026-12-24\n");
    dir.write("cal/work.txt", "# moved working days\n2026-10-10\n");
    const std::string path = dir.write("conf/policy.json", R"({
        "holidays": ["2026-12-25"],
        "holidays_file": ["../cal/holidays.ics", "../cal/more.txt"],
        "extra_working_days_file": "../cal/work.txt"
    })");
    const auto loaded = load_policy_file(path);
    ASSERT_TRUE(loaded) << loaded.error().describe();
    EXPECT_EQ(loaded->policy.calendar.holidays, (std::set<Date>{on("2026-10-01"), on("2026-10-02"), on("2026-10-03"),
                                                                on("2026-12-24"), on("2026-12-25")}));
    EXPECT_EQ(loaded->policy.calendar.extra_working_days, std::set<Date>{on("2026-10-10")});
}

TEST(PolicyFile, DateFileErrorsNameTheSettingAndTheLine)
{
    TempDir dir;
    dir.write("holidays.txt", "2026-10-01\nnot a date\n");
    const std::string path = dir.write("policy.json", R"({"holidays_file": "holidays.txt"})");
    EXPECT_EQ(error_of(load_policy_file(path)), path + ": /holidays_file: " + (dir.path() / "holidays.txt").string() +
                                                    ": line 2: invalid date, expected YYYY-MM-DD");
    const std::string listed =
        dir.write("listed.json", R"({"extra_working_days_file": ["holidays.txt", "missing.txt"]})");
    EXPECT_EQ(error_of(load_policy_file(listed)),
              listed + ": /extra_working_days_file/0: " + (dir.path() / "holidays.txt").string() +
                  ": line 2: invalid date, expected YYYY-MM-DD");
}

} // namespace
} // namespace certgate::config
