#pragma once
// SHA-256 of short strings for stable identifiers (finding keys, recipient ids)
// in the layers that have no OpenSSL. Certificate fingerprints use OpenSSL.

#include <string>
#include <string_view>

namespace certgate {

/// Lowercase hex SHA-256 (FIPS 180-4) of `data`.
[[nodiscard]] std::string sha256_hex(std::string_view data);

} // namespace certgate
