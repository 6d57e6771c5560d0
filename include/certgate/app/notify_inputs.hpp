#pragma once
// What `notify`, `status` and `recipients` share: where declarations and the
// policy come from.

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/app/declarations.hpp"

#include <optional>
#include <string>

namespace certgate::app {

/// --state / --declarations / --config / --timezone as given.
struct DeclarationInputs {
    std::optional<std::string> state;        ///< terraform show -json output
    std::optional<std::string> declarations; ///< schemas/declarations.schema.json
    std::optional<std::string> config;       ///< policy file
    std::optional<std::string> timezone;
};

/// Reads the declarations. Fails (ErrorCode::usage) when neither or both of
/// --state and --declarations are given and `required`; returns empty
/// declarations when neither is given and not `required`.
[[nodiscard]] Result<Declarations> load_declarations(const DeclarationInputs& inputs, bool required);

/// The policy from --config, then --timezone; validated.
[[nodiscard]] Result<Policy> load_policy(const DeclarationInputs& inputs);

} // namespace certgate::app
