// certgate-external KIND: Terraform's external program protocol (SPEC section 4).

#include "certgate/app/external.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>

namespace {

std::optional<std::string> environment_variable(const char* name)
{
    const char* value = std::getenv(name); // NOLINT(concurrency-mt-unsafe): read before any thread starts
    return value ? std::optional<std::string>{value} : std::nullopt;
}

} // namespace

int main(int argc, char** argv)
{
    // Terraform closing the pipe early must give a write error, not a kill.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        std::ios::sync_with_stdio(false);
        certgate::app::ExternalEnvironment environment;
        std::error_code ignored;
        environment.working_directory = std::filesystem::current_path(ignored).string();
        environment.now_variable = environment_variable("CERTGATE_NOW");
        environment.store_path = environment_variable("CERTGATE_STORE");
        environment.clock = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
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
