#pragma once
// A throwaway identity for a TLS server on loopback: a fresh ECDSA P-521 key
// and a self-signed certificate, the shape go-plugin's AutoMTLS makes for
// each plugin start (the Terraform provider's server certificate).

#include "certgate/core/result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace certgate::x509 {

struct SelfSignedIdentity {
    std::string certificate_pem;
    std::string certificate_der;
    std::string private_key_pem; ///< PKCS#8; never logged or printed
};

/// A new key and a certificate for `host` (subject CN and DNS SAN), valid
/// from 30 seconds before `now` (clock skew between the two ends) for
/// `validity`; CA:TRUE with serverAuth and clientAuth, so that the peer can
/// pin it as its only trust anchor. Fails (ErrorCode::internal) only when
/// OpenSSL cannot make a key or sign.
[[nodiscard]] Result<SelfSignedIdentity>
make_self_signed(std::string_view host, std::chrono::system_clock::time_point now, std::chrono::seconds validity);

} // namespace certgate::x509
