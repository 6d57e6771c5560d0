// libFuzzer entry of the smtp_replies harness (what it checks: smtp_replies_target.hpp).
#include "smtp_replies_target.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    certgate::fuzz::fuzz_smtp_replies(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
