// libFuzzer entry of the webhook_responses harness (what it checks: webhook_responses_target.hpp).
#include "webhook_responses_target.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    certgate::fuzz::fuzz_webhook_responses(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
