#pragma once
// One-time verification codes: random, stored only as salted hashes.

#include <string>

namespace certgate::delivery {

/// A random 8-digit code from the OpenSSL CSPRNG.
[[nodiscard]] std::string random_code();

/// `bytes` random bytes as lowercase hex (salts, idempotency nonces).
[[nodiscard]] std::string random_hex(unsigned bytes);

/// Lowercase hex SHA-256 of salt + ":" + code.
[[nodiscard]] std::string hash_code(const std::string& code, const std::string& salt);

/// Compares two strings in time independent of where they differ.
[[nodiscard]] bool constant_time_equal(const std::string& left, const std::string& right);

} // namespace certgate::delivery
