// certgate-external KIND: Terraform's external program protocol (SPEC section 4).

#include "certgate/app/external.hpp"
#include "certgate/cli/cli_support.hpp"

#include <csignal>
#include <exception>
#include <filesystem>
#include <iostream>

int main(int argc, char** argv)
{
    // Terraform closing the pipe early must give a write error, not a kill.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        std::ios::sync_with_stdio(false);
        const certgate::app::Environment process = certgate::cli::process_environment();
        certgate::app::ExternalEnvironment environment;
        std::error_code ignored;
        environment.working_directory = std::filesystem::current_path(ignored).string();
        environment.now_variable = process.now;
        environment.store_path = process.store;
        environment.clock = certgate::app::system_now();
        const std::vector<std::string> arguments(argv + (argc > 0 ? 1 : 0), argv + argc);
        const certgate::app::ExternalAnswer answer =
            certgate::app::answer_external_command(arguments, std::cin, environment);
        std::cout << answer.out << std::flush;
        std::cerr << answer.err << std::flush;
        return answer.exit_code;
    } catch (const std::exception& exception) {
        std::cerr << "certgate-external: internal error: " << exception.what() << "\n";
        return certgate::app::k_external_exit_error;
    }
}
