#include "certgate/core/time.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace certgate {
namespace {

using namespace std::chrono;

Instant utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0)
{
    return Instant{sys_days{year{y} / month{m} / day{d}}} + hours{hh} + minutes{mm} + seconds{ss};
}

std::string error_of(const Result<Instant>& result)
{
    return result ? "no error" : result.error().describe();
}

TEST(Time, ParsesRfc3339)
{
    EXPECT_EQ(*parse_rfc3339("2026-11-26T08:00:00Z"), utc(2026, 11, 26, 8));
    EXPECT_EQ(*parse_rfc3339("2026-11-26T16:00:00+08:00"), utc(2026, 11, 26, 8));
    EXPECT_EQ(*parse_rfc3339("2026-11-26T03:30:00-04:30"), utc(2026, 11, 26, 8));
    EXPECT_EQ(*parse_rfc3339("2026-11-26t08:00:00z"), utc(2026, 11, 26, 8));
    EXPECT_EQ(*parse_rfc3339("2026-11-26 08:00:00Z"), utc(2026, 11, 26, 8));
    EXPECT_EQ(*parse_rfc3339("2026-11-26T08:00:00.999999Z"), utc(2026, 11, 26, 8));
    EXPECT_EQ(*parse_rfc3339("2026-11-26T00:30:00+01:00"), utc(2026, 11, 25, 23, 30));
    EXPECT_EQ(*parse_rfc3339("2016-12-31T23:59:60Z"), utc(2017, 1, 1));
    EXPECT_EQ(*parse_rfc3339("2028-02-29T12:00:00Z"), utc(2028, 2, 29, 12));
}

TEST(Time, RefusesBadRfc3339)
{
    for (const char* bad :
         {"", "2026-11-26", "2026-11-26T08:00:00", "2026-11-26T08:00Z", "2026-11-26T24:00:00Z", "2026-11-26T08:60:00Z",
          "2026-11-26T08:00:61Z", "2026-13-26T08:00:00Z", "2026-02-29T08:00:00Z", "2026-11-26T08:00:00+0800",
          "2026-11-26T08:00:00+24:00", "2026-11-26T08:00:00.Z", "2026-11-26T08:00:00ZZ", "2026-11-26X08:00:00Z",
          "26-11-26T08:00:00Z", "2026-11-26T08:00:00+08", "２０２６-11-26T08:00:00Z", "2026-11-26T08:00:00Z\n"}) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE(parse_rfc3339(bad));
    }
    EXPECT_EQ(error_of(parse_rfc3339("2026-11-26T08:00:00")),
              "invalid timestamp, expected RFC 3339 such as 2026-11-26T08:00:00Z");
    EXPECT_EQ(error_of(parse_rfc3339(std::string(500, 'x'))),
              "invalid timestamp, expected RFC 3339 such as 2026-11-26T08:00:00Z");
}

TEST(Time, ParsesDates)
{
    EXPECT_EQ(*parse_date("2026-12-11"), sys_days{2026y / December / 11});
    EXPECT_EQ(*parse_date("2024-02-29"), sys_days{2024y / February / 29});
    EXPECT_EQ(parse_date("2026-02-29").error().message, "invalid date, no such day in the calendar");
    EXPECT_EQ(parse_date("2026-12-1").error().message, "invalid date, expected YYYY-MM-DD");
    EXPECT_EQ(parse_date("2026-12-11T").error().message, "invalid date, expected YYYY-MM-DD");
    EXPECT_EQ(parse_date("2026/12/11").error().message, "invalid date, expected YYYY-MM-DD");
    EXPECT_EQ(parse_date("2026-00-10").error().message, "invalid date, no such day in the calendar");
    EXPECT_FALSE(parse_date(""));
}

TEST(Time, InstantOrDate)
{
    const auto date = parse_instant_or_date("2026-11-26");
    ASSERT_TRUE(date);
    EXPECT_EQ(std::get<Date>(*date), sys_days{2026y / November / 26});
    const auto instant = parse_instant_or_date("2026-11-26T16:00:00+08:00");
    ASSERT_TRUE(instant);
    EXPECT_EQ(std::get<Instant>(*instant), utc(2026, 11, 26, 8));
    EXPECT_EQ(parse_instant_or_date("tomorrow").error().message,
              "invalid time \"tomorrow\", expected RFC 3339 (2026-11-26T08:00:00Z) or a date (2026-11-26)");
    EXPECT_EQ(parse_instant_or_date("2026-11-31").error().message, "invalid date, no such day in the calendar");
}

TEST(Time, Formats)
{
    EXPECT_EQ(format_rfc3339(utc(2026, 12, 11, 12, 0, 5)), "2026-12-11T12:00:05Z");
    EXPECT_EQ(format_rfc3339(utc(1969, 12, 31, 23, 59, 59)), "1969-12-31T23:59:59Z");
    EXPECT_EQ(format_date(sys_days{2026y / March / 1}), "2026-03-01");
    EXPECT_EQ(*parse_rfc3339(format_rfc3339(utc(2050, 6, 30, 1, 2, 3))), utc(2050, 6, 30, 1, 2, 3));
}

// The digits are written by hand; snprintf's "%04d-%02u-%02uT%02d:%02d:%02dZ"
// is the reference, on the first and last instants of every day of a
// stretch of years, the ends of the four-digit range, and years outside it.
TEST(Time, FormatsAgreeWithPrintf)
{
    const auto reference = [](Instant instant) {
        const Date date = std::chrono::floor<std::chrono::days>(instant);
        const std::chrono::year_month_day ymd{date};
        const std::chrono::hh_mm_ss time{instant - date};
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                      static_cast<int>(time.seconds().count()));
        return std::string(buffer);
    };
    std::vector<Date> days;
    for (Date day = sys_days{1999y / January / 1}; day < sys_days{2031y / January / 1}; day += std::chrono::days{1}) {
        days.push_back(day);
    }
    for (const auto year :
         {0, 1, 9, 10, 99, 100, 999, 1000, 1949, 1950, 2049, 2050, 9998, 9999, 10000, 12345, -1, -45}) {
        days.push_back(sys_days{std::chrono::year{year} / January / 1});
        days.push_back(sys_days{std::chrono::year{year} / December / 31});
    }
    for (const Date day : days) {
        for (const Instant instant :
             {Instant{day}, Instant{day} + std::chrono::seconds{86399},
              Instant{day} + std::chrono::hours{10} + std::chrono::minutes{7} + std::chrono::seconds{3}}) {
            const std::string expected = reference(instant);
            ASSERT_EQ(format_rfc3339(instant), expected);
            ASSERT_EQ(format_date(day), expected.substr(0, expected.find('T')));
        }
    }
}

TEST(Time, Weekdays)
{
    EXPECT_EQ(weekday_index(sys_days{2026y / November / 29}), 0U); // Sunday
    EXPECT_EQ(weekday_index(sys_days{2026y / November / 30}), 1U); // Monday
    EXPECT_EQ(weekday_index(sys_days{2026y / December / 11}), 5U); // Friday
    EXPECT_EQ(weekday_index(sys_days{1969y / December / 31}), 3U); // Wednesday, before the epoch
}

} // namespace
} // namespace certgate
