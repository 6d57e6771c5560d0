#pragma once
// Serves a ProviderService as a Terraform provider plugin: Terraform's
// plugin protocol 6 over gRPC, started the way HashiCorp's go-plugin starts
// plugins (the magic cookie, the protocol version offer, the port range,
// AutoMTLS with a per-start server certificate, one handshake line on
// stdout), with go-plugin's health and controller services beside it.
// See docs/provider.md, "Protocol".

#include "certgate/core/provider_service.hpp"

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

namespace certgate::tfplugin {

/// The value Terraform and OpenTofu put in TF_PLUGIN_MAGIC_COOKIE.
inline constexpr const char* k_magic_cookie = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// gRPC message limit in both directions (Terraform's own is 256 MiB too).
inline constexpr int k_max_message_bytes = 256 * 1024 * 1024;

/// What the plugin host passes in the environment; absent variables are
/// nullopt (the front end reads them, this adapter never calls getenv).
struct PluginEnvironment {
    std::optional<std::string> magic_cookie;       ///< TF_PLUGIN_MAGIC_COOKIE
    std::optional<std::string> protocol_versions;  ///< PLUGIN_PROTOCOL_VERSIONS, e.g. "5,6"
    std::optional<std::string> min_port;           ///< PLUGIN_MIN_PORT
    std::optional<std::string> max_port;           ///< PLUGIN_MAX_PORT
    std::optional<std::string> client_certificate; ///< PLUGIN_CLIENT_CERT (PEM); absent: no AutoMTLS
};

struct ServeOptions {
    std::ostream* handshake = nullptr;         ///< stdout: the one handshake line, nothing else
    std::ostream* log = nullptr;               ///< stderr: refusals and failures, one line each
    std::chrono::system_clock::time_point now; ///< start of the server certificate's validity
};

/// Checks the environment, listens on 127.0.0.1, prints the handshake line
/// and serves until SIGTERM or GRPCController/Shutdown; returns the exit
/// status: 0 after a clean stop, 1 when the environment is refused (no or a
/// wrong cookie, protocol 6 not offered, a bad port range or client
/// certificate; one "certgate: error: ..." line on `log`) or the server
/// cannot start. SIGINT is ignored, as go-plugin's plugins do (Terraform
/// forwards Ctrl-C to its providers and then calls StopProvider). It blocks
/// SIGTERM and SIGINT in the calling process: call it from main before any
/// other thread starts.
[[nodiscard]] int serve(ProviderService& service, const PluginEnvironment& environment, const ServeOptions& options);

} // namespace certgate::tfplugin
