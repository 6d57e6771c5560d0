#include "certgate/core/policy.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace certgate {
namespace {

std::string error_of(const Policy& policy)
{
    auto valid = validate_policy(policy);
    return valid ? "no error" : valid.error().describe();
}

TEST(Policy, DefaultsFollowTheCertificateManager)
{
    const Policy policy;
    EXPECT_EQ(policy.milestones, default_milestones());
    EXPECT_EQ(policy.console_reminder_days, 30);
    EXPECT_EQ(policy.renewal_window_working_days, 10);
    EXPECT_EQ(policy.minimum_lead_working_days, 3);
    EXPECT_EQ(policy.time_zone->name(), "UTC");
    EXPECT_EQ(policy.calendar.weekend, (std::array<bool, 7>{true, false, false, false, false, false, true}));
    EXPECT_EQ(policy.fail_on, Severity::renew);
    EXPECT_FALSE(policy.renew_after_lifetime_percent);
    EXPECT_EQ(error_of(policy), "no error");
}

TEST(Policy, ChecksRangesAndRelations)
{
    Policy policy;
    policy.console_reminder_days = -1;
    EXPECT_EQ(error_of(policy), "console_reminder_days: must be between 0 and 36500, got -1");
    policy = {};
    policy.renewal_window_working_days = 36501;
    EXPECT_EQ(error_of(policy), "renewal_window_working_days: must be between 0 and 36500, got 36501");
    policy = {};
    policy.minimum_lead_working_days = 11;
    EXPECT_EQ(error_of(policy), "minimum_lead_working_days: must not exceed renewal_window_working_days (10), got 11");
    policy.minimum_lead_working_days = 10;
    EXPECT_EQ(error_of(policy), "no error");
    policy = {};
    policy.calendar.weekend.fill(true);
    EXPECT_EQ(error_of(policy), "weekend: every day of the week is a weekend day; leave at least one working day");
    policy = {};
    policy.fail_on = Severity::unknown;
    EXPECT_EQ(error_of(policy), "fail_on: expected one of: ok, notice, warning, renew, critical, expired");
    policy = {};
    policy.time_zone = nullptr;
    EXPECT_EQ(error_of(policy), "timezone: no time zone set");
}

TEST(Policy, LifetimePercentIsStrictlyBetweenZeroAndHundred)
{
    Policy policy;
    for (double bad : {0.0, 100.0, -1.0, std::nan("")}) {
        policy.renew_after_lifetime_percent = bad;
        EXPECT_EQ(error_of(policy), "renew_after_lifetime_percent: must be greater than 0 and less than 100");
    }
    for (double good : {0.001, 66.0, 99.999}) {
        policy.renew_after_lifetime_percent = good;
        EXPECT_EQ(error_of(policy), "no error");
    }
}

} // namespace
} // namespace certgate
