#pragma once
// Nested values travel as JSON-encoded strings (for Terraform's jsondecode()).

#include "certgate/core/result.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::external {

/// A flat JSON object with string values, in the given key order.
using JsonFields = std::vector<std::pair<std::string, std::string>>;

/// `["a","b"]` (compact).
[[nodiscard]] std::string encode_string_list(const std::vector<std::string>& items);

/// `[{"k":"v",...},...]` (compact), each object's keys in the given order.
[[nodiscard]] std::string encode_object_list(const std::vector<JsonFields>& objects);

/// Parses a JSON array of strings (`["a","b"]`). Fails with ErrorCode::usage
/// on anything else; messages never quote the text.
[[nodiscard]] Result<std::vector<std::string>> decode_string_list(std::string_view text);

} // namespace certgate::external
