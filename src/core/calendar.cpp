#include "certgate/core/calendar.hpp"

#include <algorithm>

namespace certgate {

bool WorkingCalendar::is_working_day(Date date) const
{
    if (extra_working_days.contains(date)) {
        return true;
    }
    return !weekend[weekday_index(date)] && !holidays.contains(date);
}

WorkingDays WorkingCalendar::working_days_between(Date from, Date to) const
{
    if (to <= from) {
        return {};
    }
    const auto span = (to - from).count();
    const auto weekend_days = std::count(weekend.begin(), weekend.end(), true);
    std::int64_t count = (span / 7) * (7 - weekend_days);
    // The days past the last full week each fall on a distinct weekday.
    for (Date day = from + std::chrono::days{(span / 7) * 7}; day < to; day += std::chrono::days{1}) {
        if (!weekend[weekday_index(day)]) {
            ++count;
        }
    }
    for (auto it = holidays.lower_bound(from); it != holidays.end() && *it < to; ++it) {
        if (!weekend[weekday_index(*it)] && !extra_working_days.contains(*it)) {
            --count;
        }
    }
    for (auto it = extra_working_days.lower_bound(from); it != extra_working_days.end() && *it < to; ++it) {
        if (weekend[weekday_index(*it)]) {
            ++count;
        }
    }
    return WorkingDays{count};
}

bool WorkingCalendar::has_working_weekdays() const
{
    return std::find(weekend.begin(), weekend.end(), false) != weekend.end();
}

} // namespace certgate
