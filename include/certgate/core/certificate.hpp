#pragma once
// What certgate knows about one certificate, independent of where it came from.

#include "certgate/core/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace certgate {

/// The identity and validity of a certificate. Filled by the x509 adapter
/// from a parsed certificate, or partly (only `not_after`, perhaps
/// `not_before`) from a timestamp in a cloud resource or API.
struct CertificateInfo {
    std::string subject;            ///< RFC 2253 form, "CN=web.example.com,O=Example"
    std::string issuer;             ///< RFC 2253 form
    std::string common_name;        ///< the subject's last CN, "" when none
    std::vector<std::string> sans;  ///< "DNS:…", "IP:…", "email:…"
    std::string serial;             ///< lowercase hex, no separators
    std::string fingerprint_sha256; ///< lowercase hex of SHA-256 over the DER
    std::optional<Instant> not_before;
    Instant not_after;
    std::string key_type;            ///< "RSA", "EC", "Ed25519", …; "" when unknown
    int key_bits = 0;                ///< 0 when unknown
    std::string signature_algorithm; ///< "sha256WithRSAEncryption", …
    bool self_signed = false;
    bool is_ca = false;
};

/// The best short name for a certificate: its common name, else its first
/// DNS SAN, else its subject, else its fingerprint.
[[nodiscard]] std::string display_name(const CertificateInfo& certificate);

} // namespace certgate
