#pragma once
// What the two front ends share: error lines, exit codes, the environment.

#include "certgate/app/environment.hpp"
#include "certgate/core/result.hpp"

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

/// The process environment, read once at start (before any thread) by each
/// program's main: the one place certgate calls getenv.
[[nodiscard]] app::Environment process_environment();

} // namespace certgate::cli
