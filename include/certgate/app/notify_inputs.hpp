#pragma once
// What `notify`, `status` and `recipients` share: where declarations and the
// policy come from.

#include "certgate/app/declarations.hpp"
#include "certgate/app/environment.hpp"
#include "certgate/app/policy.hpp"

#include <optional>
#include <string>

namespace certgate::app {

/// --state / --declarations and the policy flags as given.
struct DeclarationInputs {
    std::optional<std::string> state;        ///< terraform show -json output
    std::optional<std::string> declarations; ///< schemas/declarations.schema.json
    PolicySources policy;                    ///< --config, --timezone, --fail-on, …
};

/// Reads the declarations. Fails (ErrorCode::usage) when neither or both of
/// --state and --declarations are given and `required`; returns empty
/// declarations when neither is given and not `required`.
[[nodiscard]] Result<Declarations> load_declarations(const DeclarationInputs& inputs, bool required);

/// The policy of `inputs.policy` (see assemble_policy); validated.
[[nodiscard]] Result<Policy> load_policy(const DeclarationInputs& inputs);

/// What `notify` and `status` start from, read in this order.
struct DeclaredRun {
    Policy policy;
    Instant now{};
    Declarations declarations;
};

/// The policy, then `now` (resolve_now of `now_flag` in the policy's zone,
/// against the system clock), then the declarations (required).
[[nodiscard]] Result<DeclaredRun> load_declared_run(const DeclarationInputs& inputs,
                                                    const std::optional<std::string>& now_flag,
                                                    const Environment& environment);

} // namespace certgate::app
