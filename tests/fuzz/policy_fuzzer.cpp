// Fuzzes the policy configuration parser.
#include "certgate/adapters/config/policy_file.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view content{reinterpret_cast<const char*>(data), size};
    (void)certgate::config::parse_policy_json(content, "fuzz.json");
    return 0;
}
