#pragma once
// Severities of a finding, in gate order, plus the two states outside it.

#include "certgate/core/result.hpp"

#include <string_view>

namespace certgate {

/// ok < notice < warning < renew < critical < expired form the gate order;
/// `unknown` (known only after apply) and `error` (could not evaluate) stand
/// outside it.
enum class Severity { ok, notice, warning, renew, critical, expired, unknown, error };

/// "ok", "notice", …, "unknown", "error".
[[nodiscard]] std::string_view to_string(Severity severity);

/// Parses a severity name. With `gate_only`, `unknown` and `error` are refused
/// (they cannot be a `fail_on` level).
enum class SeverityScope { gate_only, any };
[[nodiscard]] Result<Severity> parse_severity(std::string_view text, SeverityScope scope);

/// A rank for sorting worst first: error and expired at the top, then
/// critical, renew, warning, unknown, notice, ok.
[[nodiscard]] int badness(Severity severity);

/// True when `severity` is in the gate order and at or above `fail_on`.
[[nodiscard]] bool at_or_above(Severity severity, Severity fail_on);

} // namespace certgate
