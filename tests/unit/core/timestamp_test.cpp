#include "certgate/core/timestamp.hpp"

#include "support/timestamp_cases.hpp"

#include <gtest/gtest.h>

#include <string>

namespace certgate {
namespace {

Instant at(std::string_view text)
{
    return *parse_rfc3339(text);
}

Instant seconds(std::int64_t value)
{
    return Instant{std::chrono::seconds{value}};
}

TEST(Timestamp, EpochDigitCountsDecideTheUnit)
{
    const auto utc = utc_zone();
    EXPECT_EQ(*parse_timestamp("0", *utc), seconds(0));
    EXPECT_EQ(*parse_timestamp("1", *utc), seconds(1));
    EXPECT_EQ(*parse_timestamp("0000000000001", *utc), seconds(0)); // 13 digits: milliseconds
    EXPECT_EQ(*parse_timestamp("9999999999", *utc), seconds(9999999999));
    EXPECT_EQ(*parse_timestamp("99999999999", *utc), seconds(99999999999)); // 11 digits: the last seconds
    EXPECT_EQ(*parse_timestamp("100000000000", *utc), seconds(100000000));  // 12 digits: milliseconds
    EXPECT_EQ(*parse_timestamp("999999999999", *utc), seconds(999999999));
    EXPECT_EQ(*parse_timestamp("1798761600999", *utc), at("2027-01-01T00:00:00Z")); // truncated
    EXPECT_EQ(*parse_timestamp("9999999999999", *utc), seconds(9999999999));
}

TEST(Timestamp, EpochsOfMoreThanThirteenDigitsAreRefusedClearly)
{
    const auto utc = utc_zone();
    for (const std::string& text :
         {std::string("10000000000000"), std::string("1798761600000000"), std::string(17, '9'), std::string(64, '1')}) {
        SCOPED_TRACE(text);
        const auto result = parse_timestamp(text, *utc);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().code, ErrorCode::input);
        EXPECT_EQ(timestamp_problem(result.error()), TimestampProblem::epoch_digits);
        EXPECT_EQ(result.error().message,
                  "an epoch of more than 13 digits, expected seconds (up to 11 digits) or milliseconds (12 or 13 "
                  "digits); as seconds it would be past the year 9999");
        EXPECT_EQ(result.error().message.find(text), std::string::npos);
    }
}

TEST(Timestamp, Rfc3339AndWallClockForms)
{
    const FixedOffsetZone shanghai("+08:00", std::chrono::hours(8));
    const auto utc = utc_zone();
    EXPECT_EQ(*parse_timestamp("2027-01-02T03:04:05Z", shanghai), at("2027-01-02T03:04:05Z"));
    EXPECT_EQ(*parse_timestamp("2027-01-02t03:04:05z", shanghai), at("2027-01-02T03:04:05Z"));
    EXPECT_EQ(*parse_timestamp("2027-01-02 03:04:05+01:00", shanghai), at("2027-01-02T02:04:05Z"));
    EXPECT_EQ(*parse_timestamp("2027-01-02T03:04:05.999-07:00", *utc), at("2027-01-02T10:04:05Z"));
    EXPECT_EQ(*parse_timestamp("2027-01-02 08:00:00", shanghai), at("2027-01-02T00:00:00Z"));
    EXPECT_EQ(*parse_timestamp("2027-01-02T08:00:00.0", shanghai), at("2027-01-02T00:00:00Z"));
    EXPECT_EQ(*parse_timestamp("2027-01-02 03:04:05", *utc), at("2027-01-02T03:04:05Z"));
    EXPECT_EQ(*parse_timestamp("9999-12-31T23:59:59Z", *utc), at("9999-12-31T23:59:59Z"));
    EXPECT_EQ(*parse_timestamp("0001-01-01T00:00:00Z", *utc), at("0001-01-01T00:00:00Z"));
}

TEST(Timestamp, BareDatesOnlyWhenAsked)
{
    const FixedOffsetZone shanghai("+08:00", std::chrono::hours(8));
    EXPECT_FALSE(parse_timestamp("2027-01-02", shanghai));
    EXPECT_EQ(*parse_timestamp("2027-01-02", shanghai, BareDate::start_of_day), at("2027-01-01T16:00:00Z"));
    EXPECT_FALSE(parse_timestamp("2027-02-30", shanghai, BareDate::start_of_day));
}

TEST(Timestamp, RefusedFormsSayNotATimestampWithoutTheValue)
{
    const auto utc = utc_zone();
    for (const std::string& text :
         {std::string(), std::string("tomorrow"), std::string("-1"), std::string("+1"), std::string("1e9"),
          std::string("2021-13-27 16:46:25"), std::string("2021-05-27 25:46:25"), std::string("2021-05-27 16:46:25.x"),
          std::string("2021-05-27 16:46:25."), std::string("2021-05-27 16:46:25 CST"), std::string("2021-05-27 16:46"),
          std::string("10000-01-01T00:00:00Z"), "2027-01-01T00:00:00Z" + std::string(45, ' '),
          std::string(" 1798761600")}) {
        SCOPED_TRACE(text);
        const auto result = parse_timestamp(text, *utc, BareDate::start_of_day);
        ASSERT_FALSE(result);
        EXPECT_EQ(timestamp_problem(result.error()), TimestampProblem::syntax);
        EXPECT_EQ(result.error().message, "not a timestamp");
    }
}

TEST(Timestamp, LengthBoundIsSixtyFourBytes)
{
    const auto utc = utc_zone();
    const std::string at_limit = "2027-01-01T00:00:00." + std::string(43, '0') + "Z"; // 64 bytes
    ASSERT_EQ(at_limit.size(), k_max_timestamp_bytes);
    EXPECT_EQ(*parse_timestamp(at_limit, *utc), at("2027-01-01T00:00:00Z"));
    EXPECT_FALSE(parse_timestamp("2027-01-01T00:00:00." + std::string(44, '0') + "Z", *utc));
}

TEST(Timestamp, SharedCases)
{
    const auto utc = utc_zone();
    for (const auto& shared : testing::k_shared_timestamp_cases) {
        SCOPED_TRACE(std::string(shared.text));
        const auto result = parse_timestamp(shared.text, *utc);
        ASSERT_EQ(result.has_value(), shared.utc.has_value());
        if (shared.utc) {
            EXPECT_EQ(format_rfc3339(*result), *shared.utc);
        }
    }
}

} // namespace
} // namespace certgate
