#pragma once
// `certgate recipients`: verification codes and the list of recipients.

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/declarations.hpp"

#include <optional>
#include <string>
#include <vector>

namespace certgate::app {

/// Checks `code` against the stored hash and marks the recipient verified.
/// `now` is the real time (codes expire by the clock, never by --now). Every
/// try counts; after delivery::k_code_max_attempts wrong ones the code is
/// void until `certgate recipients reset`. Fails (ErrorCode::usage) for an
/// unknown recipient, a wrong, expired or void code; verifying a verified
/// recipient again succeeds.
[[nodiscard]] Result<void> verify_recipient(store::Store& store, const std::string& recipient_id,
                                            const std::string& code, Instant now);

/// One line of `certgate recipients list`.
struct RecipientRow {
    std::string id;
    std::string name;     ///< "" when not declared
    std::string contacts; ///< "ops@example.com, +8613800138000"
    std::string channels; ///< "email,sms"
    store::VerificationState state = store::VerificationState::unknown;
    bool declared = false;
    std::optional<Instant> verified_at;
    std::optional<Instant> code_expires_at;
    bool code_sent = false; ///< a code was ever issued (false: registered, waiting for notify)
    /// "email: REASON" for each channel whose verification code the server
    /// refused for good (the code is then void).
    std::vector<std::string> refused_codes;
};

/// Declared recipients with their state, then recipients the store knows
/// that are no longer declared.
[[nodiscard]] Result<std::vector<RecipientRow>> recipient_rows(store::Store& store, const Declarations& declarations);

/// The rows as an aligned text table with a header; `now` is the real time.
[[nodiscard]] std::string format_recipient_rows(const std::vector<RecipientRow>& rows, Instant now);

} // namespace certgate::app
