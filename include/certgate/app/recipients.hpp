#pragma once
// The `certgate recipients` use cases as one call each: list, verify, reset.
// Each checks the policy flags, refuses --now (codes expire by the real
// clock) and opens the store (--store, CERTGATE_STORE, else the default path).

#include "certgate/app/environment.hpp"
#include "certgate/app/notify_inputs.hpp"

#include <functional>
#include <optional>
#include <string>

namespace certgate::app {

/// What every `certgate recipients` subcommand is given.
struct RecipientsRequest {
    DeclarationInputs inputs;         ///< list: the declared recipients (optional)
    std::optional<std::string> now;   ///< refused when given
    std::optional<std::string> store; ///< --store
};

/// `recipients list`: the table of recipients (read only). Fails on a bad
/// policy, --now, unreadable declarations or store.
[[nodiscard]] Result<std::string> list_recipients(const RecipientsRequest& request, const Environment& environment);

/// How a verification ended, once the store and the code could be read.
struct VerifyOutcome {
    bool verified = false;
    Error refusal; ///< when not verified: wrong, expired or void code, unknown recipient
};

/// `recipients verify ID`: opens the store, then asks `read_code` for the
/// code (so a bad store is said before anyone types), then checks it as of
/// the real clock. Fails on a bad policy, --now, the store, or `read_code`.
[[nodiscard]] Result<VerifyOutcome> verify_recipient_code(const RecipientsRequest& request,
                                                          const std::string& recipient_id,
                                                          const std::function<Result<std::string>()>& read_code,
                                                          const Environment& environment);

/// `recipients reset ID`: forgets the recipient's code and verification, so
/// the next notify run sends a new code.
[[nodiscard]] Result<void> reset_recipient(const RecipientsRequest& request, const std::string& recipient_id,
                                           const Environment& environment);

} // namespace certgate::app
