#pragma once
// The provider block as the types use it, read once by configure().

#include "certgate/app/external.hpp"
#include "certgate/app/provider/provider.hpp"
#include "fields.hpp"

#include <optional>
#include <string>

namespace certgate::app::provider {

/// What configure() read from the provider block.
struct Settings {
    /// The policy defaults as query keys (data sources override them key by key).
    external::StringMap policy;
    std::optional<std::string> now;   ///< the block's now
    std::optional<std::string> store; ///< the block's store
    bool gate_failures_are_errors = false;
};

/// Reads and checks the provider block: every policy default through the
/// one policy assembly, now, store and gate_failures. Diagnostics point at
/// the attribute at fault; nothing is read but a named policy or holiday file.
[[nodiscard]] tv::Diagnostics read_settings(const tv::Value& config, const ProviderEnvironment& environment,
                                            Settings& settings);

/// The world one external kind sees: the provider's now before CERTGATE_NOW,
/// its store before CERTGATE_STORE (data sources read a store only when one
/// is named).
[[nodiscard]] ExternalEnvironment external_environment(const ProviderEnvironment& environment,
                                                       const Settings& settings);

/// The store a resource writes: the block's store, else CERTGATE_STORE, else
/// the default path under XDG_STATE_HOME or HOME.
[[nodiscard]] Result<std::string> resource_store_path(const ProviderEnvironment& environment, const Settings& settings);

} // namespace certgate::app::provider
