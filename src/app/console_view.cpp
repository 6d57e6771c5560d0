#include "certgate/app/console_view.hpp"

#include "certgate/app/notification_index.hpp"
#include "certgate/app/notify_status.hpp"
#include "certgate/core/report.hpp"
#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

#include <array>
#include <map>

namespace certgate::app {
namespace {

// The two-digit country codes of E.164 (ITU-T E.164 assignments); "1" and
// "7" are the one-digit ones; every other code has three digits.
bool two_digit_country_code(std::string_view digits)
{
    static constexpr std::array<std::string_view, 44> k_codes{
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"};
    for (const auto code : k_codes) {
        if (digits.substr(0, 2) == code) {
            return true;
        }
    }
    return false;
}

Finding finding_of(const DeclaredCertificate& certificate, const Evaluation& evaluation, const ConsoleSource& source)
{
    Finding finding;
    finding.severity = evaluation.severity;
    finding.source.kind = source.kind;
    finding.source.path = source.path;
    finding.source.address = certificate.address;
    CertificateInfo info;
    info.subject = certificate.subject;
    info.issuer = certificate.issuer;
    info.sans = certificate.sans;
    info.serial = certificate.serial;
    info.fingerprint_sha256 = certificate.id;
    info.not_before = certificate.validity.not_before;
    info.not_after = certificate.validity.not_after;
    finding.certificate = std::move(info);
    finding.evaluation = evaluation;
    return finding;
}

std::vector<std::string> recipients_of(const Declarations& declarations, const DeclaredNotification* notification)
{
    if (notification != nullptr && notification->recipients) {
        return *notification->recipients;
    }
    std::vector<std::string> ids;
    for (const auto& recipient : declarations.recipients) {
        ids.push_back(recipient.id);
    }
    return ids;
}

} // namespace

std::string mask_email(std::string_view email)
{
    const auto at = email.rfind('@');
    if (at == std::string_view::npos || at == 0) {
        return email.empty() ? std::string() : std::string("***");
    }
    return std::string(email.substr(0, 1)) + "***" + std::string(email.substr(at));
}

std::string mask_mobile(std::string_view mobile)
{
    if (mobile.empty()) {
        return {};
    }
    const std::string_view digits = mobile.front() == '+' ? mobile.substr(1) : mobile;
    std::size_t code = 3;
    if (!digits.empty() && (digits.front() == '1' || digits.front() == '7')) {
        code = 1;
    } else if (two_digit_country_code(digits)) {
        code = 2;
    }
    if (digits.size() <= code + 4) {
        return "+" + std::string(digits.substr(0, std::min(code, digits.size()))) + " ****";
    }
    const std::string_view national = digits.substr(code);
    // Three digits shown at the front (the operator prefix), four at the end.
    const std::size_t front = national.size() > 7 ? 3 : 0;
    const std::size_t hidden = national.size() - front - 4;
    return "+" + std::string(digits.substr(0, code)) + " " + std::string(national.substr(0, front)) +
           std::string(hidden, '*') + std::string(national.substr(national.size() - 4));
}

Result<ConsoleSnapshot> build_console_snapshot(const Declarations& declarations, const Policy& policy, Instant now,
                                               const ConsoleSource& source, store::Store* store)
{
    auto rows = status_rows(declarations, policy, now, store);
    if (!rows) {
        return rows.error();
    }
    // Sent deliveries by certificate, then milestone: one pass over the history.
    std::map<std::string, std::map<std::string, std::vector<report::ConsoleSent>>> sent;
    if (store != nullptr) {
        auto deliveries = store->list_deliveries();
        if (!deliveries) {
            return deliveries.error();
        }
        for (const auto& delivery : *deliveries) {
            if (delivery.state == store::DeliveryState::sent) {
                sent[delivery.key.certificate_id][delivery.key.milestone].push_back(
                    {delivery.key.recipient_id, delivery.key.channel, delivery.sent_at});
            }
        }
    }
    ConsoleSnapshot snapshot;
    auto& view = snapshot.view;
    view.now = now;
    view.time_zone = policy.time_zone->name();
    view.console_reminder_days = policy.console_reminder_days;
    view.source = source.path;
    view.store = store != nullptr;
    const GateOptions gate{policy.fail_on, false, false};
    const NotificationIndex notifications(declarations);
    std::vector<Finding> findings;
    findings.reserve(rows->size());
    view.certificates.reserve(rows->size());
    for (const auto& row : *rows) {
        const auto& declared = *row.certificate;
        report::ConsoleCertificate certificate;
        certificate.id = declared.id;
        certificate.name = declared.name;
        certificate.address = declared.address;
        certificate.subject = declared.subject;
        certificate.sans = declared.sans;
        certificate.status = declared.status;
        certificate.effective = row.effective;
        certificate.evaluation = row.evaluation;
        certificate.console_reminder = row.console_reminder;
        certificate.notifications = row.notifications;
        if (has_notification_toggle(row.effective)) {
            certificate.toggle = row.toggle ? report::ConsoleToggle::on : report::ConsoleToggle::off;
            certificate.toggle_locked = row.evaluation.expired;
        }
        const auto sent_of_certificate = sent.find(declared.id);
        for (const auto& milestone : row.evaluation.schedule) {
            report::ConsoleMilestone entry{milestone, {}};
            if (sent_of_certificate != sent.end()) {
                const auto found = sent_of_certificate->second.find(milestone.milestone.label());
                if (found != sent_of_certificate->second.end()) {
                    entry.sent = found->second;
                }
            }
            certificate.schedule.push_back(std::move(entry));
        }
        certificate.recipients = recipients_of(declarations, notifications.find(declared.id));
        findings.push_back(finding_of(declared, row.evaluation, source));
        certificate.report = report::finding_json(findings.back(), gate);
        view.certificates.push_back(std::move(certificate));
    }
    for (const auto& declared : declarations.recipients) {
        report::ConsoleRecipient recipient;
        recipient.id = declared.id;
        recipient.name = declared.name;
        recipient.email = mask_email(declared.email);
        recipient.mobile = mask_mobile(declared.mobile);
        recipient.channels = declared.channels;
        recipient.verification = "unknown";
        if (store != nullptr) {
            auto state = store->recipient_verification(declared.id);
            if (!state) {
                return state.error();
            }
            recipient.verification = std::string(store::to_string(*state));
        }
        view.recipients.push_back(std::move(recipient));
    }
    snapshot.metrics = report::render_prometheus(make_report(std::move(findings), gate, now, policy.time_zone->name()));
    return snapshot;
}

} // namespace certgate::app
