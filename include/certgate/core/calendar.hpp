#pragma once
// Working days: weekends, holidays and extra working days.

#include "certgate/core/time.hpp"

#include <array>
#include <cstdint>
#include <set>

namespace certgate {

/// A count of working days, kept apart from calendar days by its type.
struct WorkingDays {
    std::int64_t count = 0;
    friend auto operator<=>(const WorkingDays&, const WorkingDays&) = default;
};

/// Which dates are working days. A date in `extra_working_days` is a working
/// day whatever its weekday and even if it is also listed as a holiday.
struct WorkingCalendar {
    /// weekend[i] is true when weekday i (0 = Sunday … 6 = Saturday) is a weekend day.
    std::array<bool, 7> weekend{true, false, false, false, false, false, true};
    std::set<Date> holidays;
    std::set<Date> extra_working_days;

    [[nodiscard]] bool is_working_day(Date date) const;
    /// The number of working days d with from <= d < to (0 when to <= from).
    /// Takes time proportional to the holidays in range, not to the span.
    [[nodiscard]] WorkingDays working_days_between(Date from, Date to) const;
    /// True when at least one weekday is not a weekend day, so working days exist.
    [[nodiscard]] bool has_working_weekdays() const;
};

} // namespace certgate
