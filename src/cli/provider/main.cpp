// terraform-provider-certgate: Terraform's plugin protocol 6 over gRPC
// (docs/provider.md). Terraform or OpenTofu starts it; run by hand it says so
// in one line and exits 1.

#include "certgate/app/environment.hpp"
#include "certgate/app/provider/provider.hpp"
#include "certgate/app/provider/serve_provider.hpp"
#include "certgate/cli/cli_support.hpp"

#include <csignal>
#include <exception>
#include <filesystem>
#include <iostream>

int main()
{
    // A host that goes away must give a write error, not a kill.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        const certgate::app::Environment process = certgate::cli::process_environment();
        certgate::app::ProviderEnvironment environment;
        std::error_code ignored;
        environment.working_directory = std::filesystem::current_path(ignored).string();
        environment.now_variable = process.now;
        environment.store_variable = process.store;
        environment.state_home = process.state_home;
        environment.home = process.home;
        environment.clock = certgate::app::system_now();
        const auto provider = certgate::app::make_certgate_provider(environment);
        return certgate::app::serve_provider(*provider, certgate::app::plugin_environment(process), std::cout,
                                             std::cerr);
    } catch (const std::exception& exception) {
        std::cerr << "certgate: error: terraform-provider-certgate: internal error: " << exception.what() << "\n";
        return 1;
    }
}
