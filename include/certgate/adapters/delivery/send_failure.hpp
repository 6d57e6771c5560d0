#pragma once
// What every delivery channel shares: how a failed send is classified and
// how an endpoint is named in messages and in the store.

#include "certgate/core/result.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace certgate::delivery {

/// When one send must end at the latest (e.g. before its claim's lease
/// does); nullopt: only the channel's own timeout applies.
using SendDeadline = std::optional<std::chrono::steady_clock::time_point>;

/// True when a failed send fails the same way on every retry: the server
/// refused this message or this recipient for good (an SMTP 5yz reply to
/// RCPT TO, DATA or the message; a webhook 400, 410, 413, 415 or 422), or
/// the address is invalid. Such errors have ErrorCode::remote or
/// ErrorCode::input; every temporary failure (timeouts, resets, 4yz, HTTP
/// 5xx, a refused login) is ErrorCode::network.
[[nodiscard]] bool is_permanent_failure(const Error& error);

/// The one description of an endpoint that may be printed or stored:
/// "scheme://host[:port]". Paths, queries and user information, which carry
/// webhook tokens and passwords, never appear.
[[nodiscard]] std::string describe_endpoint(const std::string& url);

/// Replaces control characters (CR, LF, ESC, ...) in a line for a terminal
/// or a log by "\xHH", so that a name read from a declaration cannot forge
/// or hide output lines.
[[nodiscard]] std::string printable_line(std::string_view line);

} // namespace certgate::delivery
