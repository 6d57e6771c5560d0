#include "certgate/core/evaluation.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::at;
using testing::on;

MilestoneDate milestone_on(const std::string& label, const std::string& date)
{
    return MilestoneDate{*parse_milestone(label), on(date)};
}

// The worked example of SPEC section 2: notAfter Friday 2026-12-11T12:00Z.
const Validity k_example{std::nullopt, at("2026-12-11T12:00:00Z")};

Evaluation evaluate_at(const std::string& now, const Policy& policy = {}, const Validity& validity = k_example)
{
    return evaluate(validity, policy, at(now));
}

Policy with_holidays(std::set<Date> holidays, std::set<Date> extra = {})
{
    Policy policy;
    policy.calendar.holidays = std::move(holidays);
    policy.calendar.extra_working_days = std::move(extra);
    return policy;
}

TEST(Evaluation, WorkedExampleEveryField)
{
    const Evaluation result = evaluate_at("2026-11-30T09:00:00Z");
    EXPECT_EQ(result.today, on("2026-11-30"));
    EXPECT_EQ(result.expiry_date, on("2026-12-11"));
    EXPECT_FALSE(result.expired);
    EXPECT_FALSE(result.not_yet_valid);
    EXPECT_EQ(result.days_remaining, 11);
    EXPECT_EQ(result.seconds_remaining, 11 * 86400 + 3 * 3600);
    EXPECT_EQ(result.working_days_remaining, WorkingDays{9});
    EXPECT_TRUE(result.in_renewal_window);
    EXPECT_EQ(result.renewal_window_start, on("2026-11-27"));
    EXPECT_EQ(result.renew_by, on("2026-12-08"));
    EXPECT_EQ(result.schedule,
              (std::vector<MilestoneDate>{milestone_on("2mo", "2026-10-11"), milestone_on("1mo", "2026-11-11"),
                                          milestone_on("1w", "2026-12-04"), milestone_on("3d", "2026-12-08"),
                                          milestone_on("1d", "2026-12-10"), milestone_on("0d", "2026-12-11")}));
    EXPECT_EQ(result.last_milestone, milestone_on("1mo", "2026-11-11"));
    EXPECT_EQ(result.next_milestone, milestone_on("1w", "2026-12-04"));
    EXPECT_EQ(result.severity, Severity::renew);
}

TEST(Evaluation, NotAfterItselfIsStillValid)
{
    const Evaluation at_expiry = evaluate_at("2026-12-11T12:00:00Z");
    EXPECT_FALSE(at_expiry.expired);
    EXPECT_EQ(at_expiry.seconds_remaining, 0);
    EXPECT_EQ(at_expiry.days_remaining, 0);
    EXPECT_EQ(at_expiry.working_days_remaining, WorkingDays{0});
    EXPECT_TRUE(at_expiry.in_renewal_window);
    EXPECT_EQ(at_expiry.severity, Severity::critical);

    const Evaluation after = evaluate_at("2026-12-11T12:00:01Z");
    EXPECT_TRUE(after.expired);
    EXPECT_EQ(after.seconds_remaining, -1);
    EXPECT_EQ(after.days_remaining, 0);
    EXPECT_FALSE(after.in_renewal_window);
    EXPECT_EQ(after.severity, Severity::expired);
}

TEST(Evaluation, ExpiredCertificate)
{
    const Evaluation result = evaluate_at("2026-12-14T08:00:00Z");
    EXPECT_TRUE(result.expired);
    EXPECT_EQ(result.days_remaining, -3);
    EXPECT_EQ(result.seconds_remaining, -(2 * 86400 + 20 * 3600));
    EXPECT_EQ(result.working_days_remaining, WorkingDays{0});
    EXPECT_FALSE(result.in_renewal_window);
    EXPECT_FALSE(result.next_milestone);
    EXPECT_EQ(result.last_milestone, milestone_on("0d", "2026-12-11"));
    EXPECT_EQ(result.severity, Severity::expired);
}

TEST(Evaluation, NotYetValidCertificateIsAWarning)
{
    const Validity future{at("2027-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z")};
    const Evaluation before = evaluate_at("2026-12-31T23:59:59Z", {}, future);
    EXPECT_TRUE(before.not_yet_valid);
    EXPECT_FALSE(before.expired);
    EXPECT_EQ(before.severity, Severity::warning);
    const Evaluation valid = evaluate_at("2027-01-01T00:00:00Z", {}, future);
    EXPECT_FALSE(valid.not_yet_valid);
    EXPECT_EQ(valid.severity, Severity::ok);
}

TEST(Evaluation, SeverityAtEveryBoundary)
{
    // Expiry Friday 2026-12-11; default policy: window 10, lead 3, console 30,
    // earliest milestone 2mo = 2026-10-11.
    EXPECT_EQ(evaluate_at("2026-10-10T23:59:59Z").severity, Severity::ok);
    EXPECT_EQ(evaluate_at("2026-10-11T00:00:00Z").severity, Severity::notice);
    EXPECT_EQ(evaluate_at("2026-11-10T23:59:59Z").severity, Severity::notice);   // 31 days left
    EXPECT_EQ(evaluate_at("2026-11-11T00:00:00Z").severity, Severity::warning);  // 30 days left
    EXPECT_EQ(evaluate_at("2026-11-26T23:59:59Z").severity, Severity::warning);  // 11 working days left
    EXPECT_EQ(evaluate_at("2026-11-27T00:00:00Z").severity, Severity::renew);    // 10 working days left
    EXPECT_EQ(evaluate_at("2026-12-08T23:59:59Z").severity, Severity::renew);    // 3 working days left
    EXPECT_EQ(evaluate_at("2026-12-09T00:00:00Z").severity, Severity::critical); // 2 working days left
    EXPECT_EQ(evaluate_at("2026-12-11T12:00:00Z").severity, Severity::critical);
    EXPECT_EQ(evaluate_at("2026-12-11T12:00:01Z").severity, Severity::expired);

    EXPECT_EQ(evaluate_at("2026-11-26T12:00:00Z").working_days_remaining, WorkingDays{11});
    EXPECT_FALSE(evaluate_at("2026-11-26T12:00:00Z").in_renewal_window);
    EXPECT_EQ(evaluate_at("2026-12-08T12:00:00Z").working_days_remaining, WorkingDays{3});
}

TEST(Evaluation, NoticeNeedsAnApplicableMilestone)
{
    Policy policy;
    policy.milestones.clear();
    EXPECT_EQ(evaluate_at("2026-10-20T00:00:00Z", policy).severity, Severity::ok);
    EXPECT_FALSE(evaluate_at("2026-10-20T00:00:00Z", policy).next_milestone);
}

TEST(Evaluation, WindowAndRenewByOnAWeekendBoundary)
{
    // Expiry Monday 2026-12-14: [Sat 11-28, 12-14) holds 10 working days.
    const Validity monday{std::nullopt, at("2026-12-14T00:30:00Z")};
    const Evaluation result = evaluate_at("2026-11-20T00:00:00Z", {}, monday);
    EXPECT_EQ(result.renewal_window_start, on("2026-11-28"));
    EXPECT_EQ(result.renew_by, on("2026-12-09"));
}

TEST(Evaluation, ZeroLeadAndZeroWindow)
{
    Policy policy;
    policy.minimum_lead_working_days = 0;
    policy.renewal_window_working_days = 0;
    const Evaluation result = evaluate_at("2026-12-10T09:00:00Z", policy);
    EXPECT_EQ(result.renew_by, on("2026-12-11"));
    EXPECT_EQ(result.renewal_window_start, on("2026-12-11"));
    EXPECT_FALSE(result.in_renewal_window);
    EXPECT_EQ(result.severity, Severity::warning);
    const Evaluation on_the_day = evaluate_at("2026-12-11T09:00:00Z", policy);
    EXPECT_TRUE(on_the_day.in_renewal_window);
    EXPECT_EQ(on_the_day.severity, Severity::renew);
}

TEST(Evaluation, HolidaysShrinkWorkingDays)
{
    const Policy policy = with_holidays({on("2026-12-01"), on("2026-12-02"), on("2026-12-05")});
    const Evaluation result = evaluate_at("2026-11-30T09:00:00Z", policy);
    EXPECT_EQ(result.working_days_remaining, WorkingDays{7}); // the Saturday holiday changes nothing
    EXPECT_EQ(result.renewal_window_start, on("2026-11-25"));
    EXPECT_EQ(result.renew_by, on("2026-12-08"));

    const Evaluation lead = evaluate_at("2026-11-30T09:00:00Z", with_holidays({on("2026-12-09")}));
    EXPECT_EQ(lead.renew_by, on("2026-12-07"));
}

TEST(Evaluation, ExtraWorkingDayOnASaturday)
{
    const Policy policy = with_holidays({}, {on("2026-12-05")});
    const Evaluation result = evaluate_at("2026-11-30T09:00:00Z", policy);
    EXPECT_EQ(result.working_days_remaining, WorkingDays{10});
    EXPECT_EQ(result.renewal_window_start, on("2026-11-28"));
    EXPECT_EQ(result.renew_by, on("2026-12-08"));
    EXPECT_EQ(result.severity, Severity::renew);
}

TEST(Evaluation, ExtraWorkingDayWinsOverAHoliday)
{
    const Policy policy = with_holidays({on("2026-12-01"), on("2026-12-05")}, {on("2026-12-01"), on("2026-12-05")});
    EXPECT_EQ(evaluate_at("2026-11-30T09:00:00Z", policy).working_days_remaining, WorkingDays{10});
}

TEST(Evaluation, ThreeDayWeekend)
{
    Policy policy;
    ASSERT_EQ(weekday_index(on("2026-12-11")), 5U); // a Friday
    policy.calendar.weekend = {true, false, false, false, false, true, true};
    const Evaluation result = evaluate_at("2026-11-30T09:00:00Z", policy);
    EXPECT_EQ(result.working_days_remaining, WorkingDays{8});
    // [11-25, 12-11): 11-25, 11-26, 11-30…12-03, 12-07…12-10 = 10; [11-24, 12-11) = 11.
    EXPECT_EQ(result.renewal_window_start, on("2026-11-25"));
    EXPECT_EQ(result.renew_by, on("2026-12-08"));
}

TEST(Evaluation, ShortLivedCertificateHasNoTwoMonthMilestone)
{
    const Validity short_lived{at("2026-10-25T12:00:00Z"), at("2026-12-11T12:00:00Z")}; // 47 days
    const Evaluation result = evaluate_at("2026-10-26T00:00:00Z", {}, short_lived);
    EXPECT_EQ(result.schedule.front(), milestone_on("1mo", "2026-11-11"));
    EXPECT_EQ(result.schedule.size(), 5U);
    EXPECT_FALSE(result.last_milestone);
    EXPECT_EQ(result.next_milestone, milestone_on("1mo", "2026-11-11"));
    EXPECT_EQ(result.severity, Severity::ok);

    // A milestone on the date of notBefore still applies.
    const Validity from_milestone{at("2026-10-11T23:00:00Z"), at("2026-12-11T12:00:00Z")};
    EXPECT_EQ(evaluate_at("2026-10-26T00:00:00Z", {}, from_milestone).schedule.size(), 6U);
}

TEST(Evaluation, UnknownNotBeforeKeepsEveryMilestone)
{
    Policy policy;
    policy.milestones = *parse_milestone_list("6mo,2mo,1w");
    const Evaluation result = evaluate_at("2026-11-30T09:00:00Z", policy);
    EXPECT_EQ(result.schedule,
              (std::vector<MilestoneDate>{milestone_on("6mo", "2026-06-11"), milestone_on("2mo", "2026-10-11"),
                                          milestone_on("1w", "2026-12-04")}));
}

TEST(Evaluation, NextAndLastMilestone)
{
    // On a milestone's date it is both the next and the last.
    const Evaluation on_date = evaluate_at("2026-12-04T10:00:00Z");
    EXPECT_EQ(on_date.next_milestone, milestone_on("1w", "2026-12-04"));
    EXPECT_EQ(on_date.last_milestone, milestone_on("1w", "2026-12-04"));
    const Evaluation before_all = evaluate_at("2026-10-10T10:00:00Z");
    EXPECT_FALSE(before_all.last_milestone);
    EXPECT_EQ(before_all.next_milestone, milestone_on("2mo", "2026-10-11"));
    const Evaluation expiry_day = evaluate_at("2026-12-11T10:00:00Z");
    EXPECT_EQ(expiry_day.next_milestone, milestone_on("0d", "2026-12-11"));
    EXPECT_EQ(expiry_day.last_milestone, milestone_on("0d", "2026-12-11"));
}

TEST(Evaluation, MilestonesOnTheSameDatePickTheFirstListed)
{
    Policy policy;
    policy.milestones = *parse_milestone_list("7d,1w,0d");
    const Evaluation result = evaluate_at("2026-12-05T10:00:00Z", policy);
    EXPECT_EQ(result.schedule.size(), 3U);
    EXPECT_EQ(result.last_milestone, milestone_on("7d", "2026-12-04"));
    const Evaluation on_date = evaluate_at("2026-12-04T10:00:00Z", policy);
    EXPECT_EQ(on_date.next_milestone, milestone_on("7d", "2026-12-04"));
    EXPECT_EQ(on_date.last_milestone, milestone_on("7d", "2026-12-04"));
}

TEST(Evaluation, MonthMilestonesClampToTheMonthEnd)
{
    const Validity march{std::nullopt, at("2027-03-31T10:00:00Z")};
    const Evaluation result = evaluate_at("2026-12-01T00:00:00Z", {}, march);
    EXPECT_EQ(result.schedule[0], milestone_on("2mo", "2027-01-31"));
    EXPECT_EQ(result.schedule[1], milestone_on("1mo", "2027-02-28"));
    const Validity leap{std::nullopt, at("2028-03-31T10:00:00Z")};
    EXPECT_EQ(evaluate_at("2027-12-01T00:00:00Z", {}, leap).schedule[1], milestone_on("1mo", "2028-02-29"));
}

struct LifetimeCase {
    int days;
    const char* not_before;
    const char* point; // 66% of the lifetime
};

class LifetimePercent : public ::testing::TestWithParam<LifetimeCase> {};

TEST_P(LifetimePercent, WindowOpensAtExactly66Percent)
{
    const LifetimeCase& c = GetParam();
    Policy policy;
    policy.renew_after_lifetime_percent = 66.0;
    const Validity validity{at(c.not_before), at("2026-12-11T12:00:00Z")};
    ASSERT_EQ((validity.not_after - *validity.not_before).count(), c.days * 86400LL);
    const Instant point = at(c.point);
    const Evaluation before = evaluate(validity, policy, point - std::chrono::seconds{1});
    const Evaluation exactly = evaluate(validity, policy, point);
    EXPECT_FALSE(before.in_renewal_window);
    EXPECT_TRUE(exactly.in_renewal_window);
    EXPECT_EQ(exactly.severity, Severity::renew);
    EXPECT_EQ(exactly.renewal_window_start, std::chrono::floor<std::chrono::days>(point));
    EXPECT_NE(before.severity, Severity::renew);
    // Without the setting the window opens by working days only.
    EXPECT_FALSE(evaluate(validity, Policy{}, point).in_renewal_window);
}

INSTANTIATE_TEST_SUITE_P(Evaluation, LifetimePercent,
                         ::testing::Values(LifetimeCase{47, "2026-10-25T12:00:00Z", "2026-11-25T12:28:48Z"},
                                           LifetimeCase{90, "2026-09-12T12:00:00Z", "2026-11-10T21:36:00Z"},
                                           LifetimeCase{398, "2025-11-08T12:00:00Z", "2026-07-29T04:19:12Z"}));

TEST(Evaluation, LifetimePercentNeedsNotBeforeAndIsNotLateByRounding)
{
    Policy policy;
    policy.renew_after_lifetime_percent = 66.0;
    EXPECT_FALSE(evaluate_at("2026-11-20T00:00:00Z", policy).in_renewal_window);
    // 2.2% of 35 days is 66528 s exactly, though 3024000 * 2.2 / 100 is
    // 66528.00000000001 in binary: the window must not open a second late.
    policy.renew_after_lifetime_percent = 2.2;
    const Validity validity{at("2026-11-06T12:00:00Z"), at("2026-12-11T12:00:00Z")};
    EXPECT_FALSE(evaluate(validity, policy, at("2026-11-07T06:28:47Z")).in_renewal_window);
    EXPECT_TRUE(evaluate(validity, policy, at("2026-11-07T06:28:48Z")).in_renewal_window);
}

TEST(Evaluation, NonUtcZoneMovesToday)
{
    Policy policy;
    policy.time_zone = *parse_fixed_offset_zone("+08:00");
    // 2026-11-30T16:30Z is already 2026-12-01 at +08:00.
    const Evaluation result = evaluate_at("2026-11-30T16:30:00Z", policy);
    EXPECT_EQ(result.today, on("2026-12-01"));
    EXPECT_EQ(result.expiry_date, on("2026-12-11"));
    EXPECT_EQ(result.days_remaining, 10);
    EXPECT_EQ(result.working_days_remaining, WorkingDays{8});
    // notAfter 2026-12-11T16:00Z is 2026-12-12 (a Saturday) at +08:00.
    const Validity late{std::nullopt, at("2026-12-11T16:00:00Z")};
    EXPECT_EQ(evaluate_at("2026-11-30T09:00:00Z", policy, late).expiry_date, on("2026-12-12"));
}

} // namespace
} // namespace certgate
