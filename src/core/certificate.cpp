#include "certgate/core/certificate.hpp"

namespace certgate {

std::string display_name(const CertificateInfo& certificate)
{
    if (!certificate.common_name.empty()) {
        return certificate.common_name;
    }
    for (const std::string& san : certificate.sans) {
        if (san.starts_with("DNS:")) {
            return san.substr(4);
        }
    }
    if (!certificate.subject.empty()) {
        return certificate.subject;
    }
    return certificate.fingerprint_sha256;
}

} // namespace certgate
