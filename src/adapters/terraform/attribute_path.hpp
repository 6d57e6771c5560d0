#pragma once
// Attribute paths in Terraform's own syntax: `certificate_pem`, `chain[0].pem`,
// `tags.cert`, `result["odd key"]`.

#include <cstddef>
#include <string>
#include <string_view>

namespace certgate::terraform::detail {

/// Appends the step for object key `key` to `path` (".key", or `["key"]` when
/// the key is not an identifier; no leading dot at the root).
void append_key(std::string& path, std::string_view key);

/// Appends the step for list index `index` ("[3]").
void append_index(std::string& path, std::size_t index);

/// True when `prefix` names `path` itself or one of its ancestors ("" is the
/// ancestor of every path).
[[nodiscard]] bool is_ancestor_or_self(std::string_view prefix, std::string_view path);

/// The path with every list index replaced by `[*]`, for table lookups.
[[nodiscard]] std::string with_any_index(std::string_view path);

/// The last object key of a path ("pem" for `chain[0].pem`), "" when the path
/// ends in an index or a quoted key.
[[nodiscard]] std::string_view last_key(std::string_view path);

} // namespace certgate::terraform::detail
