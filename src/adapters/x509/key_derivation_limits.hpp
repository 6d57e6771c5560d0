#pragma once
// Caps on the work password-based key derivations may ask for, checked on
// the parameters as written in the file, before any derivation runs. Private
// to src/adapters/x509.

#include "openssl_handles.hpp"

#include <cstdint>
#include <string_view>

namespace certgate::x509::detail {

/// Iterations one key derivation may ask for when no password is given
/// (the file is read with the empty or absent password): the cap .NET uses
/// for PKCS#12 files loaded without a password.
inline constexpr std::uint64_t k_max_iterations_without_password = 600'000;
/// Iterations one key derivation may ask for when a password is given:
/// above OWASP's highest PBKDF2 recommendation (1,300,000 for HMAC-SHA1),
/// about half a CPU-second.
inline constexpr std::uint64_t k_max_iterations_with_password = 2'000'000;
/// All derivations of one input together may ask for this many times the
/// per-derivation cap (a MAC, an encrypted part and a key fit).
inline constexpr std::uint64_t k_total_iterations_factor = 4;
/// scrypt: N·r·p may be at most this (N = 2^20 with r = 8, p = 1), and
/// 128·N·r at most 32 MiB (OpenSSL's own memory default).
inline constexpr std::uint64_t k_max_scrypt_work = 1ULL << 23;
inline constexpr std::uint64_t k_max_scrypt_memory = 32ULL * 1024 * 1024;

/// Whether the input is read with a password the user gave.
enum class PasswordGiven { no, yes };

/// The work the key derivations of one input may still ask for.
class KdfBudget {
public:
    explicit KdfBudget(PasswordGiven given);

    /// Charges one derivation of `algorithm` (PKCS#12 or PKCS#5 v1 PBE,
    /// PBES2 with PBKDF2 or scrypt) to the budget. Fails with
    /// ErrorCode::limit, naming `what` ("the PKCS#12 MAC"), when one
    /// derivation or all of them together would go over the caps.
    /// Parameters that cannot be read are left to OpenSSL, which refuses
    /// them before deriving anything.
    [[nodiscard]] Result<void> charge_algorithm(const X509_ALGOR* algorithm, std::string_view what,
                                                std::string_view where);
    /// Charges one derivation of `iterations` rounds (nullptr: one round).
    [[nodiscard]] Result<void> charge_iterations(const ASN1_INTEGER* iterations, std::string_view what,
                                                 std::string_view where);

private:
    [[nodiscard]] Result<void> charge(std::uint64_t iterations, std::string_view what, std::string_view where);

    PasswordGiven m_given;
    std::uint64_t m_per_derivation;
    std::uint64_t m_spent = 0;
};

} // namespace certgate::x509::detail
