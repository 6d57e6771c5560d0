#pragma once
// The pages and the JSON API of `certgate serve` (docs/console.md): pure
// ConsoleView -> bytes, like every other writer. HTML is server-rendered,
// needs no JavaScript and every value in it is HTML-escaped.

#include "certgate/core/channel.hpp"
#include "certgate/core/evaluation.hpp"
#include "certgate/core/lifecycle.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace certgate::report {

/// A delivery of a milestone that the store recorded as sent.
struct ConsoleSent {
    std::string recipient; ///< recipient id
    Channel channel = Channel::email;
    std::optional<Instant> sent_at;
};

/// One milestone of a certificate's schedule.
struct ConsoleMilestone {
    MilestoneDate milestone;
    std::vector<ConsoleSent> sent; ///< empty: not sent (yet)
};

/// The expiration-notification toggle as the console shows it.
enum class ConsoleToggle { absent, on, off };

/// One declared certificate as of the view's now.
struct ConsoleCertificate {
    std::string id; ///< SHA-256 fingerprint
    std::string name;
    std::string address;
    std::string subject;
    std::vector<std::string> sans;
    CertificateStatus status = CertificateStatus::uploaded;    ///< as declared
    CertificateStatus effective = CertificateStatus::uploaded; ///< expired once expired
    Evaluation evaluation;
    bool console_reminder = false;
    bool notifications = false; ///< milestone messages go out
    ConsoleToggle toggle = ConsoleToggle::absent;
    bool toggle_locked = false; ///< expired: the toggle can no longer change
    std::vector<ConsoleMilestone> schedule;
    std::vector<std::string> recipients; ///< ids of its recipients
    /// The certificate's fields of the JSON report (report::finding_json).
    nlohmann::ordered_json report;
};

/// One recipient, its contacts already masked.
struct ConsoleRecipient {
    std::string id;
    std::string name;
    std::string email;  ///< masked: "o***@example.com"; "" when none
    std::string mobile; ///< masked: "+86 138****8000"; "" when none
    std::vector<Channel> channels;
    std::string verification; ///< "unknown", "pending", "verified"
};

/// Everything the console shows, built once per change of the input.
struct ConsoleView {
    Instant now{};
    std::string time_zone = "UTC";
    int console_reminder_days = 30;
    std::string source;                           ///< the declarations or state file, as given
    std::vector<ConsoleCertificate> certificates; ///< worst first, as the reports sort
    std::vector<ConsoleRecipient> recipients;
    bool store = false; ///< a store was read (verification and sent dates are known)
    /// Set when the last re-read of the input failed: the view is the last
    /// good one and every page says so.
    std::optional<std::string> reload_error;
};

/// The list page's filters (query parameters `severity` and `status`).
struct ConsoleFilter {
    std::optional<Severity> severity;
    std::optional<CertificateStatus> status; ///< matches the effective status
};

/// True when a certificate passes the filter.
[[nodiscard]] bool matches(const ConsoleCertificate& certificate, const ConsoleFilter& filter);

/// The certificate list: reminder banners, filter form, one row per
/// certificate that matches.
[[nodiscard]] std::string render_console_list(const ConsoleView& view, const ConsoleFilter& filter);

/// One certificate's page: every report field, its schedule, toggle and
/// recipients.
[[nodiscard]] std::string render_console_certificate(const ConsoleView& view, const ConsoleCertificate& certificate);

/// The recipients page.
[[nodiscard]] std::string render_console_recipients(const ConsoleView& view);

/// A page for a status other than 200 ("404 not found", …).
[[nodiscard]] std::string render_console_error(const ConsoleView& view, int status, const std::string& message);

/// The console's one stylesheet, served at /console.css.
[[nodiscard]] const std::string& console_stylesheet();

/// GET /api/certificates (schemas/console-openapi.json, CertificateList).
[[nodiscard]] std::string render_console_certificates_json(const ConsoleView& view, const ConsoleFilter& filter);

/// GET /api/certificates/{id} (CertificateDetail).
[[nodiscard]] std::string render_console_certificate_json(const ConsoleView& view,
                                                          const ConsoleCertificate& certificate);

/// GET /api/recipients (RecipientList).
[[nodiscard]] std::string render_console_recipients_json(const ConsoleView& view);

/// An error body of the API: {"error": message}.
[[nodiscard]] std::string render_console_error_json(const std::string& message);

} // namespace certgate::report
