#pragma once
// Terraform's external program protocol (hashicorp/external provider): one
// JSON object of strings on stdin, one JSON object of strings on stdout.

#include "certgate/core/result.hpp"

#include <cstddef>
#include <istream>
#include <map>
#include <string>
#include <string_view>

namespace certgate::external {

/// The largest query accepted on stdin (1 MiB). Terraform sends a few hundred
/// bytes; large certificates belong in files (`certificate_file`).
inline constexpr std::size_t k_max_query_bytes = 1024 * 1024;

/// A query or a result: keys sorted bytewise, as Go's json.Marshal sends them.
using StringMap = std::map<std::string, std::string>;

/// Reads the whole of `in`, refusing more than `max_bytes` without reading
/// further (ErrorCode::limit, where "stdin").
[[nodiscard]] Result<std::string> read_query_text(std::istream& in, std::size_t max_bytes = k_max_query_bytes);

/// Parses exactly one JSON object whose values are all strings. Fails on
/// invalid JSON, invalid UTF-8, trailing data, a top level that is not an
/// object, a value that is not a string (where = that key) and a duplicate
/// key (where = that key). Messages never quote the input's values.
[[nodiscard]] Result<StringMap> parse_query(std::string_view text);

/// One compact JSON object of strings followed by a newline (Go's decoder
/// accepts trailing whitespace). Non-ASCII is written as UTF-8.
[[nodiscard]] std::string write_result(const StringMap& result);

} // namespace certgate::external
