// Fuzzes PEM, DER and PKCS#12 reading.
#include "certgate/adapters/x509/certificate_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view content{reinterpret_cast<const char*>(data), size};
    (void)certgate::x509::read_certificates(content, "fuzz");
    return 0;
}
