#pragma once
// JSON text to a typed Terraform value (the one place the provider reads
// JSON): resource state as Terraform stores it (UpgradeResourceState), and
// the JSON-encoded lists in certgate-external's string results.

#include "certgate/core/result.hpp"
#include "certgate/core/terraform_value.hpp"

#include <string_view>

namespace certgate::tfjson {

/// Decodes `text` as a value of `type`: null is null; strings, numbers,
/// booleans, lists, sets, maps and objects by their JSON forms (an object's
/// attributes absent from the JSON are null, extra ones are dropped, so
/// state written by an older schema still reads). Refuses more than 16 MiB.
/// Fails (ErrorCode::input) naming the JSON
/// pointer of the first value that does not fit `type`; messages never
/// quote the text.
[[nodiscard]] Result<terraform_value::Value> value_from_json(std::string_view text,
                                                             const terraform_value::TypePtr& type);

} // namespace certgate::tfjson
