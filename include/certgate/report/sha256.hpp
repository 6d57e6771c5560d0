#pragma once
// SHA-256 for stable finding identifiers (the report layer has no OpenSSL).

#include <string>
#include <string_view>

namespace certgate::report {

/// Lowercase hex SHA-256 (FIPS 180-4) of `data`.
[[nodiscard]] std::string sha256_hex(std::string_view data);

} // namespace certgate::report
