// certgate notify: one pass over the declarations. Deliveries are claimed in
// the store before they are sent and marked after, so a crash loses nothing
// (a claimed-but-unsent delivery is retried once its claim is stale) and two
// runs never send the same message twice.

#include "certgate/app/notify.hpp"

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/adapters/delivery/codes.hpp"
#include "certgate/adapters/delivery/send_failure.hpp"
#include "certgate/app/notification_index.hpp"
#include "certgate/app/notify_messages.hpp"
#include "certgate/core/lifecycle.hpp"
#include "certgate/core/sha256.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <thread>

namespace certgate::app {

namespace {

class RealChannels final : public Channels {
public:
    RealChannels(std::optional<delivery::SmtpSettings> smtp, std::optional<delivery::WebhookSettings> webhook,
                 Instant date)
        : m_smtp(std::move(smtp)), m_webhook(std::move(webhook)), m_date(date)
    {
    }
    bool has_email() const override { return m_smtp.has_value(); }
    bool has_webhook() const override { return m_webhook.has_value(); }
    Result<void> send_email(const delivery::EmailMessage& message, SendBudget budget) override
    {
        return delivery::send_email(*m_smtp, message, m_date, std::chrono::steady_clock::now() + budget);
    }
    Result<void> post_webhook(const delivery::WebhookRequest& request, SendBudget budget) override
    {
        return delivery::post_webhook(*m_webhook, request, std::chrono::steady_clock::now() + budget);
    }

private:
    std::optional<delivery::SmtpSettings> m_smtp;
    std::optional<delivery::WebhookSettings> m_webhook;
    Instant m_date;
};

/// The idempotency key of a message: hex SHA-256 of salt:what, the same for
/// every attempt of one delivery (and for every certgate version).
std::string delivery_key(const std::string& what, const std::string& salt)
{
    return sha256_hex(salt + ":" + what);
}

/// The real time, to the second (what the store records).
Instant real_time(const WallClock& clock)
{
    return std::chrono::floor<std::chrono::seconds>(clock());
}

std::string contacts_text(const DeclaredRecipient& recipient)
{
    return "email=" + recipient.email + "\nmobile=" + recipient.mobile;
}

std::string destination_of(const DeclaredRecipient& recipient, Channel channel)
{
    return channel == Channel::email ? recipient.email : recipient.mobile;
}

bool channel_ready(const Channels& channels, Channel channel)
{
    return channel == Channel::email ? channels.has_email() : channels.has_webhook();
}

/// The time a claimed delivery may spend sending. A claim lasts `lease` from
/// the moment it was taken; another run may take it over only after that. So
/// every attempt must end by the send deadline, which keeps the last quarter
/// of the lease for recording the outcome in the store, and an attempt starts
/// only while at least another quarter of the lease is left before it.
class LeaseWindow {
public:
    LeaseWindow(const WallClock& clock, std::chrono::system_clock::time_point claimed_at, std::chrono::seconds lease)
        : m_clock(clock), m_lease(lease), m_quarter(std::chrono::duration_cast<SendBudget>(lease) / 4),
          m_deadline(claimed_at + lease - m_quarter)
    {
    }

    /// The budget of an attempt started after waiting `wait`, or nullopt when
    /// too little of the lease would be left to start one.
    [[nodiscard]] std::optional<SendBudget> budget_after(std::chrono::milliseconds wait) const
    {
        const auto left = std::chrono::duration_cast<SendBudget>(m_deadline - (m_clock() + wait));
        if (left < m_quarter || left <= SendBudget::zero()) {
            return std::nullopt;
        }
        return left;
    }

    [[nodiscard]] Error exhausted() const
    {
        return make_error(ErrorCode::usage,
                          "not sent: less than a quarter of the " + std::to_string(m_lease.count()) +
                              " s lease was left for it; raise --lease",
                          "--lease");
    }

private:
    const WallClock& m_clock;
    std::chrono::seconds m_lease;
    SendBudget m_quarter; // in milliseconds: a quarter of a 2 s lease is not 0 s
    std::chrono::system_clock::time_point m_deadline;
};

/// Sends with retries; returns the last error, if every attempt failed.
struct Attempted {
    std::optional<Error> error;
    unsigned attempts = 0;
};

/// Tries `send(budget)` up to retry.attempts times within `window`; stops
/// early when waiting for the next try would leave too little of the lease.
template <typename Send> Attempted with_retries(const RetryPolicy& retry, const LeaseWindow& window, Send&& send)
{
    Attempted attempted;
    auto wait = std::chrono::milliseconds::zero();
    const unsigned attempts = std::max(1U, retry.attempts);
    for (unsigned attempt = 1; attempt <= attempts; ++attempt) {
        const auto budget = window.budget_after(wait);
        if (!budget) {
            if (!attempted.error) {
                attempted.error = window.exhausted();
            } else {
                attempted.error->message += "; no further attempt within the lease";
            }
            break;
        }
        if (wait > std::chrono::milliseconds::zero()) {
            std::this_thread::sleep_for(wait);
        }
        attempted.attempts = attempt;
        auto sent = send(*budget);
        if (sent) {
            attempted.error.reset();
            return attempted;
        }
        attempted.error = sent.error();
        if (sent.error().code == ErrorCode::usage || delivery::is_permanent_failure(sent.error())) {
            break; // a refused message or a bad address does not get better by waiting
        }
        wait = wait == std::chrono::milliseconds::zero() ? retry.first_backoff : wait * 2;
    }
    return attempted;
}

bool wants_category(const DeclaredRecipient& recipient, const Milestone& milestone)
{
    const auto has = [&](const char* category) {
        return std::find(recipient.categories.begin(), recipient.categories.end(), category) !=
               recipient.categories.end();
    };
    // The day-of-expiry message is both the last "expiring" and the "expired"
    // notice; every earlier one is an "expiring" notice.
    if (milestone.count == 0) {
        return has("certificate-expiration") || has("certificate-expired");
    }
    return has("certificate-expiration");
}

struct CertificatePlan {
    const DeclaredCertificate* certificate = nullptr;
    Policy policy;
    Evaluation evaluation;
    ToggleState toggle;
    std::vector<const DeclaredRecipient*> recipients;
};

class Run {
public:
    Run(const NotifyRequest& request, store::Store& store, Channels& channels)
        : m_request(request), m_store(store), m_channels(channels)
    {
    }

    Result<NotifyReport> execute()
    {
        auto plans = plan_certificates();
        if (!plans) {
            return plans.error();
        }
        if (auto verified = verify_recipients(); !verified) {
            return verified.error();
        }
        for (const auto& plan : *plans) {
            if (auto sent = notify_certificate(plan); !sent) {
                return sent.error();
            }
        }
        return std::move(m_report);
    }

private:
    Result<std::vector<CertificatePlan>> plan_certificates()
    {
        std::vector<CertificatePlan> plans;
        const NotificationIndex notifications(m_request.declarations);
        for (const auto& certificate : m_request.declarations.certificates) {
            const auto* notification = notifications.find(certificate.id);
            auto policy = certificate_policy(m_request.policy, certificate, notification);
            if (!policy) {
                return policy.error();
            }
            CertificatePlan plan;
            plan.certificate = &certificate;
            plan.policy = std::move(*policy);
            plan.evaluation = evaluate(certificate.validity, plan.policy, m_request.now);
            auto at_expiry = m_store.toggle_at_expiry(certificate.id);
            if (!at_expiry) {
                return at_expiry.error();
            }
            std::optional<bool> declared = certificate.expiration_notification;
            if (notification != nullptr && notification->enabled) {
                declared = notification->enabled;
            }
            auto toggle = resolve_toggle(ToggleRequest{certificate.status, declared, *at_expiry}, plan.evaluation);
            if (!toggle) {
                return make_error(ErrorCode::usage, toggle.error().message,
                                  certificate.address + ": " + toggle.error().where);
            }
            plan.toggle = *toggle;
            if (plan.evaluation.expired && has_notification_toggle(CertificateStatus::expired) && !*at_expiry &&
                certificate.status != CertificateStatus::uploaded && !m_request.dry_run) {
                if (auto recorded = m_store.record_toggle_at_expiry(certificate.id, plan.toggle.enabled); !recorded) {
                    return recorded.error();
                }
            }
            const bool every_recipient = notification == nullptr || !notification->recipients;
            std::set<std::string_view, std::less<>> listed;
            if (!every_recipient) {
                listed.insert(notification->recipients->begin(), notification->recipients->end());
            }
            for (const auto& recipient : m_request.declarations.recipients) {
                if (every_recipient || listed.contains(recipient.id)) {
                    plan.recipients.push_back(&recipient);
                }
            }
            plans.push_back(std::move(plan));
        }
        return plans;
    }

    Result<void> verify_recipients()
    {
        for (const auto& recipient : m_request.declarations.recipients) {
            auto record = m_store.find_recipient(recipient.id);
            if (!record) {
                return record.error();
            }
            const bool same_contacts = record->has_value() && (*record)->contacts == contacts_text(recipient);
            if (same_contacts && (*record)->state == store::VerificationState::verified) {
                m_verified.push_back(recipient.id);
                continue;
            }
            if (same_contacts && (*record)->code_hash.empty()) {
                // Every channel refused its code for good: the code is void,
                // and a new one every run would be refused every run.
                auto refused = note_refused_codes(recipient);
                if (!refused) {
                    return refused.error();
                }
                if (*refused) {
                    continue;
                }
            }
            if (same_contacts) {
                // Pending: no new code every day; an expired code is renewed
                // on request (certgate recipients reset).
                const bool expired =
                    !(*record)->code_expires_at || *(*record)->code_expires_at < real_time(m_request.wall_clock);
                m_report.notes.push_back("recipient " + recipient.id + " (" + recipient.name + ") is not verified; " +
                                         (expired ? "its code expired or is void, run \"certgate recipients reset " +
                                                        recipient.id + "\" to send a new one"
                                                  : "it gets no notifications until \"certgate recipients verify " +
                                                        recipient.id + "\" confirms its code"));
                continue;
            }
            if (auto sent = send_code(recipient); !sent) {
                return sent;
            }
        }
        return {};
    }

    Result<void> send_code(const DeclaredRecipient& recipient)
    {
        // Codes expire by the real clock: --now decides milestones only.
        const Instant issued = real_time(m_request.wall_clock);
        const Instant expires = issued + m_request.code_lifetime;
        std::vector<Channel> usable;
        for (const auto& channel : recipient.channels) {
            auto refused = note_refused_code(recipient, channel);
            if (!refused) {
                return refused.error();
            }
            if (*refused) {
                continue;
            }
            if (channel_ready(m_channels, channel)) {
                usable.push_back(channel);
            } else {
                m_report.notes.push_back(not_configured(channel) + "; recipient " + recipient.id +
                                         " cannot get its verification code by " + std::string(to_string(channel)));
            }
        }
        if (usable.empty()) {
            return {};
        }
        if (m_request.dry_run) {
            for (const auto& channel : usable) {
                m_report.events.push_back(code_event(recipient, channel, MessageOutcome::would_send));
            }
            return {};
        }
        const std::string code = delivery::random_code();
        store::RecipientVerification record;
        record.recipient_id = recipient.id;
        record.state = store::VerificationState::pending;
        record.code_salt = delivery::random_hex(16);
        record.code_hash = delivery::hash_code(code, record.code_salt);
        record.code_expires_at = expires;
        record.contacts = contacts_text(recipient);
        auto started = m_store.start_verification(record, issued);
        if (!started) {
            return started.error();
        }
        if (!*started) {
            return {}; // another run sent a code a moment ago
        }
        std::size_t delivered = 0;
        std::vector<std::pair<Channel, std::string>> refusals;
        for (const auto& channel : usable) {
            auto event = code_event(recipient, channel, MessageOutcome::sent);
            const std::string key =
                delivery_key(recipient.id + "|" + std::string(to_string(channel)), record.code_salt);
            const LeaseWindow window(m_request.wall_clock, m_request.wall_clock(), m_request.lease);
            const auto attempted = with_retries(m_request.retry, window, [&](SendBudget budget) -> Result<void> {
                if (channel == Channel::email) {
                    return m_channels.send_email(
                        delivery::EmailMessage{
                            recipient.email, verification_subject(), verification_text(recipient, code, expires),
                            "<pre>" + html_escape(verification_text(recipient, code, expires)) + "</pre>",
                            key.substr(0, 32) + "@certgate"},
                        budget);
                }
                return m_channels.post_webhook(
                    delivery::WebhookRequest{verification_payload(recipient, channel, code, expires, key), key},
                    budget);
            });
            event.attempts = attempted.attempts;
            if (attempted.error) {
                const bool permanent = delivery::is_permanent_failure(*attempted.error);
                event.outcome = permanent ? MessageOutcome::refused : MessageOutcome::failed;
                event.error = attempted.error->describe();
                if (permanent) {
                    refusals.emplace_back(channel, event.error);
                }
            } else {
                ++delivered;
            }
            m_report.events.push_back(std::move(event));
        }
        if (delivered == 0 && refusals.size() == usable.size()) {
            // Refused for good everywhere: the recipient stays pending with no
            // code until its contacts change or it is reset.
            if (auto voided = m_store.void_code(recipient.id); !voided) {
                return voided;
            }
        } else if (delivered == 0) {
            // Nobody got the code: start over next run with a new one (this
            // also frees the refused rows, recorded again below).
            if (auto forgotten = m_store.forget_recipient(recipient.id); !forgotten) {
                return forgotten;
            }
        }
        for (const auto& [channel, error] : refusals) {
            if (auto recorded = record_refused_code(recipient, channel, error); !recorded) {
                return recorded;
            }
        }
        return {};
    }

    /// The row of `recipient`'s code on `channel` if it was refused for good.
    Result<std::optional<store::Delivery>> refused_code(const DeclaredRecipient& recipient, Channel channel)
    {
        auto found = m_store.find_delivery(verification_key(recipient, channel));
        if (!found) {
            return found.error();
        }
        if (found->has_value() && (*found)->state != store::DeliveryState::refused) {
            found->reset();
        }
        return std::move(*found);
    }

    /// Records `recipient`'s code on `channel` refused for good with `error`.
    Result<void> record_refused_code(const DeclaredRecipient& recipient, Channel channel, const std::string& error)
    {
        const auto key = verification_key(recipient, channel);
        auto claimed = m_store.claim_delivery(key, "", real_time(m_request.wall_clock), m_request.lease);
        if (!claimed) {
            return claimed.error();
        }
        if (!*claimed) {
            return {}; // another run recorded it a moment ago
        }
        return m_store.mark_refused(key, error);
    }

    /// Notes `recipient`'s code on `channel` when it was refused for good;
    /// whether it was.
    Result<bool> note_refused_code(const DeclaredRecipient& recipient, Channel channel)
    {
        auto refused = refused_code(recipient, channel);
        if (!refused) {
            return refused.error();
        }
        if (!*refused) {
            return false;
        }
        m_report.notes.push_back(refused_code_note(recipient, channel, (*refused)->last_error));
        return true;
    }

    /// Notes each of `recipient`'s codes refused for good; false when none was.
    Result<bool> note_refused_codes(const DeclaredRecipient& recipient)
    {
        bool any = false;
        for (const auto& channel : recipient.channels) {
            auto refused = note_refused_code(recipient, channel);
            if (!refused) {
                return refused.error();
            }
            any = any || *refused;
        }
        return any;
    }

    static std::string refused_code_note(const DeclaredRecipient& recipient, Channel channel, const std::string& reason)
    {
        return std::string(to_string(channel)) + " verification code to " + destination_of(recipient, channel) + " (" +
               recipient.id + ") was refused for good and is not retried: " + reason +
               "; fix the contact in the declarations (a changed contact gets a new code) or, once it works again, "
               "run \"certgate recipients reset " +
               recipient.id + "\"";
    }

    NotifyEvent code_event(const DeclaredRecipient& recipient, Channel channel, MessageOutcome outcome)
    {
        NotifyEvent event;
        event.kind = MessageKind::verification;
        event.outcome = outcome;
        event.recipient_id = recipient.id;
        event.recipient_name = recipient.name;
        event.channel = channel;
        event.destination = destination_of(recipient, channel);
        event.subject = verification_subject();
        return event;
    }

    static std::string not_configured(Channel channel)
    {
        return channel == Channel::email ? "no SMTP server configured (--smtp-host)"
                                         : "no webhook configured for SMS (--webhook-url)";
    }

    Result<void> notify_certificate(const CertificatePlan& plan)
    {
        const auto& evaluation = plan.evaluation;
        if (!message_notifications_apply(plan.certificate->status, plan.toggle) || !evaluation.last_milestone) {
            return {};
        }
        // Only the latest milestone reached: missed runs do not burst old ones.
        const MilestoneDate& milestone = *evaluation.last_milestone;
        for (const DeclaredRecipient* recipient : plan.recipients) {
            if (std::find(m_verified.begin(), m_verified.end(), recipient->id) == m_verified.end() ||
                !wants_category(*recipient, milestone.milestone)) {
                continue;
            }
            for (const auto& channel : recipient->channels) {
                if (auto sent = deliver(plan, *recipient, milestone, channel); !sent) {
                    return sent;
                }
            }
        }
        return {};
    }

    Result<void> deliver(const CertificatePlan& plan, const DeclaredRecipient& recipient,
                         const MilestoneDate& milestone, Channel channel)
    {
        const store::DeliveryKey key{plan.certificate->id, milestone.milestone.label(), recipient.id, channel};
        const MilestoneNotice notice{plan.certificate,
                                     &recipient,
                                     &plan.evaluation,
                                     milestone,
                                     plan.policy.renewal_window_working_days,
                                     plan.policy.minimum_lead_working_days};
        NotifyEvent event;
        event.kind = MessageKind::milestone;
        event.certificate_id = plan.certificate->id;
        event.certificate_name = plan.certificate->name;
        event.milestone = milestone.milestone.label();
        event.milestone_date = format_date(milestone.date);
        event.recipient_id = recipient.id;
        event.recipient_name = recipient.name;
        event.channel = channel;
        event.destination = destination_of(recipient, channel);
        event.subject = milestone_subject(notice);
        if (!channel_ready(m_channels, channel)) {
            event.outcome = MessageOutcome::failed;
            event.error = not_configured(channel);
            m_report.events.push_back(std::move(event));
            return {};
        }
        if (m_request.dry_run) {
            auto existing = m_store.find_delivery(key);
            if (!existing) {
                return existing.error();
            }
            if (existing->has_value() && (*existing)->state == store::DeliveryState::sent) {
                return {};
            }
            if (existing->has_value() && (*existing)->state == store::DeliveryState::refused) {
                note_refused(event, **existing);
                return {};
            }
            event.outcome = MessageOutcome::would_send;
            m_report.events.push_back(std::move(event));
            return {};
        }
        // The claim is stamped with the real time it is taken, not the run's
        // start: a long run's late claims are as fresh as its first.
        const auto claimed_at = m_request.wall_clock();
        auto claimed = m_store.claim_delivery(key, event.milestone_date,
                                              std::chrono::floor<std::chrono::seconds>(claimed_at), m_request.lease);
        if (!claimed) {
            return claimed.error();
        }
        if (!*claimed) {
            // Sent already, refused for good, or another run is sending it.
            auto existing = m_store.find_delivery(key);
            if (!existing) {
                return existing.error();
            }
            if (existing->has_value() && (*existing)->state == store::DeliveryState::refused) {
                note_refused(event, **existing);
            }
            return {};
        }
        const std::string idempotency = delivery_key(key.certificate_id + "|" + key.milestone + "|" + key.recipient_id +
                                                         "|" + std::string(to_string(key.channel)),
                                                     "certgate");
        const LeaseWindow window(m_request.wall_clock, claimed_at, m_request.lease);
        const auto attempted = with_retries(m_request.retry, window, [&](SendBudget budget) -> Result<void> {
            if (channel == Channel::email) {
                return m_channels.send_email(delivery::EmailMessage{recipient.email, event.subject,
                                                                    milestone_text(notice), milestone_html(notice),
                                                                    idempotency.substr(0, 32) + "@certgate"},
                                             budget);
            }
            return m_channels.post_webhook(
                delivery::WebhookRequest{milestone_payload(notice, channel, idempotency), idempotency}, budget);
        });
        event.attempts = attempted.attempts;
        if (attempted.error && delivery::is_permanent_failure(*attempted.error)) {
            event.outcome = MessageOutcome::refused;
            event.error = attempted.error->describe();
            if (auto marked = m_store.mark_refused(key, event.error); !marked) {
                return marked;
            }
        } else if (attempted.error) {
            event.outcome = MessageOutcome::failed;
            event.error = attempted.error->describe();
            if (auto marked = m_store.mark_failed(key, event.error); !marked) {
                return marked;
            }
        } else {
            event.outcome = MessageOutcome::sent;
            if (auto marked = m_store.mark_sent(key, real_time(m_request.wall_clock)); !marked) {
                return sent_but_not_recorded(event, marked.error());
            }
        }
        m_report.events.push_back(std::move(event));
        return {};
    }

    /// A note for a delivery an earlier run saw refused: it is not retried.
    void note_refused(const NotifyEvent& event, const store::Delivery& refused)
    {
        m_report.notes.push_back(std::string(to_string(event.channel)) + " " + event.milestone + " " +
                                 event.certificate_name + " (" + event.milestone_date + ") to " + event.destination +
                                 " (" + event.recipient_id +
                                 ") was refused for good and is not retried: " + refused.last_error +
                                 "; once the recipient is fixed, run \"certgate recipients reset " +
                                 event.recipient_id + "\" (it verifies again, then gets this message)");
    }

    /// The server accepted the message but the store could not record it:
    /// the run stops (the store is unusable), and says loudly that the next
    /// run will send this message again.
    static Error sent_but_not_recorded(const NotifyEvent& event, const Error& store_error)
    {
        return make_error(store_error.code,
                          store_error.message + "; " + std::string(to_string(event.channel)) + " " + event.milestone +
                              " " + event.certificate_name + " (" + event.milestone_date + ") to " + event.destination +
                              " (" + event.recipient_id +
                              ") WAS SENT but is not recorded, so the next run sends it again (with the same "
                              "Message-ID or webhook-id, by which the receiver can drop the repeat)",
                          store_error.where);
    }

    const NotifyRequest& m_request;
    store::Store& m_store;
    Channels& m_channels;
    NotifyReport m_report;
    std::vector<std::string> m_verified;
};

} // namespace

std::unique_ptr<Channels> make_channels(std::optional<delivery::SmtpSettings> smtp,
                                        std::optional<delivery::WebhookSettings> webhook, Instant date)
{
    return std::make_unique<RealChannels>(std::move(smtp), std::move(webhook), date);
}

std::size_t NotifyReport::failures() const
{
    return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [](const NotifyEvent& event) {
        return event.outcome == MessageOutcome::failed;
    }));
}

std::size_t NotifyReport::refusals() const
{
    return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [](const NotifyEvent& event) {
        return event.outcome == MessageOutcome::refused;
    }));
}

store::DeliveryKey verification_key(const DeclaredRecipient& recipient, Channel channel)
{
    return {"contacts:" + delivery_key(contacts_text(recipient), "verification"), "verification", recipient.id,
            channel};
}

Result<Policy> certificate_policy(const Policy& base, const DeclaredCertificate& certificate,
                                  const DeclaredNotification* notification)
{
    Policy policy = base;
    for (const auto& [name, value] : certificate.policy_settings) {
        if (auto applied = config::apply_setting(policy, name, value); !applied) {
            return make_error(ErrorCode::usage, applied.error().message, certificate.address + ": " + name);
        }
    }
    if (notification != nullptr && notification->milestones) {
        if (auto applied = config::apply_setting(policy, "milestones", *notification->milestones); !applied) {
            return make_error(ErrorCode::usage, applied.error().message, notification->address + ": milestones");
        }
    }
    if (auto valid = validate_policy(policy); !valid) {
        return make_error(ErrorCode::usage, valid.error().message, certificate.address + ": " + valid.error().where);
    }
    return policy;
}

Result<NotifyReport> run_notify(const NotifyRequest& request, store::Store& store, Channels& channels)
{
    Run run(request, store, channels);
    return run.execute();
}

std::string describe_event(const NotifyEvent& event)
{
    std::string line;
    switch (event.outcome) {
    case MessageOutcome::sent:
        line = "sent";
        break;
    case MessageOutcome::failed:
        line = "failed";
        break;
    case MessageOutcome::refused:
        line = "refused";
        break;
    case MessageOutcome::would_send:
        line = "would send";
        break;
    }
    line += " " + std::string(to_string(event.channel)) + " ";
    if (event.kind == MessageKind::verification) {
        line += "verification code";
    } else {
        line += event.milestone + " " + event.certificate_name + " (" + event.milestone_date + ")";
    }
    line += " to " + event.destination + " (" + event.recipient_id + ")";
    const bool failed = event.outcome == MessageOutcome::failed || event.outcome == MessageOutcome::refused;
    if (event.kind == MessageKind::milestone && !failed) {
        line += ": \"" + event.subject + "\"";
    }
    if (failed) {
        line += ": " + event.error;
        if (event.attempts > 1) {
            line += " (" + std::to_string(event.attempts) + " attempts)";
        }
    }
    if (event.outcome == MessageOutcome::refused) {
        line += "; not retried";
    }
    return delivery::printable_line(line);
}

std::vector<std::string> describe_failures(const NotifyReport& report)
{
    std::vector<std::string> lines;
    const auto plural = [](std::size_t count) { return count == 1 ? " delivery" : " deliveries"; };
    if (const auto failures = report.failures(); failures > 0) {
        lines.push_back(std::to_string(failures) + plural(failures) + " failed; recorded and retried on the next run");
    }
    if (const auto refusals = report.refusals(); refusals > 0) {
        lines.push_back(std::to_string(refusals) + plural(refusals) +
                        " refused for good; recorded and not retried until \"certgate recipients reset ID\"");
    }
    return lines;
}

int notify_exit_status(const NotifyReport& report)
{
    return report.failures() == 0 && report.refusals() == 0 ? 0 : 1;
}

} // namespace certgate::app
