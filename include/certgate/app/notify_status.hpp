#pragma once
// `certgate status`: the console view of declared certificates.

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/declarations.hpp"
#include "certgate/core/policy.hpp"

#include <string>
#include <vector>

namespace certgate::app {

/// One certificate in the console view.
struct StatusRow {
    const DeclaredCertificate* certificate = nullptr;
    Evaluation evaluation;
    CertificateStatus effective = CertificateStatus::uploaded;
    bool console_reminder = false; ///< issued/hosting, not expired, within console_reminder_days
    bool notifications = false;    ///< milestone messages go out
    bool toggle = true;
    std::size_t recipients = 0; ///< verified recipients in scope
    /// Deliveries of this certificate the server refused for good (not
    /// retried until `certgate recipients reset`), from the store.
    std::vector<store::Delivery> refused;
};

/// Evaluates every declared certificate as of `now`, worst severity first,
/// then by expiry. `store` may be null (no verification counts, no refused
/// deliveries).
[[nodiscard]] Result<std::vector<StatusRow>> status_rows(const Declarations& declarations, const Policy& policy,
                                                         Instant now, store::Store* store);

/// True when a row's severity is at or above `fail_on` (status --fail-on).
[[nodiscard]] bool any_fails_gate(const std::vector<StatusRow>& rows, Severity fail_on);

/// The console view: a header line, then one block per certificate with its
/// severity, expiry, next milestone and the 30-day console reminder.
[[nodiscard]] std::string format_status(const std::vector<StatusRow>& rows, const Policy& policy, Instant now);

/// The same as JSON (an object with "now" and "certificates").
[[nodiscard]] std::string format_status_json(const std::vector<StatusRow>& rows, Instant now);

} // namespace certgate::app
