#include "certgate/core/lifecycle.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::at;

const Validity k_validity{at("2026-09-12T12:00:00Z"), at("2026-12-11T12:00:00Z")};

Evaluation evaluate_at(const std::string& now)
{
    return evaluate(k_validity, Policy{}, at(now));
}

const Evaluation k_far = evaluate_at("2026-11-10T12:00:00Z");      // 31 days left
const Evaluation k_reminder = evaluate_at("2026-11-11T00:00:00Z"); // 30 days left
const Evaluation k_last_second = evaluate_at("2026-12-11T12:00:00Z");
const Evaluation k_expired = evaluate_at("2026-12-11T12:00:01Z");

std::string error_of(const Result<ToggleState>& result)
{
    return result ? "no error" : result.error().describe();
}

TEST(Lifecycle, Statuses)
{
    EXPECT_EQ(*parse_status("issued"), CertificateStatus::issued);
    EXPECT_EQ(*parse_status("hosting"), CertificateStatus::hosting);
    EXPECT_EQ(*parse_status("uploaded"), CertificateStatus::uploaded);
    EXPECT_EQ(parse_status("expired").error().message,
              "invalid status \"expired\", expected one of: issued, hosting, uploaded");
    EXPECT_EQ(*parse_status("expired", true), CertificateStatus::expired);
    EXPECT_EQ(parse_status("Issued", true).error().message,
              "invalid status \"Issued\", expected one of: issued, hosting, uploaded, expired");
    EXPECT_EQ(to_string(CertificateStatus::hosting), "hosting");
}

TEST(Lifecycle, EffectiveStatusBecomesExpired)
{
    EXPECT_EQ(effective_status(CertificateStatus::issued, k_last_second), CertificateStatus::issued);
    EXPECT_EQ(effective_status(CertificateStatus::issued, k_expired), CertificateStatus::expired);
    EXPECT_EQ(effective_status(CertificateStatus::uploaded, k_expired), CertificateStatus::expired);
}

TEST(Lifecycle, ConsoleReminderForIssuedAndHostingOnly)
{
    const Policy policy;
    for (auto status : {CertificateStatus::issued, CertificateStatus::hosting}) {
        EXPECT_FALSE(console_reminder_due(status, k_far, policy));
        EXPECT_TRUE(console_reminder_due(status, k_reminder, policy));
        EXPECT_TRUE(console_reminder_due(status, k_last_second, policy));
        EXPECT_FALSE(console_reminder_due(status, k_expired, policy));
    }
    EXPECT_FALSE(console_reminder_due(CertificateStatus::uploaded, k_reminder, policy));
    Policy longer;
    longer.console_reminder_days = 31;
    EXPECT_TRUE(console_reminder_due(CertificateStatus::issued, k_far, longer));
}

TEST(Lifecycle, ToggleExistsForIssuedHostingAndExpired)
{
    EXPECT_TRUE(has_notification_toggle(CertificateStatus::issued));
    EXPECT_TRUE(has_notification_toggle(CertificateStatus::hosting));
    EXPECT_TRUE(has_notification_toggle(CertificateStatus::expired));
    EXPECT_FALSE(has_notification_toggle(CertificateStatus::uploaded));
}

TEST(Lifecycle, ToggleIsOnByDefault)
{
    const auto state = resolve_toggle({CertificateStatus::issued, std::nullopt, std::nullopt}, k_far);
    ASSERT_TRUE(state);
    EXPECT_TRUE(state->enabled);
    EXPECT_FALSE(state->locked);
    const auto off = resolve_toggle({CertificateStatus::hosting, false, std::nullopt}, k_far);
    ASSERT_TRUE(off);
    EXPECT_FALSE(off->enabled);
    EXPECT_FALSE(off->locked);
}

TEST(Lifecycle, UploadedCertificateCannotBeTurnedOff)
{
    const auto result = resolve_toggle({CertificateStatus::uploaded, false, std::nullopt}, k_far);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::usage);
    EXPECT_EQ(result.error().describe(),
              "expiration_notification: an uploaded certificate has no expiration-notification toggle and is always "
              "notified; remove expiration_notification or declare status issued or hosting");
    const auto on = resolve_toggle({CertificateStatus::uploaded, true, std::nullopt}, k_far);
    ASSERT_TRUE(on);
    EXPECT_TRUE(on->enabled);
}

TEST(Lifecycle, ExpiredToggleIsLocked)
{
    const auto state = resolve_toggle({CertificateStatus::issued, false, std::nullopt}, k_expired);
    ASSERT_TRUE(state);
    EXPECT_FALSE(state->enabled);
    EXPECT_TRUE(state->locked);
    const auto recorded = resolve_toggle({CertificateStatus::issued, std::nullopt, false}, k_expired);
    ASSERT_TRUE(recorded);
    EXPECT_FALSE(recorded->enabled);
    EXPECT_TRUE(recorded->locked);
    const auto same = resolve_toggle({CertificateStatus::hosting, true, true}, k_expired);
    ASSERT_TRUE(same);
    EXPECT_TRUE(same->enabled);
    // The last valid second: not locked yet.
    EXPECT_FALSE(resolve_toggle({CertificateStatus::issued, true, false}, k_last_second)->locked);
}

TEST(Lifecycle, ChangingTheToggleAfterExpiryIsAnError)
{
    EXPECT_EQ(error_of(resolve_toggle({CertificateStatus::issued, false, true}, k_expired)),
              "expiration_notification: the certificate has expired, so its expiration-notification toggle can no "
              "longer change; it was true when it expired: declare that value");
    EXPECT_EQ(error_of(resolve_toggle({CertificateStatus::hosting, true, false}, k_expired)),
              "expiration_notification: the certificate has expired, so its expiration-notification toggle can no "
              "longer change; it was false when it expired: declare that value");
}

TEST(Lifecycle, MessageNotificationsByStatus)
{
    const ToggleState on{true, false};
    const ToggleState off{false, false};
    EXPECT_TRUE(message_notifications_apply(CertificateStatus::issued, on));
    EXPECT_FALSE(message_notifications_apply(CertificateStatus::issued, off));
    EXPECT_TRUE(message_notifications_apply(CertificateStatus::uploaded, on));
    EXPECT_FALSE(message_notifications_apply(CertificateStatus::hosting, on));
    EXPECT_FALSE(message_notifications_apply(CertificateStatus::expired, on));
}

} // namespace
} // namespace certgate
