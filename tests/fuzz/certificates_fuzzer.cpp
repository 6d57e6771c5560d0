// Fuzzes PEM, DER and PKCS#12 reading (PKCS#12 also with a password, as
// `--pkcs12-password` gives it).
#include "certgate/adapters/x509/certificate_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view content{reinterpret_cast<const char*>(data), size};
    (void)certgate::x509::read_certificates(content, "fuzz");
    if (certgate::x509::looks_like_pkcs12(content)) {
        (void)certgate::x509::read_pkcs12(content, "fuzz", "fuzz");
    }
    return 0;
}
