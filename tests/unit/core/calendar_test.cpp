#include "certgate/core/calendar.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::on;

// Counts day by day: the reference for working_days_between.
std::int64_t count_slowly(const WorkingCalendar& calendar, Date from, Date to)
{
    std::int64_t count = 0;
    for (Date day = from; day < to; day += std::chrono::days{1}) {
        count += calendar.is_working_day(day) ? 1 : 0;
    }
    return count;
}

TEST(Calendar, DefaultWeekendIsSaturdayAndSunday)
{
    const WorkingCalendar calendar;
    EXPECT_TRUE(calendar.is_working_day(on("2026-11-30")));  // Monday
    EXPECT_TRUE(calendar.is_working_day(on("2026-12-04")));  // Friday
    EXPECT_FALSE(calendar.is_working_day(on("2026-12-05"))); // Saturday
    EXPECT_FALSE(calendar.is_working_day(on("2026-12-06"))); // Sunday
    EXPECT_EQ(calendar.working_days_between(on("2026-11-30"), on("2026-12-11")), WorkingDays{9});
    EXPECT_EQ(calendar.working_days_between(on("2026-12-11"), on("2026-11-30")), WorkingDays{0});
    EXPECT_EQ(calendar.working_days_between(on("2026-12-11"), on("2026-12-11")), WorkingDays{0});
}

TEST(Calendar, HolidaysAndExtraWorkingDays)
{
    WorkingCalendar calendar;
    calendar.holidays = {on("2026-10-01"), on("2026-10-02"), on("2026-10-03")}; // Thu, Fri, Sat
    calendar.extra_working_days = {on("2026-10-10"), on("2026-10-02")};         // Sat; and a holiday
    EXPECT_FALSE(calendar.is_working_day(on("2026-10-01")));
    EXPECT_TRUE(calendar.is_working_day(on("2026-10-02"))); // extra working day wins over the holiday
    EXPECT_FALSE(calendar.is_working_day(on("2026-10-03")));
    EXPECT_TRUE(calendar.is_working_day(on("2026-10-10")));
    EXPECT_FALSE(calendar.is_working_day(on("2026-10-11")));
    // 09-28…10-12: Mon-Wed 3, Fri (extra) 1, 10-05…09 5, Sat 10-10 1, = 10.
    EXPECT_EQ(calendar.working_days_between(on("2026-09-28"), on("2026-10-12")), WorkingDays{10});
}

TEST(Calendar, ThreeDayWeekend)
{
    WorkingCalendar calendar;
    calendar.weekend = {true, false, false, false, false, true, true}; // fri, sat, sun
    EXPECT_FALSE(calendar.is_working_day(on("2026-12-04")));
    EXPECT_EQ(calendar.working_days_between(on("2026-11-30"), on("2026-12-11")), WorkingDays{8});
    EXPECT_TRUE(calendar.has_working_weekdays());
    calendar.weekend.fill(true);
    EXPECT_FALSE(calendar.has_working_weekdays());
}

TEST(Calendar, FastCountAgreesWithCountingDayByDay)
{
    WorkingCalendar calendar;
    calendar.weekend = {true, false, true, false, false, false, true};
    for (int i = 0; i < 60; i += 7) {
        calendar.holidays.insert(on("2026-01-01") + std::chrono::days{i * 3});
        calendar.extra_working_days.insert(on("2026-01-04") + std::chrono::days{i * 2});
    }
    calendar.holidays.insert(on("2026-01-04"));
    const Date start = on("2025-12-20");
    for (int from = 0; from < 40; from += 3) {
        for (int length = 0; length < 200; length += 7) {
            const Date a = start + std::chrono::days{from};
            const Date b = a + std::chrono::days{length};
            ASSERT_EQ(calendar.working_days_between(a, b).count, count_slowly(calendar, a, b))
                << format_date(a) << " " << format_date(b);
        }
    }
}

TEST(Calendar, LongSpansAreCheap)
{
    const WorkingCalendar calendar;
    // 100 years: 5218 weeks and 6 days; a fast count, not a loop over days.
    EXPECT_EQ(calendar.working_days_between(on("2000-01-03"), on("2100-01-04")).count,
              count_slowly(calendar, on("2000-01-03"), on("2100-01-04")));
}

} // namespace
} // namespace certgate
