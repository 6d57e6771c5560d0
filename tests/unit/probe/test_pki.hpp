#pragma once
// Certificates for the probe tests, made at exact dates: a root, an
// intermediate and leaves for "localhost", 127.0.0.1 and ::1.

#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <string>

namespace certgate::testing {

/// The instant the probe tests evaluate at: Thursday 2026-11-26 12:00 UTC.
inline constexpr const char* k_probe_now = "2026-11-26T12:00:00Z";

/// A certificate spec with the fields the probe tests vary.
inline CertificateSpec probe_spec(const std::string& common_name, const std::string& not_before,
                                  const std::string& not_after, const TestCertificate* issuer, bool is_ca, long serial)
{
    CertificateSpec spec;
    spec.common_name = common_name;
    spec.not_before = not_before;
    spec.not_after = not_after;
    spec.issuer = issuer;
    spec.is_ca = is_ca;
    spec.serial = serial;
    return spec;
}

/// A small PKI; `ca_file` holds the root as PEM.
struct TestPki {
    TestCertificate root = make_certificate(
        probe_spec("Probe Test Root", "2020-01-01T00:00:00Z", "2040-01-01T00:00:00Z", nullptr, true, 1));
    TestCertificate intermediate = make_certificate(
        probe_spec("Probe Test Intermediate", "2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z", &root, true, 2));

    /// A leaf for localhost (or `common_name`), 127.0.0.1 and ::1 issued by the intermediate.
    [[nodiscard]] TestCertificate leaf(const std::string& not_after, const std::string& common_name = "localhost",
                                       long serial = 10) const
    {
        CertificateSpec spec = probe_spec(common_name, "2026-01-01T00:00:00Z", not_after, &intermediate, false, serial);
        spec.dns_names = {common_name};
        spec.ip_addresses = {"127.0.0.1", "::1"};
        return make_certificate(spec);
    }

    /// A self-signed leaf for localhost.
    [[nodiscard]] static TestCertificate self_signed(const std::string& not_after)
    {
        CertificateSpec spec = probe_spec("localhost", "2026-01-01T00:00:00Z", not_after, nullptr, false, 30);
        spec.dns_names = {"localhost"};
        return make_certificate(spec);
    }

    /// Writes the root to a CA file in `dir`.
    [[nodiscard]] std::string ca_file(const TempDir& dir) const { return dir.write("ca.pem", root.pem()); }
};

} // namespace certgate::testing
