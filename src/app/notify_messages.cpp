#include "certgate/app/notify_messages.hpp"

#include "certgate/adapters/delivery/webhook_body.hpp"
#include "certgate/core/escape.hpp"
#include "certgate/core/lifecycle.hpp"

#include <array>

namespace certgate::app {

namespace {

std::string plural_days(std::int64_t days)
{
    return std::to_string(days) + (days == 1 ? " day" : " days");
}

std::string expiry_phrase(const Evaluation& evaluation)
{
    const auto days = evaluation.days_remaining;
    if (days > 1) {
        return "expires in " + plural_days(days);
    }
    if (days == 1) {
        return "expires tomorrow";
    }
    if (days == 0) {
        return evaluation.expired ? "expired today" : "expires today";
    }
    if (days == -1) {
        return "expired yesterday";
    }
    return "expired " + plural_days(-days) + " ago";
}

struct Lines {
    std::string headline;
    std::string renew;
    std::string window;
};

Lines lines_of(const MilestoneNotice& notice)
{
    const auto& evaluation = *notice.evaluation;
    Lines lines;
    lines.headline = "The certificate " + notice.certificate->name + " " + expiry_phrase(evaluation) + ", on " +
                     format_date(evaluation.expiry_date) + " (not after " +
                     format_rfc3339(notice.certificate->validity.not_after) + ").";
    if (evaluation.expired) {
        lines.renew = "It has expired: replace it now.";
    } else {
        lines.renew = "Renew it by " + format_date(evaluation.renew_by) + " (" +
                      std::to_string(notice.minimum_lead_working_days) +
                      " working days before expiry; later is too late).";
    }
    lines.window = "Renewal window: " + format_date(evaluation.renewal_window_start) + " to " +
                   format_date(evaluation.renew_by) + " (it opens " +
                   std::to_string(notice.renewal_window_working_days) + " working days before expiry).";
    return lines;
}

delivery::WebhookRecipient webhook_recipient(const DeclaredRecipient& recipient)
{
    return {recipient.id, recipient.name, recipient.email, recipient.mobile};
}

} // namespace

std::string html_escape(std::string_view text)
{
    return escape_html(text);
}

std::string milestone_subject(const MilestoneNotice& notice)
{
    return notice.certificate->name + " " + expiry_phrase(*notice.evaluation) + " (" +
           format_date(notice.evaluation->expiry_date) + ")";
}

std::string milestone_text(const MilestoneNotice& notice)
{
    const auto lines = lines_of(notice);
    std::string text = lines.headline + "\n\n" + lines.renew + "\n" + lines.window + "\n\n";
    text += "Certificate: " + notice.certificate->name + "\n";
    text += "Fingerprint (SHA-256): " + notice.certificate->id + "\n";
    text += "Status: " + std::string(to_string(notice.certificate->status)) + "\n";
    text += "Milestone: " + notice.milestone.milestone.label() + " (" + format_date(notice.milestone.date) + ")\n";
    text += "Severity: " + std::string(to_string(notice.evaluation->severity)) + "\n\n";
    text += "Sent by certgate notify to " +
            (notice.recipient->name.empty() ? notice.recipient->id : notice.recipient->name) + ".\n";
    return text;
}

std::string milestone_html(const MilestoneNotice& notice)
{
    const auto lines = lines_of(notice);
    std::string html = "<!DOCTYPE html>\n<html><body>\n";
    html += "<p><strong>" + html_escape(lines.headline) + "</strong></p>\n";
    html += "<p>" + html_escape(lines.renew) + "<br>\n" + html_escape(lines.window) + "</p>\n";
    html += "<table>\n";
    const auto row = [&](const std::string& name, const std::string& value) {
        html += "<tr><th align=\"left\">" + html_escape(name) + "</th><td>" + html_escape(value) + "</td></tr>\n";
    };
    row("Certificate", notice.certificate->name);
    row("Fingerprint (SHA-256)", notice.certificate->id);
    row("Status", std::string(to_string(notice.certificate->status)));
    row("Milestone", notice.milestone.milestone.label() + " (" + format_date(notice.milestone.date) + ")");
    row("Severity", std::string(to_string(notice.evaluation->severity)));
    html += "</table>\n<p>Sent by certgate notify.</p>\n</body></html>\n";
    return html;
}

std::string milestone_payload(const MilestoneNotice& notice, Channel channel, const std::string& idempotency_key)
{
    delivery::ExpiringCertificateEvent event;
    event.idempotency_key = idempotency_key;
    event.channel = channel;
    event.recipient = webhook_recipient(*notice.recipient);
    event.certificate_id = notice.certificate->id;
    event.certificate_name = notice.certificate->name;
    event.status = notice.certificate->status;
    event.not_after = notice.certificate->validity.not_after;
    event.evaluation = *notice.evaluation;
    event.milestone = notice.milestone;
    event.subject = milestone_subject(notice);
    return delivery::expiring_certificate_body(event);
}

std::string verification_subject()
{
    return "certgate: confirm your contact details for certificate notifications";
}

std::string verification_text(const DeclaredRecipient& recipient, const std::string& code, Instant expires)
{
    return "You (" + (recipient.name.empty() ? recipient.id : recipient.name) +
           ") were added as a recipient of certificate expiry notifications.\n\n"
           "Your verification code is " +
           code +
           ".\n\nGive it to your certgate administrator, who runs the command below and types it when asked:\n\n"
           "    certgate recipients verify " +
           recipient.id + "\n\nThe code expires at " + format_rfc3339(expires) +
           ". Until it is confirmed you receive no notifications.\n";
}

std::string verification_payload(const DeclaredRecipient& recipient, Channel channel, const std::string& code,
                                 Instant expires, const std::string& idempotency_key)
{
    return delivery::recipient_verification_body(
        delivery::RecipientVerificationEvent{idempotency_key, channel, webhook_recipient(recipient), code, expires});
}

} // namespace certgate::app
