#pragma once
// Recipient contacts: validation, normalisation and the stable recipient id
// shared by certgate-external and `certgate notify`.

#include "certgate/core/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace certgate::app {

/// Normalised contact details; an empty string means "not given".
struct RecipientContacts {
    std::string email;  ///< lower case, "ops@example.com"
    std::string mobile; ///< E.164, "+8613800138000"
};

/// Validates an e-mail address (ASCII, local@domain with a dotted domain,
/// at most 254 characters) and lowers its case. The Error's `where` is "email".
[[nodiscard]] Result<std::string> normalise_email(std::string_view text);

/// Removes spaces, dashes and brackets and validates E.164: "+", a
/// country code not starting with 0, at most 15 digits in all. The Error's
/// `where` is "mobile".
[[nodiscard]] Result<std::string> normalise_mobile(std::string_view text);

/// "email=<email>\nmobile=<mobile>": what recipient_id hashes, and the form
/// the store keeps the contacts a verification code went to.
[[nodiscard]] std::string contacts_text(const RecipientContacts& contacts);

/// The contacts of a contacts_text(); nullopt when `text` is not of that form.
[[nodiscard]] std::optional<RecipientContacts> parse_contacts_text(std::string_view text);

/// "rcpt-" and the first 16 hex digits of SHA-256 over
/// "email=<email>\nmobile=<mobile>": the same contacts give the same id,
/// whatever the display name, channels or categories.
[[nodiscard]] std::string recipient_id(const RecipientContacts& contacts);

/// True for a text shaped like a recipient id ("rcpt-" + 16 lowercase hex).
[[nodiscard]] bool is_recipient_id(std::string_view text);

} // namespace certgate::app
