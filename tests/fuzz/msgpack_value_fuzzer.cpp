// libFuzzer entry of the msgpack_value harness (what it checks: msgpack_value_target.hpp).
#include "msgpack_value_target.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    certgate::fuzz::fuzz_msgpack_value(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
