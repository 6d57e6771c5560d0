#pragma once
// Shared by the policy file and the flat settings: reading a bounded file and
// parsing single setting values. Errors carry no `where`; callers add it.

#include "certgate/core/policy.hpp"
#include "certgate/core/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace certgate::config::detail {

/// The largest value of a day count setting (100 years).
inline constexpr int k_max_days = 36500;

/// Reads a whole file of at most `limit` bytes. `what` names the file's role in
/// errors ("policy file"). The Error's `where` is the path.
[[nodiscard]] Result<std::string> read_bounded_file(const std::string& path, std::size_t limit, std::string_view what);

/// Checks a day count: 0 to k_max_days.
[[nodiscard]] Result<int> check_count(long long value);

/// Parses "mon" … "sun" into a weekday index (0 = Sunday).
[[nodiscard]] Result<unsigned> parse_weekday(std::string_view text);

/// Parses a percentage greater than 0 and less than 100.
[[nodiscard]] Result<double> check_percent(double value);

/// "string", "a number", … for "got …" in messages; `type_name` is a JSON
/// type name ("string", "number", "array", "object", "boolean", "null").
[[nodiscard]] std::string with_article(std::string_view type_name);

/// Resolves `path` against `base` (a folder) unless it is absolute or base is empty.
[[nodiscard]] std::string resolve_path(const std::string& path, const std::string& base);

} // namespace certgate::config::detail
