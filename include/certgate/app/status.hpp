#pragma once
// The `certgate status` use case as one call: policy, now, declarations, the
// optional store, the rows and their text.

#include "certgate/app/environment.hpp"
#include "certgate/app/notify_inputs.hpp"

#include <optional>
#include <string>

namespace certgate::app {

/// How the console view is written.
enum class StatusFormat { text, json };

/// What `certgate status` is asked.
struct StatusRequest {
    DeclarationInputs inputs;
    std::optional<std::string> now;   ///< --now
    std::optional<std::string> store; ///< --store; read only, and only when it or CERTGATE_STORE is given
    StatusFormat format = StatusFormat::text;
    bool gate = false; ///< --fail-on was given: a certificate at or above it fails
};

/// The view and whether it fails the gate.
struct StatusOutcome {
    std::string text;
    bool gate_failed = false; ///< only with `gate`
};

/// Prints nothing: returns the view. Fails on a bad policy, --now, unreadable
/// declarations or store.
[[nodiscard]] Result<StatusOutcome> run_status(const StatusRequest& request, const Environment& environment);

} // namespace certgate::app
