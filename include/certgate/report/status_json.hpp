#pragma once
// `certgate status --format json`: the console view of declared certificates
// as one JSON document (docs/notify.md, "certgate status").

#include "certgate/core/channel.hpp"
#include "certgate/core/evaluation.hpp"
#include "certgate/core/lifecycle.hpp"

#include <string>
#include <vector>

namespace certgate::report {

/// A delivery the server refused for good (not retried until
/// `certgate recipients reset`).
struct RefusedDelivery {
    std::string milestone;      ///< the milestone label ("1w")
    std::string milestone_date; ///< YYYY-MM-DD
    std::string recipient;      ///< the recipient id
    Channel channel = Channel::email;
    std::string reason; ///< the server's answer, as the store recorded it
};

/// One declared certificate as of the run's now.
struct StatusEntry {
    std::string id; ///< the SHA-256 fingerprint
    std::string name;
    std::string address; ///< where it was declared
    CertificateStatus status = CertificateStatus::uploaded;
    CertificateStatus effective = CertificateStatus::uploaded; ///< expired once expired
    Instant not_after;
    Evaluation evaluation;
    bool console_reminder = false;
    bool notifications = false;          ///< milestone messages go out
    bool expiration_notification = true; ///< the toggle
    std::vector<RefusedDelivery> refused;
};

/// {"now": RFC 3339, "certificates": [one object per entry, in the order
/// given]} indented by two spaces, with a final newline; absent milestones are
/// null. Cannot fail.
[[nodiscard]] std::string render_status_json(const std::vector<StatusEntry>& entries, Instant now);

} // namespace certgate::report
