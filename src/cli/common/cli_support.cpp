#include "certgate/cli/cli_support.hpp"

#include <algorithm>
#include <cstdlib>

namespace certgate::cli {
namespace {

std::optional<std::string> variable(std::string_view name)
{
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts, never written
    const char* value = std::getenv(std::string(name).c_str());
    return value != nullptr ? std::optional<std::string>{value} : std::nullopt;
}

} // namespace

std::string error_line(std::string_view program, const Error& error)
{
    std::string line = std::string(program) + ": error: " + error.describe();
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::replace(line.begin(), line.end(), '\r', ' ');
    return line;
}

app::Environment process_environment()
{
    app::Environment environment;
    environment.now = variable("CERTGATE_NOW");
    environment.store = variable("CERTGATE_STORE");
    environment.state_home = variable("XDG_STATE_HOME");
    environment.home = variable("HOME");
    environment.no_color = variable("NO_COLOR").has_value();
    environment.step_summary = variable("GITHUB_STEP_SUMMARY");
    environment.variable = variable;
    return environment;
}

} // namespace certgate::cli
