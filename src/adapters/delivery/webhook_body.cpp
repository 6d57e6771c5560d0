#include "certgate/adapters/delivery/webhook_body.hpp"

#include <nlohmann/json.hpp>

namespace certgate::delivery {

namespace {

nlohmann::ordered_json recipient_json(const WebhookRecipient& recipient)
{
    return {{"id", recipient.id}, {"name", recipient.name}, {"email", recipient.email}, {"mobile", recipient.mobile}};
}

} // namespace

std::string expiring_certificate_body(const ExpiringCertificateEvent& event)
{
    const auto& evaluation = event.evaluation;
    nlohmann::ordered_json body;
    body["event"] = "certificate.expiring";
    body["idempotency_key"] = event.idempotency_key;
    body["channel"] = std::string(to_string(event.channel));
    body["recipient"] = recipient_json(event.recipient);
    body["certificate"] = {{"id", event.certificate_id},
                           {"name", event.certificate_name},
                           {"status", std::string(to_string(event.status))},
                           {"not_after", format_rfc3339(event.not_after)},
                           {"expiry_date", format_date(evaluation.expiry_date)},
                           {"expired", evaluation.expired},
                           {"days_remaining", evaluation.days_remaining},
                           {"renew_by", format_date(evaluation.renew_by)},
                           {"renewal_window_start", format_date(evaluation.renewal_window_start)},
                           {"severity", std::string(to_string(evaluation.severity))}};
    body["milestone"] = {{"label", event.milestone.milestone.label()}, {"date", format_date(event.milestone.date)}};
    body["subject"] = event.subject;
    body["text"] = event.subject + ". Renew by " + format_date(evaluation.renew_by) + ".";
    return body.dump();
}

std::string recipient_verification_body(const RecipientVerificationEvent& event)
{
    nlohmann::ordered_json body;
    body["event"] = "recipient.verification";
    body["idempotency_key"] = event.idempotency_key;
    body["channel"] = std::string(to_string(event.channel));
    body["recipient"] = recipient_json(event.recipient);
    body["code"] = event.code;
    body["expires_at"] = format_rfc3339(event.expires);
    body["text"] = "Your certgate verification code is " + event.code + ".";
    return body.dump();
}

} // namespace certgate::delivery
