// The two webhook bodies, byte for byte: receivers parse them, and the
// Standard Webhooks signature is computed over exactly these bytes.
#include "certgate/adapters/delivery/webhook_body.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate::delivery {
namespace {

using testing::at;

WebhookRecipient ops()
{
    return {"rcpt-0123456789abcdef", "Ops \xe2\x82\xac", "ops@example.com", ""};
}

// SPEC's worked example: notAfter Friday 2026-12-11T12:00Z, now Monday
// 2026-11-30T09:00Z, default policy.
TEST(WebhookBody, ExpiringCertificateHoldsTheEvaluationInTheDocumentedOrder)
{
    ExpiringCertificateEvent event;
    event.idempotency_key = "cg-1w-key";
    event.channel = Channel::sms;
    event.recipient = ops();
    event.certificate_id = "ab12";
    event.certificate_name = "web\"\xc3\xa9\x01.example.com";
    event.status = CertificateStatus::issued;
    event.not_after = at("2026-12-11T12:00:00Z");
    event.evaluation = evaluate(Validity{std::nullopt, event.not_after}, Policy{}, at("2026-11-30T09:00:00Z"));
    ASSERT_TRUE(event.evaluation.next_milestone);
    event.milestone = *event.evaluation.next_milestone;
    event.subject = "web.example.com expires in 11 days (2026-12-11)";
    EXPECT_EQ(expiring_certificate_body(event),
              "{\"event\":\"certificate.expiring\",\"idempotency_key\":\"cg-1w-key\",\"channel\":\"sms\","
              "\"recipient\":{\"id\":\"rcpt-0123456789abcdef\",\"name\":\"Ops \xe2\x82\xac\",\"email\":"
              "\"ops@example.com\",\"mobile\":\"\"},"
              "\"certificate\":{\"id\":\"ab12\",\"name\":\"web\\\"\xc3\xa9\\u0001.example.com\",\"status\":\"issued\","
              "\"not_after\":\"2026-12-11T12:00:00Z\",\"expiry_date\":\"2026-12-11\",\"expired\":false,"
              "\"days_remaining\":11,\"renew_by\":\"2026-12-08\",\"renewal_window_start\":\"2026-11-27\","
              "\"severity\":\"renew\"},"
              "\"milestone\":{\"label\":\"1w\",\"date\":\"2026-12-04\"},"
              "\"subject\":\"web.example.com expires in 11 days (2026-12-11)\","
              "\"text\":\"web.example.com expires in 11 days (2026-12-11). Renew by 2026-12-08.\"}");
}

TEST(WebhookBody, ExpiredCertificateSaysSo)
{
    ExpiringCertificateEvent event;
    event.not_after = at("2026-12-11T12:00:00Z");
    event.evaluation = evaluate(Validity{std::nullopt, event.not_after}, Policy{}, at("2026-12-13T00:00:00Z"));
    const auto body = expiring_certificate_body(event);
    EXPECT_NE(body.find("\"expired\":true,\"days_remaining\":-2,"), std::string::npos) << body;
    EXPECT_NE(body.find("\"severity\":\"expired\"}"), std::string::npos) << body;
}

TEST(WebhookBody, RecipientVerificationCarriesTheCodeAndWhenItExpires)
{
    EXPECT_EQ(recipient_verification_body(
                  {"cg-verify-key", Channel::email, ops(), "01234567", at("2026-12-01T10:15:00+08:00")}),
              "{\"event\":\"recipient.verification\",\"idempotency_key\":\"cg-verify-key\",\"channel\":\"email\","
              "\"recipient\":{\"id\":\"rcpt-0123456789abcdef\",\"name\":\"Ops \xe2\x82\xac\",\"email\":"
              "\"ops@example.com\",\"mobile\":\"\"},"
              "\"code\":\"01234567\",\"expires_at\":\"2026-12-01T02:15:00Z\","
              "\"text\":\"Your certgate verification code is 01234567.\"}");
}

} // namespace
} // namespace certgate::delivery
