#include "certgate/cli/cli_support.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace certgate::cli {

std::string error_line(std::string_view program, const Error& error)
{
    std::string line = std::string(program) + ": error: " + error.describe();
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::replace(line.begin(), line.end(), '\r', ' ');
    return line;
}

Result<Instant> resolve_now(const std::optional<std::string>& flag, const TimeZone& zone)
{
    std::optional<std::string> text = flag;
    std::string where = "--now";
    if (!text) {
        if (const char* variable = std::getenv("CERTGATE_NOW"); variable != nullptr && *variable != '\0') {
            text = variable;
            where = "CERTGATE_NOW";
        }
    }
    if (!text) {
        return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    }
    auto moment = parse_instant_or_date(*text);
    if (!moment) {
        return make_error(ErrorCode::usage, moment.error().message, where);
    }
    return resolve_instant(*moment, zone);
}

} // namespace certgate::cli
