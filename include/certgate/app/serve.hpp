#pragma once
// `certgate serve`: the read-only certificate console (docs/console.md).

#include "certgate/app/environment.hpp"
#include "certgate/app/notify_inputs.hpp"

#include <functional>
#include <optional>
#include <string>

namespace certgate::app {

/// What `certgate serve` is asked.
struct ServeRequest {
    DeclarationInputs inputs;
    std::optional<std::string> now;   ///< --now: every page is as of this instant
    std::optional<std::string> store; ///< --store (read only); without it and CERTGATE_STORE, none
    std::string listen = "127.0.0.1:8080";
    /// Receives the lines for stderr (listening, warnings, reload errors).
    std::function<void(const std::string& line)> say;
};

/// Reads the inputs, binds, serves until SIGINT or SIGTERM, then returns.
/// Fails before serving on a bad --listen, policy, --now, unreadable
/// declarations or store, or an address that cannot be bound.
[[nodiscard]] Result<void> run_serve(const ServeRequest& request, const Environment& environment);

} // namespace certgate::app
