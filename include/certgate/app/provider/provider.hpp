#pragma once
// terraform-provider-certgate's behaviour: the schemas, the data sources
// certgate_certificate and certgate_expiry, and the resources
// certgate_recipient and certgate_notification, as a ProviderService the
// tfplugin6 adapter serves. The rules are certgate-external's (the same
// functions answer both); this layer only maps typed attributes to them.

#include "certgate/core/provider_service.hpp"
#include "certgate/core/time.hpp"

#include <memory>
#include <optional>
#include <string>

namespace certgate::app {

/// The world the provider may look at, read once by the front end.
struct ProviderEnvironment {
    /// Relative paths (certificate_file, policy_file, …) resolve against
    /// this folder: Terraform runs providers in the configuration's folder.
    /// "" = the process's working directory.
    std::string working_directory;
    /// CERTGATE_NOW, used when neither the data source nor the provider
    /// block sets `now`.
    std::optional<std::string> now_variable;
    /// CERTGATE_STORE, used when the provider block sets no `store`.
    std::optional<std::string> store_variable;
    /// XDG_STATE_HOME and HOME: where the store is when neither says
    /// (resources only; data sources read a store only when one is named).
    std::optional<std::string> state_home;
    std::optional<std::string> home;
    /// The system clock, used when no `now` is given anywhere.
    Instant clock{};
};

/// The provider; safe to call from several threads after configure().
[[nodiscard]] std::unique_ptr<ProviderService> make_certgate_provider(const ProviderEnvironment& environment);

} // namespace certgate::app
