#include "certgate/core/evaluation.hpp"

#include <algorithm>
#include <cmath>

namespace certgate {
namespace {

using std::chrono::days;

// The first date d for which [d, expiry) holds at most `limit` working days.
Date first_date_with_at_most(const WorkingCalendar& calendar, Date expiry, std::int64_t limit)
{
    Date day = expiry;
    std::int64_t count = 0;
    while (true) {
        const Date previous = day - days{1};
        if (calendar.is_working_day(previous)) {
            if (count + 1 > limit) {
                return day;
            }
            ++count;
        }
        day = previous;
    }
}

// The last date d for which [d, expiry) holds at least `needed` working days.
Date last_date_with_at_least(const WorkingCalendar& calendar, Date expiry, std::int64_t needed)
{
    Date day = expiry;
    std::int64_t count = 0;
    while (count < needed) {
        day -= days{1};
        if (calendar.is_working_day(day)) {
            ++count;
        }
    }
    return day;
}

// The instant at which `percent` of the lifetime has passed, if notBefore is known.
std::optional<Instant> lifetime_point(const Validity& validity, const Policy& policy)
{
    if (!policy.renew_after_lifetime_percent || !validity.not_before || validity.not_after <= *validity.not_before) {
        return std::nullopt;
    }
    const auto lifetime = (validity.not_after - *validity.not_before).count();
    const double exact = static_cast<double>(lifetime) * *policy.renew_after_lifetime_percent / 100.0;
    // Rounded up so that "66% has passed" never fires a second early; a value
    // within floating-point noise of a whole second is that second (2.2% of 35
    // days is 66528 s, computed as 66528.00000000001: not one second late).
    const double nearest = std::round(exact);
    const auto elapsed = static_cast<std::int64_t>(std::abs(exact - nearest) < 1e-6 ? nearest : std::ceil(exact));
    return *validity.not_before + std::chrono::seconds{elapsed};
}

std::vector<MilestoneDate> schedule_for(const Validity& validity, const Policy& policy, Date expiry_date)
{
    std::vector<MilestoneDate> schedule;
    const std::optional<Date> issued_on =
        validity.not_before ? std::optional<Date>{policy.time_zone->local_date(*validity.not_before)} : std::nullopt;
    for (const Milestone& milestone : policy.milestones) {
        const Date date = milestone.date_before(expiry_date);
        if (!issued_on || date >= *issued_on) {
            schedule.push_back({milestone, date});
        }
    }
    std::stable_sort(schedule.begin(), schedule.end(),
                     [](const MilestoneDate& a, const MilestoneDate& b) { return a.date < b.date; });
    return schedule;
}

Severity severity_of(const Evaluation& evaluation, const Policy& policy)
{
    if (evaluation.expired) {
        return Severity::expired;
    }
    if (evaluation.working_days_remaining.count < policy.minimum_lead_working_days) {
        return Severity::critical;
    }
    if (evaluation.in_renewal_window) {
        return Severity::renew;
    }
    if (evaluation.days_remaining <= policy.console_reminder_days || evaluation.not_yet_valid) {
        return Severity::warning;
    }
    if (!evaluation.schedule.empty() && evaluation.today >= evaluation.schedule.front().date) {
        return Severity::notice;
    }
    return Severity::ok;
}

} // namespace

Evaluation evaluate(const Validity& validity, const Policy& policy, Instant now)
{
    const TimeZone& zone = *policy.time_zone;
    const WorkingCalendar& calendar = policy.calendar;
    Evaluation result;
    result.today = zone.local_date(now);
    result.expiry_date = zone.local_date(validity.not_after);
    result.expired = now > validity.not_after;
    result.not_yet_valid = validity.not_before && now < *validity.not_before;
    result.days_remaining = (result.expiry_date - result.today).count();
    result.seconds_remaining = (validity.not_after - now).count();
    result.working_days_remaining = calendar.working_days_between(result.today, result.expiry_date);

    result.renewal_window_start =
        first_date_with_at_most(calendar, result.expiry_date, policy.renewal_window_working_days);
    result.renew_by = last_date_with_at_least(calendar, result.expiry_date, policy.minimum_lead_working_days);
    bool window_by_lifetime = false;
    if (const auto point = lifetime_point(validity, policy)) {
        window_by_lifetime = now >= *point;
        result.renewal_window_start = std::min(result.renewal_window_start, zone.local_date(*point));
    }
    result.in_renewal_window =
        !result.expired &&
        (result.working_days_remaining.count <= policy.renewal_window_working_days || window_by_lifetime);

    result.schedule = schedule_for(validity, policy, result.expiry_date);
    for (const MilestoneDate& entry : result.schedule) {
        if (entry.date >= result.today && !result.next_milestone) {
            result.next_milestone = entry;
        }
        // Milestones that share a date: both pick the first in schedule order.
        if (entry.date <= result.today && (!result.last_milestone || entry.date > result.last_milestone->date)) {
            result.last_milestone = entry;
        }
    }
    result.severity = severity_of(result, policy);
    return result;
}

} // namespace certgate
