// certgate-external expiry: timestamps as cloud certificate resources expose them.

#include "expected_fields.hpp"
#include "terraform_client.hpp"

#include "support/certificates.hpp"
#include "support/timestamp_cases.hpp"

#include <gtest/gtest.h>

namespace certgate::testing {
namespace {

using terraform::read_external;

TEST(ExternalExpiry, EveryTimestampFormMeansTheSameInstant)
{
    // 2026-12-11T12:00:00Z written the ways AWS, Google, Azure, Huawei Cloud and epochs write it.
    const std::vector<std::pair<std::string, std::optional<std::string>>> forms{
        {"2026-12-11T12:00:00Z", std::nullopt},
        {"2026-12-11T12:00:00.000Z", std::nullopt},
        {"2026-12-11T04:00:00.000-08:00", std::nullopt},
        {"2026-12-11T20:00:00+08:00", std::nullopt},
        {"2026-12-11 12:00:00Z", std::nullopt},
        {"2026-12-11 20:00:00.0", "+08:00"},
        {"2026-12-11 20:00:00.0", "Asia/Shanghai"},
        {"2026-12-11T12:00:00", std::nullopt},
        {"1796990400", std::nullopt},
        {"1796990400000", std::nullopt},
    };
    for (const auto& [text, zone] : forms) {
        auto read = read_external("expiry",
                                  {{"not_after", text}, {"not_after_timezone", zone}, {"now", "2026-11-30T09:00:00Z"}});
        ASSERT_TRUE(read.ok) << text << ": " << read.process.err;
        EXPECT_EQ(read.result.at("not_after"), "2026-12-11T12:00:00Z") << text;
        expect_engine_fields(read.result, {std::nullopt, at("2026-12-11T12:00:00Z")}, Policy{},
                             at("2026-11-30T09:00:00Z"));
        if (text == forms.front().first) {
            EXPECT_EQ(result_schema_errors("expiry", read.process.out), "");
        }
    }
}

TEST(ExternalExpiry, ZonelessTimestampsDefaultToThePolicyZone)
{
    auto read = read_external(
        "expiry", {{"not_after", "2026-12-11 20:00:00.0"}, {"timezone", "+08:00"}, {"now", "2026-11-30T09:00:00Z"}});
    ASSERT_TRUE(read.ok) << read.process.err;
    EXPECT_EQ(read.result.at("not_after"), "2026-12-11T12:00:00Z");
}

TEST(ExternalExpiry, NotBeforeDropsMilestonesBeforeIssue)
{
    // A 47-day certificate has no two-month milestone (SPEC section 2).
    auto read = read_external("expiry", {{"not_before", "2026-10-25T12:00:00Z"},
                                         {"not_after", "2026-12-11T12:00:00Z"},
                                         {"name", "short-lived"},
                                         {"status", "issued"},
                                         {"now", "2026-11-30T09:00:00Z"}});
    ASSERT_TRUE(read.ok) << read.process.err;
    EXPECT_EQ(read.result.at("schedule"), R"([{"milestone":"1mo","date":"2026-11-11"},)"
                                          R"({"milestone":"1w","date":"2026-12-04"},)"
                                          R"({"milestone":"3d","date":"2026-12-08"},)"
                                          R"({"milestone":"1d","date":"2026-12-10"},)"
                                          R"({"milestone":"0d","date":"2026-12-11"}])");
    EXPECT_EQ(read.result.at("last_milestone"), "1mo");
    EXPECT_EQ(read.result.at("name"), "short-lived");
    EXPECT_EQ(read.result.at("console_reminder"), "true");
    expect_engine_fields(read.result, {at("2026-10-25T12:00:00Z"), at("2026-12-11T12:00:00Z")}, Policy{},
                         at("2026-11-30T09:00:00Z"));
}

TEST(ExternalExpiry, MalformedTimestampsFail)
{
    const std::string message =
        "invalid timestamp; expected RFC 3339 (\"2027-01-01T00:00:00Z\"), \"yyyy-MM-dd HH:mm:ss.S\" (read in "
        "not_after_timezone), a date (\"2027-01-01\") or an epoch in seconds or milliseconds\n";
    for (const std::string& text : std::vector<std::string>{"", "tomorrow", "2026-13-01T00:00:00Z", "2026-02-30", "-5",
                                                            "2026-12-11T25:00:00Z", std::string(100, '9')}) {
        auto read = read_external("expiry", {{"not_after", text}});
        EXPECT_EQ(read.process.err, "certgate-external: expiry: not_after: " + message) << text;
        EXPECT_EQ(read.process.out, "");
    }
    auto order = read_external("expiry", {{"not_after", "2026-12-11T12:00:00Z"}, {"not_before", "2027-01-01"}});
    EXPECT_EQ(order.process.err, "certgate-external: expiry: not_before: not_before is after not_after\n");
    auto zone = read_external("expiry", {{"not_after", "2026-12-11 12:00:00"}, {"not_after_timezone", "Nowhere/City"}});
    EXPECT_TRUE(zone.process.err.starts_with("certgate-external: expiry: not_after_timezone: ")) << zone.process.err;
}

// Issue 12 item 18: a 14 to 16 digit not_after was read as milliseconds and
// came out as expiry_date "-8823-05-20"; the one timestamp parser refuses
// more than 13 digits with a message that says why.
TEST(ExternalExpiry, EpochsOfMoreThanThirteenDigitsAreRefused)
{
    for (const char* text : {"10000000000000", "1796990400000000", "12345678901234567890"}) {
        auto read = read_external("expiry", {{"not_after", text}});
        EXPECT_NE(read.process.exit_code, 0) << text;
        EXPECT_EQ(read.process.err, "certgate-external: expiry: not_after: an epoch of more than 13 digits, expected "
                                    "seconds (up to 11 digits) or milliseconds (12 or 13 digits); as seconds it "
                                    "would be past the year 9999\n")
            << text;
        EXPECT_EQ(read.process.out, "");
    }
}

// The external program reads timestamps as the Terraform reader and the
// Huawei Cloud client do (tests/support/timestamp_cases.hpp).
TEST(ExternalExpiry, SharedTimestampCases)
{
    for (const auto& shared : k_shared_timestamp_cases) {
        auto read = read_external("expiry", {{"not_after", std::string(shared.text)}, {"now", "1970-01-01T00:00:00Z"}});
        ASSERT_EQ(read.ok, shared.utc.has_value()) << shared.text << ": " << read.process.err;
        if (shared.utc) {
            EXPECT_EQ(read.result.at("not_after"), *shared.utc) << shared.text;
        }
    }
}

} // namespace
} // namespace certgate::testing
