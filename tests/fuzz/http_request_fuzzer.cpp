// libFuzzer entry of the http_request harness (what it checks: http_request_target.hpp).
#include "http_request_target.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    certgate::fuzz::fuzz_http_request(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
