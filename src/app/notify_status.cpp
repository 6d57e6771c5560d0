#include "certgate/app/notify_status.hpp"

#include "certgate/adapters/delivery/send_failure.hpp"
#include "certgate/app/notification_index.hpp"
#include "certgate/app/notify.hpp"
#include "certgate/core/lifecycle.hpp"
#include "certgate/report/status_json.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace certgate::app {

namespace {

std::string days_phrase(const Evaluation& evaluation)
{
    const auto days = evaluation.days_remaining;
    if (evaluation.expired) {
        return days == 0 ? "expired today"
                         : "expired " + std::to_string(-days) + (days == -1 ? " day" : " days") + " ago";
    }
    if (days == 0) {
        return "expires today";
    }
    return std::to_string(days) + (days == 1 ? " day" : " days") + " left";
}

// How many of `listed` (recipient ids, perhaps repeated) are declared and
// verified.
std::size_t verified_among(const std::vector<std::string>& listed,
                           const std::map<std::string_view, bool, std::less<>>& verified)
{
    std::set<std::string_view> counted;
    std::size_t count = 0;
    for (const auto& id : listed) {
        const auto found = verified.find(id);
        if (found != verified.end() && found->second && counted.insert(id).second) {
            ++count;
        }
    }
    return count;
}

} // namespace

Result<std::vector<StatusRow>> status_rows(const Declarations& declarations, const Policy& policy, Instant now,
                                           store::Store* store)
{
    // Each store read is done once, not once a certificate: the rows cost
    // certificates plus recipients plus deliveries, never their product.
    std::map<std::string_view, bool, std::less<>> verified; // declared recipient id -> verified
    std::size_t verified_count = 0;
    std::map<std::string_view, std::vector<store::Delivery>, std::less<>> refused;
    std::vector<store::Delivery> deliveries;
    if (store != nullptr) {
        for (const auto& recipient : declarations.recipients) {
            auto state = store->recipient_verification(recipient.id);
            if (!state) {
                return state.error();
            }
            const bool is_verified = *state == store::VerificationState::verified;
            verified.emplace(recipient.id, is_verified);
            verified_count += is_verified ? 1 : 0;
        }
        auto listed = store->list_deliveries();
        if (!listed) {
            return listed.error();
        }
        deliveries = std::move(*listed);
        for (const auto& delivery : deliveries) {
            if (delivery.state == store::DeliveryState::refused) {
                refused[delivery.key.certificate_id].push_back(delivery);
            }
        }
    }
    const NotificationIndex notifications(declarations);
    std::vector<StatusRow> rows;
    rows.reserve(declarations.certificates.size());
    for (const auto& certificate : declarations.certificates) {
        const auto* notification = notifications.find(certificate.id);
        auto own_policy = certificate_policy(policy, certificate, notification);
        if (!own_policy) {
            return own_policy.error();
        }
        StatusRow row;
        row.certificate = &certificate;
        row.evaluation = evaluate(certificate.validity, *own_policy, now);
        row.effective = effective_status(certificate.status, row.evaluation);
        row.console_reminder = console_reminder_due(certificate.status, row.evaluation, *own_policy);
        std::optional<bool> at_expiry;
        if (store != nullptr) {
            auto recorded = store->toggle_at_expiry(certificate.id);
            if (!recorded) {
                return recorded.error();
            }
            at_expiry = *recorded;
        }
        std::optional<bool> declared = certificate.expiration_notification;
        if (notification != nullptr && notification->enabled) {
            declared = notification->enabled;
        }
        auto toggle = resolve_toggle(ToggleRequest{certificate.status, declared, at_expiry}, row.evaluation);
        if (!toggle) {
            return make_error(ErrorCode::usage, toggle.error().message,
                              certificate.address + ": " + toggle.error().where);
        }
        row.toggle = toggle->enabled;
        row.notifications = message_notifications_apply(certificate.status, *toggle);
        if (store != nullptr) {
            row.recipients = notification != nullptr && notification->recipients
                                 ? verified_among(*notification->recipients, verified)
                                 : verified_count;
        }
        if (const auto found = refused.find(certificate.id); found != refused.end()) {
            row.refused = found->second;
        }
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const StatusRow& left, const StatusRow& right) {
        if (left.evaluation.severity != right.evaluation.severity) {
            return left.evaluation.severity > right.evaluation.severity;
        }
        if (left.certificate->validity.not_after != right.certificate->validity.not_after) {
            return left.certificate->validity.not_after < right.certificate->validity.not_after;
        }
        return left.certificate->name < right.certificate->name;
    });
    return rows;
}

std::string format_status(const std::vector<StatusRow>& rows, const Policy& policy, Instant now)
{
    std::string text = "certificates as of " + format_rfc3339(now) + " (" + policy.time_zone->name() +
                       "): " + std::to_string(rows.size()) + "\n";
    for (const auto& row : rows) {
        const auto& evaluation = row.evaluation;
        text += "\n" + std::string(to_string(evaluation.severity)) + "  " + row.certificate->name + "  [" +
                std::string(to_string(row.effective)) + "]\n";
        text += "  expires " + format_date(evaluation.expiry_date) + " (" + days_phrase(evaluation) + "; not after " +
                format_rfc3339(row.certificate->validity.not_after) + ")\n";
        if (!evaluation.expired) {
            text += "  renew by " + format_date(evaluation.renew_by) + "; renewal window from " +
                    format_date(evaluation.renewal_window_start) + (evaluation.in_renewal_window ? " (open)" : "") +
                    "\n";
        }
        text += "  next milestone " +
                (evaluation.next_milestone
                     ? evaluation.next_milestone->milestone.label() + " " + format_date(evaluation.next_milestone->date)
                     : std::string("none")) +
                "; last milestone " +
                (evaluation.last_milestone
                     ? evaluation.last_milestone->milestone.label() + " " + format_date(evaluation.last_milestone->date)
                     : std::string("none")) +
                "\n";
        if (row.console_reminder) {
            text += "  console reminder: expires within " + std::to_string(policy.console_reminder_days) +
                    " days, renew it\n";
        }
        std::string notifications = row.notifications ? "on" : "off";
        if (row.certificate->status == CertificateStatus::hosting) {
            notifications += " (hosted certificates get no messages)";
        } else if (!row.toggle) {
            notifications += " (expiration_notification is off)";
        }
        text += "  notifications " + notifications + "; id " + row.certificate->id.substr(0, 16) + "…\n";
        for (const auto& refused : row.refused) {
            text += delivery::printable_line(
                        "  refused " + std::string(to_string(refused.key.channel)) + " " + refused.key.milestone +
                        " (" + refused.milestone_date + ") to " + refused.key.recipient_id + ": " + refused.last_error +
                        "; not retried until \"certgate recipients reset " + refused.key.recipient_id + "\"") +
                    "\n";
        }
    }
    return text;
}

std::string format_status_json(const std::vector<StatusRow>& rows, Instant now)
{
    std::vector<report::StatusEntry> entries;
    entries.reserve(rows.size());
    for (const auto& row : rows) {
        report::StatusEntry entry;
        entry.id = row.certificate->id;
        entry.name = row.certificate->name;
        entry.address = row.certificate->address;
        entry.status = row.certificate->status;
        entry.effective = row.effective;
        entry.not_after = row.certificate->validity.not_after;
        entry.evaluation = row.evaluation;
        entry.console_reminder = row.console_reminder;
        entry.notifications = row.notifications;
        entry.expiration_notification = row.toggle;
        for (const auto& refused : row.refused) {
            entry.refused.push_back({refused.key.milestone, refused.milestone_date, refused.key.recipient_id,
                                     refused.key.channel, refused.last_error});
        }
        entries.push_back(std::move(entry));
    }
    return report::render_status_json(entries, now);
}

bool any_fails_gate(const std::vector<StatusRow>& rows, Severity fail_on)
{
    return std::any_of(rows.begin(), rows.end(),
                       [fail_on](const StatusRow& row) { return at_or_above(row.evaluation.severity, fail_on); });
}

} // namespace certgate::app
