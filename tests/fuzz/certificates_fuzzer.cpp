// Fuzzes PEM, DER and PKCS#12 reading (PKCS#12 also with a password, as
// `--pkcs12-password` gives it), and the fast certificate decoder against the
// d2i_X509 reference: on the same DER both must agree field by field or
// refuse alike (tests/support/decoder_agreement.hpp states the one exception).
#include "certgate/adapters/x509/certificate_reader.hpp"

#include "../support/decoder_agreement.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view content{reinterpret_cast<const char*>(data), size};
    auto bundle = certgate::x509::read_certificates(content, "fuzz");
    if (certgate::x509::looks_like_pkcs12(content)) {
        (void)certgate::x509::read_pkcs12(content, "fuzz", "fuzz");
    }
    // The raw input as DER, and every certificate a PEM text held.
    auto disagree = certgate::testing::decoder_disagreements(content);
    if (bundle) {
        for (const auto& certificate : bundle->certificates) {
            if (!disagree.empty()) {
                break;
            }
            disagree = certgate::testing::decoder_disagreements(certificate.der);
        }
    }
    if (!disagree.empty()) {
        for (const auto& field : disagree) {
            std::fprintf(stderr, "decoders disagree: %s\n", field.c_str());
        }
        std::abort();
    }
    return 0;
}
