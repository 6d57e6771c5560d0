#pragma once
// SHA-256 for stable identifiers (recipient ids), without a crypto library.

#include <string>
#include <string_view>

namespace certgate::external {

/// The SHA-256 digest of `data` as 64 lowercase hex digits (FIPS 180-4).
[[nodiscard]] std::string sha256_hex(std::string_view data);

} // namespace certgate::external
