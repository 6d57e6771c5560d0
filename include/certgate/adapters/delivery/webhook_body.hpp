#pragma once
// The JSON bodies of the two webhook events certgate sends (docs/notify.md,
// "Webhook payloads"): compact JSON, keys in the documented order.

#include "certgate/core/channel.hpp"
#include "certgate/core/evaluation.hpp"
#include "certgate/core/lifecycle.hpp"

#include <string>

namespace certgate::delivery {

/// Who a webhook event is for; empty strings stay in the body as "".
struct WebhookRecipient {
    std::string id;
    std::string name;
    std::string email;
    std::string mobile;
};

/// A milestone of a certificate's expiry (event "certificate.expiring").
struct ExpiringCertificateEvent {
    std::string idempotency_key;
    Channel channel = Channel::sms;
    WebhookRecipient recipient;
    std::string certificate_id; ///< the SHA-256 fingerprint
    std::string certificate_name;
    CertificateStatus status = CertificateStatus::uploaded;
    Instant not_after;
    Evaluation evaluation; ///< as of the run's now
    MilestoneDate milestone;
    std::string subject; ///< the mail subject, also the start of "text"
};

/// A recipient's verification code (event "recipient.verification").
struct RecipientVerificationEvent {
    std::string idempotency_key;
    Channel channel = Channel::sms;
    WebhookRecipient recipient;
    std::string code;
    Instant expires;
};

/// {"event":"certificate.expiring","idempotency_key":…,"channel":…,
/// "recipient":{…},"certificate":{…},"milestone":{"label","date"},"subject":…,
/// "text":SUBJECT + ". Renew by " + renew_by + "."}. Cannot fail.
[[nodiscard]] std::string expiring_certificate_body(const ExpiringCertificateEvent& event);

/// {"event":"recipient.verification","idempotency_key":…,"channel":…,
/// "recipient":{…},"code":…,"expires_at":RFC 3339,"text":…}. Cannot fail.
[[nodiscard]] std::string recipient_verification_body(const RecipientVerificationEvent& event);

} // namespace certgate::delivery
