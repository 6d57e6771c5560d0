#include "support/peers.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace certgate::testing {

bool peers_required()
{
    const char* value = std::getenv("CERTGATE_REQUIRE_PEERS");
    return value != nullptr && std::string_view(value) == "1";
}

std::map<std::string, std::string> read_peer_env(const std::string& file_name)
{
    const char* cache = std::getenv("CERTGATE_PEER_CACHE");
    const char* home = std::getenv("HOME");
    const std::filesystem::path folder = cache != nullptr && *cache != '\0' ? std::filesystem::path(cache)
                                         : home != nullptr ? std::filesystem::path(home) / ".cache/certgate-peers"
                                                           : std::filesystem::path();
    std::map<std::string, std::string> values;
    std::ifstream in(folder / file_name);
    for (std::string line; std::getline(in, line);) {
        const auto equals = line.find('=');
        if (!line.empty() && line.front() != '#' && equals != std::string::npos) {
            values[line.substr(0, equals)] = line.substr(equals + 1);
        }
    }
    return values;
}

std::string peer_missing_line(const std::string& what)
{
    return "peer missing: " + what;
}

} // namespace certgate::testing
