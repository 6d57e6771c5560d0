// libFuzzer entry of the mime harness (what it checks: mime_target.hpp).
#include "mime_target.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    certgate::fuzz::fuzz_mime(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
