#pragma once
// Certificates made inside the tests at exact instants, with OpenSSL, so that
// no fixture silently ages.

#include "certgate/core/time.hpp"

#include <memory>
#include <string>
#include <vector>

using X509 = struct x509_st;
using EVP_PKEY = struct evp_pkey_st;

namespace certgate::testing {

enum class KeyKind { ec_p256, rsa2048, ed25519 };

class TestCertificate;

/// What to put in a generated certificate.
struct CertificateSpec {
    std::string common_name = "test.example.com";
    std::string organization;
    std::vector<std::string> dns_names;    ///< subjectAltName DNS entries
    std::vector<std::string> ip_addresses; ///< subjectAltName IP entries ("127.0.0.1", "::1")
    std::vector<std::string> emails;       ///< subjectAltName email entries
    std::string not_before = "2026-01-01T00:00:00Z";
    std::string not_after = "2027-01-01T00:00:00Z";
    KeyKind key = KeyKind::ec_p256;
    const TestCertificate* issuer = nullptr; ///< nullptr: self-signed
    bool is_ca = false;
    long serial = 1;
};

/// A generated certificate with its private key.
class TestCertificate {
public:
    TestCertificate(std::shared_ptr<X509> certificate, std::shared_ptr<EVP_PKEY> key);

    [[nodiscard]] std::string pem() const;
    [[nodiscard]] std::string der() const;
    [[nodiscard]] std::string private_key_pem() const;
    /// The private key as encrypted PKCS#8 PEM.
    [[nodiscard]] std::string encrypted_private_key_pem(const std::string& password) const;
    /// Lowercase hex SHA-256 of the DER.
    [[nodiscard]] std::string fingerprint_sha256() const;
    [[nodiscard]] X509* x509() const { return m_certificate.get(); }
    [[nodiscard]] EVP_PKEY* key() const { return m_key.get(); }

private:
    std::shared_ptr<X509> m_certificate;
    std::shared_ptr<EVP_PKEY> m_key;
};

/// Generates a certificate as the spec says; throws std::runtime_error on an
/// OpenSSL failure (a broken test, not a test result).
[[nodiscard]] TestCertificate make_certificate(const CertificateSpec& spec);

/// Parses an RFC 3339 instant or throws.
[[nodiscard]] Instant at(const std::string& rfc3339);
/// Parses a YYYY-MM-DD date or throws.
[[nodiscard]] Date on(const std::string& date);

} // namespace certgate::testing
