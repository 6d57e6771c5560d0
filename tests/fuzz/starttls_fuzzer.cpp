// libFuzzer entry of the starttls harness (what it checks: starttls_target.hpp).
#include "starttls_target.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    certgate::fuzz::fuzz_starttls(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
