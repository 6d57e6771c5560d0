#pragma once
// go-plugin's start-up contract, without any networking: what the host's
// environment asks for, and the line the plugin answers with.

#include "certgate/adapters/tfplugin/serve.hpp"
#include "certgate/core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace certgate::tfplugin::detail {

/// What the environment asks the server to do.
struct StartPlan {
    std::uint16_t min_port = 0; ///< 0 and 0: any free port the system picks
    std::uint16_t max_port = 0;
    std::string client_certificate_pem; ///< empty: no AutoMTLS (plaintext gRPC, as go-plugin)
};

/// Checks the cookie, the protocol offer, the port range and the client
/// certificate. The error's message is the whole line to print.
[[nodiscard]] Result<StartPlan> plan_start(const PluginEnvironment& environment);

/// "1|6|tcp|127.0.0.1:PORT|grpc|CERT": go-plugin's core protocol 1, plugin
/// protocol 6, the address, and the server certificate's DER in standard
/// base64 without padding (empty without AutoMTLS).
[[nodiscard]] std::string handshake_line(std::uint16_t port, std::string_view certificate_der);

/// Standard base64 (RFC 4648 section 4) without the trailing '=' padding.
[[nodiscard]] std::string base64_unpadded(std::string_view bytes);

} // namespace certgate::tfplugin::detail
