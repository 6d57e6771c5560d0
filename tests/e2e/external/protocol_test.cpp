// The external program protocol, driven exactly as hashicorp/external does.

#include "terraform_client.hpp"

#include "support/process.hpp"

#include <gtest/gtest.h>

namespace certgate::testing {
namespace {

using terraform::Query;
using terraform::read_external;

const std::string k_kinds_hint = "; run as certgate-external KIND with KIND one of: certificate, expiry, recipient, "
                                 "notification, and the query as a JSON object of strings on stdin\n";

ProcessResult run_raw(const std::vector<std::string>& args, const std::string& stdin_text)
{
    std::vector<std::string> argv{external_program()};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.stdin_text = stdin_text;
    options.unset_environment = {"CERTGATE_NOW", "CERTGATE_STORE"};
    return run_process(argv, options);
}

void expect_failure(const ProcessResult& result, const std::string& stderr_line)
{
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err, stderr_line);
}

TEST(ExternalProtocol, GoMarshalBytesMatchTheReference)
{
    // shared/reference/terraform.md 1.3, verified against Go's json.Marshal.
    const Query query{{"z", "1"}, {"a", "<tag>&'\""}, {"m", "line\nbreak\ttab\xE2\x80\xA8\xE2\x80\xA9"},
                      {"e", ""},  {"u", "é😀"},        {"n", std::nullopt}};
    EXPECT_EQ(terraform::go_marshal(query),
              R"({"a":"\u003ctag\u003e\u0026'\"","e":"","m":"line\nbreak\ttab\u2028\u2029","u":"é😀","z":"1"})");
    EXPECT_EQ(terraform::go_marshal({}), "{}");
    EXPECT_EQ(terraform::go_marshal({{"k", std::nullopt}}), "{}");
}

TEST(ExternalProtocol, MissingUnknownOrExtraKindIsAUsageError)
{
    expect_failure(run_raw({}, "{}"), "certgate-external: usage: missing KIND" + k_kinds_hint);
    expect_failure(run_raw({"certificates"}, "{}"),
                   "certgate-external: usage: unknown KIND \"certificates\"" + k_kinds_hint);
    expect_failure(run_raw({"certificate", "extra"}, "{}"),
                   "certgate-external: usage: expected exactly one argument (KIND), got 2" + k_kinds_hint);
    // Terraform drops "" elements of program, so an empty KIND is a missing one.
    auto read = terraform::read_data_source({external_program(), ""}, {});
    EXPECT_FALSE(read.ok);
    EXPECT_EQ(read.process.err, "certgate-external: usage: missing KIND" + k_kinds_hint);
    EXPECT_EQ(read.summary, "External Program Execution Failed");
}

TEST(ExternalProtocol, EmptyQueryNamesTheMissingKeyOfEachKind)
{
    expect_failure(run_raw({"certificate"}, "{}"),
                   "certgate-external: certificate: certificate: missing: give the certificate as PEM text in "
                   "\"certificate\" or its path in \"certificate_file\"\n");
    expect_failure(run_raw({"expiry"}, "{}"),
                   "certgate-external: expiry: not_after: missing: give the certificate's expiry, e.g. "
                   "\"2027-01-01T00:00:00Z\" or the not_after attribute of a cloud certificate resource\n");
    expect_failure(run_raw({"recipient"}, "{}"),
                   "certgate-external: recipient: email: missing: give email and/or mobile (E.164, such as "
                   "+8613800138000)\n");
    expect_failure(run_raw({"notification"}, "{}"),
                   "certgate-external: notification: certificate: missing: give the certificate's id (the id output "
                   "of a certgate certificate data source)\n");
}

TEST(ExternalProtocol, MalformedQueriesFailWithOneLine)
{
    const std::string expected = ", expected one JSON object whose values are strings, as Terraform's data "
                                 "\"external\" query sends it";
    expect_failure(run_raw({"expiry"}, R"({"not_after":1767225600})"),
                   "certgate-external: expiry: not_after: the value is a number, expected a string (Terraform sends "
                   "every query value as a string)\n");
    expect_failure(run_raw({"expiry"}, R"({"not_after":"2027-01-01","not_after":"2028-01-01"})"),
                   "certgate-external: expiry: not_after: duplicate key: the query may name each key once; remove "
                   "the repeated one\n");
    expect_failure(run_raw({"expiry"}, R"({"not_after":"2027-01-01"} x)"),
                   "certgate-external: expiry: stdin: invalid JSON at line 1, column 28 (byte 27): invalid literal;" +
                       expected.substr(1) + "\n");
    expect_failure(run_raw({"recipient"}, "{\"name\":\"\xFF\"}"),
                   "certgate-external: recipient: stdin: invalid JSON at line 1, column 10 (byte 9): invalid string: "
                   "ill-formed UTF-8 "
                   "byte;" +
                       expected.substr(1) + "\n");
    expect_failure(run_raw({"recipient"}, "[]"),
                   "certgate-external: recipient: stdin: the query is a list" + expected + "\n");
    expect_failure(run_raw({"recipient"}, ""),
                   "certgate-external: recipient: stdin: empty query;" + expected.substr(1) + " ({} when empty)\n");
}

TEST(ExternalProtocol, HugeQueryIsRefusedWithoutReadingIt)
{
    const std::string huge = "{\"name\":\"" + std::string(2 * 1024 * 1024, 'a') + "\"}";
    expect_failure(run_raw({"recipient"}, huge),
                   "certgate-external: recipient: stdin: query larger than 1048576 bytes refused; pass large "
                   "certificates by path with certificate_file\n");
}

TEST(ExternalProtocol, UnknownKeysAreTyposWithASuggestion)
{
    auto read = read_external("expiry", {{"not_afer", "2027-01-01T00:00:00Z"}});
    EXPECT_FALSE(read.ok);
    EXPECT_EQ(read.process.err,
              "certgate-external: expiry: not_afer: unknown query key \"not_afer\"; did you mean \"not_after\"?\n");
    auto far = read_external("recipient", {{"email", "a@example.com"}, {"zzzzzzzzzzzz", "x"}});
    EXPECT_EQ(far.process.err, "certgate-external: recipient: zzzzzzzzzzzz: unknown query key \"zzzzzzzzzzzz\"; "
                               "expected one of: categories, channels, email, mobile, name\n");
}

TEST(ExternalProtocol, ResultIsOneObjectOfStringsWithEveryKeyPresent)
{
    auto read = read_external("expiry", {{"not_after", "2027-01-01T00:00:00Z"}, {"now", "2026-11-30T09:00:00Z"}});
    ASSERT_TRUE(read.ok) << read.detail;
    EXPECT_TRUE(read.all_values_json_strings);
    EXPECT_EQ(read.process.err, "");
    // Absent values are "" (no last milestone reached yet is not the case here; name was not given).
    EXPECT_EQ(read.result.at("name"), "");
    EXPECT_EQ(read.result.at("not_before"), "");
    EXPECT_EQ(read.process.out.back(), '\n');
    EXPECT_EQ(read.process.out.find('\n'), read.process.out.size() - 1);
}

} // namespace
} // namespace certgate::testing
