// Fuzzes endpoint parsing: one target, and a hosts file.
#include "certgate/adapters/probe/target.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    (void)certgate::probe::parse_target(text);
    (void)certgate::probe::parse_hosts_file(text, "fuzz-hosts.txt");
    return 0;
}
