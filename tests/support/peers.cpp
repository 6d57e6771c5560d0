#include "support/peers.hpp"

#include <cstdlib>
#include <string_view>

namespace certgate::testing {

bool peers_required() {
    const char* value = std::getenv("CERTGATE_REQUIRE_PEERS");
    return value != nullptr && std::string_view(value) == "1";
}

std::string peer_missing_line(const std::string& what) { return "peer missing: " + what; }

} // namespace certgate::testing
