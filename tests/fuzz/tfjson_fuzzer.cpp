// libFuzzer entry for fuzz::fuzz_tfjson (tfjson_target.hpp).
#include "tfjson_target.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    certgate::fuzz::fuzz_tfjson({reinterpret_cast<const char*>(data), size});
    return 0;
}
