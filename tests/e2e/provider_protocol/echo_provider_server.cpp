// The protocol tests' plugin: app::serve_provider over the echo provider,
// started by the tests exactly as Terraform starts a provider.
#include "certgate/app/provider/serve_provider.hpp"
#include "echo_provider.hpp"

#include <cstdlib>
#include <iostream>

int main()
{
    certgate::app::Environment environment;
    environment.variable = [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        return value == nullptr ? std::nullopt : std::optional<std::string>(value);
    };
    certgate::testing::EchoProvider provider;
    return certgate::app::serve_provider(provider, certgate::app::plugin_environment(environment), std::cout,
                                         std::cerr);
}
