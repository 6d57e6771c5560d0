#pragma once
// Calendar date files: an iCalendar (.ics) file of all-day events, or a plain
// list of YYYY-MM-DD dates, one a line, with # comments.

#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace certgate::config {

/// The largest date file read (4 MiB); larger files are refused unread.
inline constexpr std::size_t k_max_date_file_bytes = 4U * 1024U * 1024U;

/// The last year to which yearly recurring events (RRULE:FREQ=YEARLY) are
/// expanded; they start at their DTSTART.
inline constexpr int k_last_expanded_year = 2100;

/// Reads a holidays or extra-working-days file. A file whose first line is
/// BEGIN:VCALENDAR is read as iCalendar: every VEVENT must be all-day
/// (DTSTART;VALUE=DATE), DTEND is exclusive, DURATION:PnD/PnW is accepted,
/// RRULE:FREQ=YEARLY (with INTERVAL, COUNT or UNTIL) repeats it, EXDATE removes
/// dates, STATUS:CANCELLED events are skipped. Anything else is a list of
/// YYYY-MM-DD dates, one a line; blank lines and text after # are ignored.
/// Errors name the path and the line ("holidays.ics: line 7: …").
[[nodiscard]] Result<std::set<Date>> load_date_file(const std::string& path);

/// Parses the text of a date file; `where` names its origin in errors.
[[nodiscard]] Result<std::set<Date>> parse_date_file(std::string_view text, const std::string& where);

} // namespace certgate::config
