#pragma once
// Certificate lifecycle rules of SPEC section 3: console reminder, message
// notifications and the expiration-notification toggle.

#include "certgate/core/evaluation.hpp"
#include "certgate/core/result.hpp"

#include <optional>
#include <string_view>

namespace certgate {

/// The declared status of a certificate; `expired` is only ever effective.
enum class CertificateStatus { issued, hosting, uploaded, expired };

[[nodiscard]] std::string_view to_string(CertificateStatus status);
/// Parses "issued", "hosting", "uploaded" (and "expired" when `allow_expired`).
[[nodiscard]] Result<CertificateStatus> parse_status(std::string_view text, bool allow_expired = false);

/// `expired` once the certificate has expired, the declared status otherwise.
[[nodiscard]] CertificateStatus effective_status(CertificateStatus declared, const Evaluation& evaluation);

/// True for issued and hosting certificates that are not expired and have at
/// most `console_reminder_days` left.
[[nodiscard]] bool console_reminder_due(CertificateStatus declared, const Evaluation& evaluation, const Policy& policy);

/// True when the status has an expiration-notification toggle (issued,
/// hosting and expired certificates; uploaded ones have none).
[[nodiscard]] bool has_notification_toggle(CertificateStatus effective);

/// What a toggle resolves to and whether it may still change.
struct ToggleState {
    bool enabled = true;
    bool locked = false;
};

/// Inputs to the toggle rule.
struct ToggleRequest {
    CertificateStatus declared = CertificateStatus::uploaded;
    /// The toggle the user declared; nullopt means "not said" (on by default).
    std::optional<bool> declared_enabled;
    /// For an expired certificate: the value recorded when it expired, if a
    /// store knows it. A declared value that differs is refused.
    std::optional<bool> value_at_expiry;
};

/// Applies the toggle rules: on by default; an uploaded certificate has no
/// toggle (declaring it off is an error); once expired the toggle is locked
/// and may not change from the value it had at expiry. The Error's `where`
/// is "expiration_notification".
[[nodiscard]] Result<ToggleState> resolve_toggle(const ToggleRequest& request, const Evaluation& evaluation);

/// True when milestone messages go out for the certificate: issued (toggle
/// on) and uploaded certificates; never hosting ones.
[[nodiscard]] bool message_notifications_apply(CertificateStatus declared, const ToggleState& toggle);

} // namespace certgate
