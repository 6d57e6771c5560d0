#pragma once
// cty type constraints as compact JSON, the form the plugin protocol uses in
// Schema.Attribute.type and inside dynamic values: "string", "number",
// "bool", "dynamic", ["list",T], ["set",T], ["map",T],
// ["object",{"name":T,...}], ["tuple",[T,...]].

#include "certgate/core/result.hpp"
#include "certgate/core/terraform_value.hpp"

#include <string>
#include <string_view>

namespace certgate::msgpack_value {

/// The compact JSON of `type` (object attributes in name order).
[[nodiscard]] std::string type_json(const terraform_value::Type& type);

/// Reads a type constraint. Fails (ErrorCode::input) on JSON that is not one
/// of the forms above, or nested deeper than k_max_depth.
[[nodiscard]] Result<terraform_value::TypePtr> parse_type_json(std::string_view json);

/// The object type a schema's block has on the wire: one attribute per
/// schema attribute.
[[nodiscard]] terraform_value::TypePtr object_type_of(const terraform_value::Schema& schema);

} // namespace certgate::msgpack_value
