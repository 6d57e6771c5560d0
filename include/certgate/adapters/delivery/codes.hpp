#pragma once
// One-time verification codes: random, stored only as slow salted hashes
// (PBKDF2-HMAC-SHA256), so that a copy of the store does not give them away
// cheaply.

#include <string>

namespace certgate::delivery {

/// PBKDF2-HMAC-SHA256 iterations of a code's hash (OWASP's 2023 figure for
/// PBKDF2-HMAC-SHA256): about a quarter of a second per code on one core, so
/// the 10^8 possible codes cost years of CPU time instead of seconds.
inline constexpr unsigned k_code_hash_iterations = 600000;

/// Wrong codes accepted for one recipient before its code is void.
inline constexpr int k_code_max_attempts = 5;

/// A random 8-digit code from the OpenSSL CSPRNG.
[[nodiscard]] std::string random_code();

/// `bytes` random bytes as lowercase hex (salts, idempotency nonces).
[[nodiscard]] std::string random_hex(unsigned bytes);

/// "pbkdf2-sha256$600000$" + lowercase hex of 32 bytes of
/// PBKDF2-HMAC-SHA256(code, salt, k_code_hash_iterations).
[[nodiscard]] std::string hash_code(const std::string& code, const std::string& salt);

/// Whether `code` hashes to `stored` under `salt`, compared in constant time.
/// A hash in any other form (the single SHA-256 of certgate before schema
/// version 2) never matches.
[[nodiscard]] bool code_matches(const std::string& code, const std::string& salt, const std::string& stored);

} // namespace certgate::delivery
