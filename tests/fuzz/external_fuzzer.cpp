// Fuzzes the external program's query handling for every KIND. The first
// byte picks the kind; the rest is the query text on stdin.
#include "certgate/app/external.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    const auto& kinds = certgate::app::external_kinds();
    const std::string& kind = kinds[data[0] % kinds.size()];
    certgate::app::ExternalEnvironment environment;
    environment.working_directory = "/nonexistent-certgate-fuzz";
    environment.clock = certgate::Instant{std::chrono::seconds{1796000000}};
    const std::string_view query{reinterpret_cast<const char*>(data + 1), size - 1};
    (void)certgate::app::answer_external(kind, query, environment);
    return 0;
}
