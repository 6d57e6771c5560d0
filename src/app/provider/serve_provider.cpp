#include "certgate/app/provider/serve_provider.hpp"

#include <chrono>

namespace certgate::app {

PluginEnvironment plugin_environment(const Environment& environment)
{
    PluginEnvironment plugin;
    plugin.magic_cookie = environment.lookup("TF_PLUGIN_MAGIC_COOKIE");
    plugin.protocol_versions = environment.lookup("PLUGIN_PROTOCOL_VERSIONS");
    plugin.min_port = environment.lookup("PLUGIN_MIN_PORT");
    plugin.max_port = environment.lookup("PLUGIN_MAX_PORT");
    plugin.client_certificate = environment.lookup("PLUGIN_CLIENT_CERT");
    return plugin;
}

int serve_provider(ProviderService& service, const PluginEnvironment& environment, std::ostream& out, std::ostream& err)
{
    tfplugin::ServeOptions options;
    options.handshake = &out;
    options.log = &err;
    options.now = std::chrono::system_clock::now();
    return tfplugin::serve(service, environment, options);
}

} // namespace certgate::app
