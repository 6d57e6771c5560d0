#pragma once
// What the two front ends share: error lines, exit codes, the clock.

#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"
#include "certgate/core/time_zone.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace certgate::cli {

/// Exit statuses of `certgate`.
inline constexpr int k_exit_pass = 0;
inline constexpr int k_exit_gate_failed = 1;
inline constexpr int k_exit_usage = 2;

/// "certgate: error: <where>: <message>" (one line; newlines in the message
/// are folded into spaces).
[[nodiscard]] std::string error_line(std::string_view program, const Error& error);

/// The instant to evaluate at: `flag` (--now) if given, else the
/// CERTGATE_NOW environment variable, else the system clock. A bare date is
/// 00:00 in `zone`. The Error's `where` names the flag or variable.
[[nodiscard]] Result<Instant> resolve_now(const std::optional<std::string>& flag, const TimeZone& zone);

} // namespace certgate::cli
