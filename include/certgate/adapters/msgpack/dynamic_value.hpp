#pragma once
// Terraform's DynamicValue in msgpack form (the protocol's object wire
// format) <-> terraform_value::Value, always against the Type the schema
// gives: objects are maps keyed by attribute name, lists, sets and tuples
// are arrays, numbers are integers, floats or decimal strings, nil is null,
// any extension is an unknown value (code 12, a refined unknown, is read as
// plainly unknown), and the dynamic type is the pair [type JSON, value].

#include "certgate/core/result.hpp"
#include "certgate/core/terraform_value.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace certgate::msgpack_value {

/// Deeper nesting than this is refused (certgate's schemas nest three levels).
inline constexpr std::size_t k_max_depth = 64;
/// At most this many values in one DynamicValue (each costs ~100 bytes in
/// memory, however few bytes it takes on the wire).
inline constexpr std::size_t k_max_values = 1'000'000;

/// Decodes one msgpack value of `type`. Fails (ErrorCode::input, or
/// ErrorCode::limit past the bounds above) on malformed or truncated bytes,
/// trailing bytes, a value that does not fit the type, an attribute the
/// object type does not have, a duplicate key; `where` is the attribute path
/// (".sans[2]") of the fault.
[[nodiscard]] Result<terraform_value::Value> decode(std::string_view bytes, const terraform_value::Type& type);

/// Encodes `value` as `type`, the most compact form of each. Fails
/// (ErrorCode::internal: the provider built a value its schema does not
/// allow) when the value does not fit the type or a number is not finite.
[[nodiscard]] Result<std::string> encode(const terraform_value::Value& value, const terraform_value::Type& type);

} // namespace certgate::msgpack_value
