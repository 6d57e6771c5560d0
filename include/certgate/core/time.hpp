#pragma once
// Instants, calendar dates and their text forms (RFC 3339, YYYY-MM-DD).

#include "certgate/core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace certgate {

/// A point in time, UTC, to the second.
using Instant = std::chrono::sys_seconds;
/// A calendar date (no time zone attached).
using Date = std::chrono::sys_days;

/// Parses "YYYY-MM-DD". Fails on anything else, including impossible dates.
[[nodiscard]] Result<Date> parse_date(std::string_view text);

/// Parses RFC 3339: "2026-11-26T08:00:00Z", "…T16:00:00+08:00", with optional
/// fractional seconds (truncated) and a lowercase 't'/'z'. Fails on anything else.
[[nodiscard]] Result<Instant> parse_rfc3339(std::string_view text);

/// A moment given either as an instant or as a bare date, which means 00:00 of
/// that date in the policy time zone (resolved by the caller).
using InstantOrDate = std::variant<Instant, Date>;

/// Parses RFC 3339 or a bare "YYYY-MM-DD".
[[nodiscard]] Result<InstantOrDate> parse_instant_or_date(std::string_view text);

/// "YYYY-MM-DDTHH:MM:SSZ".
[[nodiscard]] std::string format_rfc3339(Instant instant);

/// "YYYY-MM-DD".
[[nodiscard]] std::string format_date(Date date);

/// Day of the week, 0 = Sunday … 6 = Saturday (as std::chrono::weekday::c_encoding).
[[nodiscard]] unsigned weekday_index(Date date);

} // namespace certgate
