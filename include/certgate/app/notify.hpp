#pragma once
// The `certgate notify` use case: verification codes to new recipients and
// milestone messages to verified ones, each exactly once, through the store.

#include "certgate/adapters/delivery/email.hpp"
#include "certgate/adapters/delivery/webhook.hpp"
#include "certgate/adapters/store/store.hpp"
#include "certgate/app/declarations.hpp"
#include "certgate/core/policy.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace certgate::app {

/// The real time, read when a delivery is claimed and before each attempt:
/// leases are measured with it (never with --now). Injected so that tests can
/// drive it; the CLI passes the system clock.
using WallClock = std::function<std::chrono::system_clock::time_point()>;

/// How long one send may take at most; the channel must give up by then.
using SendBudget = std::chrono::milliseconds;

/// The ways messages leave: email (SMTP) and the webhook (which also carries
/// SMS). Tests may substitute their own.
class Channels {
public:
    Channels() = default;
    Channels(const Channels&) = delete;
    Channels& operator=(const Channels&) = delete;
    virtual ~Channels() = default;

    /// True when an SMTP server is configured.
    [[nodiscard]] virtual bool has_email() const = 0;
    /// True when a webhook URL is configured.
    [[nodiscard]] virtual bool has_webhook() const = 0;
    /// Sends one email (one attempt), giving up within `budget`.
    [[nodiscard]] virtual Result<void> send_email(const delivery::EmailMessage& message, SendBudget budget) = 0;
    /// POSTs one webhook request (one attempt), giving up within `budget`.
    [[nodiscard]] virtual Result<void> post_webhook(const delivery::WebhookRequest& request, SendBudget budget) = 0;
};

/// The real channels: SMTP and/or the webhook, whichever is configured.
/// `date` fills the Date: header of emails.
[[nodiscard]] std::unique_ptr<Channels> make_channels(std::optional<delivery::SmtpSettings> smtp,
                                                      std::optional<delivery::WebhookSettings> webhook, Instant date);

/// Retries within one run: `attempts` tries, waiting `first_backoff`, then
/// twice that, and so on between them.
struct RetryPolicy {
    unsigned attempts = 3;
    std::chrono::milliseconds first_backoff{500};
};

/// Everything a notify run needs; clocks come from the caller.
struct NotifyRequest {
    Declarations declarations;
    Policy policy;
    Instant now{};        ///< decides which milestones are due (--now); nothing else
    WallClock wall_clock; ///< the real time: claim leases and code expiry
    bool dry_run = false; ///< report what would be sent; send and record nothing
    /// How long a claim on a delivery lasts. Every attempt of the delivery
    /// must end within it (less a reserve for recording the outcome), so a
    /// run that takes over an expired claim never races a live send.
    std::chrono::seconds lease{600};
    std::chrono::seconds code_lifetime{24 * 3600};
    RetryPolicy retry;
};

/// What a message is.
enum class MessageKind { verification, milestone };

/// What happened to it in this run: sent; failed for now (recorded, retried
/// by the next run); refused for good by the server (recorded, never retried
/// until `certgate recipients reset`); would be sent (--dry-run).
enum class MessageOutcome { sent, failed, refused, would_send };

/// One message of a run.
struct NotifyEvent {
    MessageKind kind = MessageKind::milestone;
    MessageOutcome outcome = MessageOutcome::sent;
    std::string certificate_id;
    std::string certificate_name;
    std::string milestone;      ///< "1w"; "" for verification
    std::string milestone_date; ///< "YYYY-MM-DD"; "" for verification
    std::string recipient_id;
    std::string recipient_name;
    Channel channel = Channel::email;
    std::string destination; ///< email address or mobile number
    std::string subject;
    std::string error; ///< why it failed or was refused
    unsigned attempts = 0;
};

/// The result of a run: its messages (in order) and notes for the operator
/// (unverified recipients, unconfigured channels, messages refused by an
/// earlier run).
struct NotifyReport {
    std::vector<NotifyEvent> events;
    std::vector<std::string> notes;
    /// Messages that failed in this run (retried by the next).
    [[nodiscard]] std::size_t failures() const;
    /// Messages refused for good in this run (not retried).
    [[nodiscard]] std::size_t refusals() const;
};

/// Runs one notification pass. Fails (before sending anything) when a
/// declaration breaks a lifecycle rule (an uploaded certificate declared
/// off, a toggle changed after expiry) or the store cannot be used; failed
/// and refused deliveries are events, not errors. When the store fails to
/// record a message the server accepted, the error says so (that message is
/// sent again by the next run).
[[nodiscard]] Result<NotifyReport> run_notify(const NotifyRequest& request, store::Store& store, Channels& channels);

/// One line per event: "sent email 1w web.example.com to ops@example.com (rcpt-…)".
[[nodiscard]] std::string describe_event(const NotifyEvent& event);

/// The summary of what went wrong in a run, one line each (without the
/// "certgate: error: notify: " prefix): failures, then refusals; empty when
/// nothing did.
[[nodiscard]] std::vector<std::string> describe_failures(const NotifyReport& report);

/// 0 when nothing failed, 1 when a delivery failed or was refused in this run
/// (a refusal recorded by an earlier run is a note, not a failure).
[[nodiscard]] int notify_exit_status(const NotifyReport& report);

/// The store key of `recipient`'s verification code on `channel`, under
/// which a code the server refused for good is recorded `refused`: milestone
/// "verification", and in place of a certificate id a digest of the
/// recipient's contacts, so that changed contacts are a new key (and get a
/// new code) while `certgate recipients reset` frees it like any refused row.
[[nodiscard]] store::DeliveryKey verification_key(const DeclaredRecipient& recipient, Channel channel);

/// The policy for one certificate: `base`, the settings declared with the
/// certificate, then the notification's milestones.
[[nodiscard]] Result<Policy> certificate_policy(const Policy& base, const DeclaredCertificate& certificate,
                                                const DeclaredNotification* notification);

} // namespace certgate::app
