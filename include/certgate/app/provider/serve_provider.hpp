#pragma once
// terraform-provider-certgate's use case: serve a ProviderService to the
// Terraform or OpenTofu process that started this one (tfplugin6 over
// gRPC, go-plugin's start-up contract; docs/provider.md, "Protocol").

#include "certgate/adapters/tfplugin/serve.hpp"
#include "certgate/app/environment.hpp"
#include "certgate/core/provider_service.hpp"

#include <ostream>

namespace certgate::app {

using PluginEnvironment = tfplugin::PluginEnvironment;

/// The go-plugin variables of the process environment
/// (TF_PLUGIN_MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSIONS, PLUGIN_MIN_PORT,
/// PLUGIN_MAX_PORT, PLUGIN_CLIENT_CERT).
[[nodiscard]] PluginEnvironment plugin_environment(const Environment& environment);

/// Serves until the host stops the plugin; returns the exit status (0 after
/// a clean stop, 1 when the environment is refused or the server cannot
/// start, with one line on `err`). `out` receives the handshake line only.
/// Call it from main before any other thread starts (it owns SIGTERM and
/// SIGINT from then on).
[[nodiscard]] int serve_provider(ProviderService& service, const PluginEnvironment& environment, std::ostream& out,
                                 std::ostream& err);

} // namespace certgate::app
