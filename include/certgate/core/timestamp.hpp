#pragma once
// The one timestamp parser for expiry values that come from outside
// (Terraform resource attributes, the Huawei Cloud API, certgate-external
// queries): RFC 3339, zoneless wall-clock times, and epochs.

#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"
#include "certgate/core/time_zone.hpp"

#include <string_view>

namespace certgate {

/// Whether a bare "YYYY-MM-DD" is a timestamp (00:00 of that day in the zone).
enum class BareDate { refused, start_of_day };

/// Why a timestamp was refused.
enum class TimestampProblem {
    syntax,      ///< none of the accepted forms
    epoch_digits ///< all digits, but more than 13 of them
};

/// Epochs: all digits; up to 11 digits are seconds, 12 or 13 digits are
/// milliseconds (truncated to the second), more are refused (as seconds they
/// would be past the year 9999). 11 digits of seconds reach the year 5138; 12
/// digits of seconds would be past 33658, so a 12-digit epoch is milliseconds.
inline constexpr std::size_t k_max_epoch_seconds_digits = 11;
inline constexpr std::size_t k_max_epoch_milliseconds_digits = 13;

/// Longer texts are never timestamps.
inline constexpr std::size_t k_max_timestamp_bytes = 64;

/// Parses a timestamp: an epoch (above); RFC 3339 ("2027-01-01T00:00:00Z",
/// "…+08:00", a space instead of 'T', fractional seconds truncated); a
/// wall-clock time without a zone ("YYYY-MM-DD HH:MM:SS[.fraction]", 'T' or
/// ' '), read in `zoneless`; and with BareDate::start_of_day a bare date.
/// Pure. The error (ErrorCode::input) never repeats the text; its message is
/// timestamp_problem_message() of the problem.
[[nodiscard]] Result<Instant> parse_timestamp(std::string_view text, const TimeZone& zoneless,
                                              BareDate bare_date = BareDate::refused);

/// The problem a parse_timestamp error stands for.
[[nodiscard]] TimestampProblem timestamp_problem(const Error& error);

/// "not a timestamp" (syntax) or the epoch rule (epoch_digits), for messages.
[[nodiscard]] std::string_view timestamp_problem_message(TimestampProblem problem);

} // namespace certgate
