#include "certgate/adapters/config/policy_file.hpp"

#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate::config {
namespace {

using testing::on;
using testing::TempDir;

std::string apply_error(const std::string& name, const std::string& value)
{
    Policy policy;
    auto applied = apply_setting(policy, name, value);
    return applied ? std::string("no error") : applied.error().describe();
}

TEST(FlatSettings, NamesListEverySetting)
{
    EXPECT_EQ(setting_names(),
              (std::vector<std::string>{"timezone", "milestones", "console_reminder_days",
                                        "renewal_window_working_days", "minimum_lead_working_days", "weekend",
                                        "holidays", "holidays_file", "extra_working_days", "extra_working_days_file",
                                        "fail_on", "renew_after_lifetime_percent"}));
}

TEST(FlatSettings, EverySettingApplies)
{
    Policy policy;
    ASSERT_TRUE(apply_setting(policy, "timezone", "+08:00"));
    ASSERT_TRUE(apply_setting(policy, "milestones", "1mo, 1w,0d"));
    ASSERT_TRUE(apply_setting(policy, "console_reminder_days", "45"));
    ASSERT_TRUE(apply_setting(policy, "renewal_window_working_days", "20"));
    ASSERT_TRUE(apply_setting(policy, "minimum_lead_working_days", "0"));
    ASSERT_TRUE(apply_setting(policy, "weekend", "fri,sat"));
    ASSERT_TRUE(apply_setting(policy, "holidays", "2026-10-01,2026-10-02"));
    ASSERT_TRUE(apply_setting(policy, "holidays", "2026-10-03"));
    ASSERT_TRUE(apply_setting(policy, "extra_working_days", "2026-10-10"));
    ASSERT_TRUE(apply_setting(policy, "fail_on", "warning"));
    ASSERT_TRUE(apply_setting(policy, "renew_after_lifetime_percent", "66"));
    EXPECT_EQ(policy.time_zone->name(), "+08:00");
    EXPECT_EQ(policy.milestones, (std::vector<Milestone>{
                                     {1, MilestoneUnit::months}, {1, MilestoneUnit::weeks}, {0, MilestoneUnit::days}}));
    EXPECT_EQ(policy.console_reminder_days, 45);
    EXPECT_EQ(policy.renewal_window_working_days, 20);
    EXPECT_EQ(policy.minimum_lead_working_days, 0);
    EXPECT_EQ(policy.calendar.weekend, (std::array<bool, 7>{false, false, false, false, false, true, true}));
    EXPECT_EQ(policy.calendar.holidays, (std::set<Date>{on("2026-10-01"), on("2026-10-02"), on("2026-10-03")}));
    EXPECT_EQ(policy.calendar.extra_working_days, std::set<Date>{on("2026-10-10")});
    EXPECT_EQ(policy.fail_on, Severity::warning);
    EXPECT_EQ(policy.renew_after_lifetime_percent, 66.0);
    EXPECT_TRUE(validate_policy(policy));
}

TEST(FlatSettings, EmptyListClearsIt)
{
    Policy policy;
    ASSERT_TRUE(apply_setting(policy, "milestones", ""));
    ASSERT_TRUE(apply_setting(policy, "weekend", ""));
    EXPECT_TRUE(policy.milestones.empty());
    EXPECT_EQ(policy.calendar.weekend, (std::array<bool, 7>{}));
}

TEST(FlatSettings, DateFiles)
{
    TempDir dir;
    const std::string holidays = dir.write("h.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\n"
                                                    "RRULE:FREQ=YEARLY;COUNT=2\nEND:VEVENT\nEND:VCALENDAR\n");
    const std::string work = dir.write("w.txt", "2026-10-10\n");
    Policy policy;
    ASSERT_TRUE(apply_setting(policy, "holidays", "2026-12-25"));
    ASSERT_TRUE(apply_setting(policy, "holidays_file", holidays));
    ASSERT_TRUE(apply_setting(policy, "extra_working_days_file", work));
    EXPECT_EQ(policy.calendar.holidays, (std::set<Date>{on("2026-12-25"), on("2027-01-01"), on("2028-01-01")}));
    EXPECT_EQ(policy.calendar.extra_working_days, std::set<Date>{on("2026-10-10")});
    const std::string missing = (dir.path() / "none.ics").string();
    EXPECT_EQ(apply_error("holidays_file", missing),
              "holidays_file: " + missing + ": cannot read the date file: no such file or directory");
    EXPECT_EQ(apply_error("holidays_file", ""),
              "holidays_file: expected the path of a .ics file or of a list of dates, got \"\"");
}

TEST(FlatSettings, ErrorsNameTheSettingAndLeaveThePolicyAlone)
{
    EXPECT_EQ(apply_error("milestones", "2mo,,1w"), "milestones: empty item in the comma-separated list");
    EXPECT_EQ(apply_error("milestones", "2mo,3x"),
              "milestones: invalid milestone \"3x\": expected a count and a unit such as 2mo, 1w or 3d");
    EXPECT_EQ(apply_error("console_reminder_days", "thirty"),
              "console_reminder_days: expected a whole number from 0 to 36500, got \"thirty\"");
    EXPECT_EQ(apply_error("console_reminder_days", ""),
              "console_reminder_days: expected a whole number from 0 to 36500, got \"\"");
    EXPECT_EQ(apply_error("minimum_lead_working_days", "-2"),
              "minimum_lead_working_days: must be between 0 and 36500, got -2");
    EXPECT_EQ(apply_error("renewal_window_working_days", "99999999999999999999"),
              "renewal_window_working_days: expected a whole number from 0 to 36500, got \"99999999999999999999\"");
    EXPECT_EQ(apply_error("weekend", "sat,sunday"),
              "weekend: invalid weekday, expected one of: mon, tue, wed, thu, fri, sat, sun");
    EXPECT_EQ(apply_error("holidays", "2026-10-01,2026-1-2"), "holidays: invalid date, expected YYYY-MM-DD");
    EXPECT_EQ(apply_error("timezone", "Europe/Nowhere"),
              "timezone: unknown time zone \"Europe/Nowhere\", expected UTC, an offset such as +08:00, or an IANA "
              "name such as Asia/Shanghai");
    EXPECT_EQ(apply_error("fail_on", "unknown"),
              "fail_on: invalid severity \"unknown\", expected one of: ok, notice, warning, renew, critical, expired");
    EXPECT_EQ(apply_error("renew_after_lifetime_percent", "66%"),
              "renew_after_lifetime_percent: expected a number greater than 0 and less than 100, got \"66%\"");
    EXPECT_EQ(apply_error("renew_after_lifetime_percent", "100"),
              "renew_after_lifetime_percent: must be greater than 0 and less than 100");
    EXPECT_EQ(apply_error("colour", "red"),
              "colour: unknown setting, expected one of: timezone, milestones, console_reminder_days, "
              "renewal_window_working_days, minimum_lead_working_days, weekend, holidays, holidays_file, "
              "extra_working_days, extra_working_days_file, fail_on, renew_after_lifetime_percent");

    Policy policy;
    ASSERT_TRUE(apply_setting(policy, "holidays", "2026-10-01"));
    EXPECT_FALSE(apply_setting(policy, "holidays", "2026-10-02,bad"));
    EXPECT_EQ(policy.calendar.holidays, std::set<Date>{on("2026-10-01")});
}

} // namespace
} // namespace certgate::config
