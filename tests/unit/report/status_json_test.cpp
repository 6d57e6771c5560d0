// `certgate status --format json`, byte for byte.
#include "certgate/report/status_json.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate::report {
namespace {

using testing::at;

TEST(StatusJson, NoCertificatesIsAnEmptyList)
{
    EXPECT_EQ(render_status_json({}, at("2026-11-30T09:00:00Z")),
              "{\n  \"now\": \"2026-11-30T09:00:00Z\",\n  \"certificates\": []\n}\n");
}

// SPEC's worked example (renew, milestones both sides of now) with a refused
// delivery, then an expired certificate whose milestones are all past.
TEST(StatusJson, OneObjectPerEntryInTheOrderGivenWithNullForAbsentMilestones)
{
    const Instant now = at("2026-11-30T09:00:00Z");
    StatusEntry renew;
    renew.id = "ab12";
    renew.name = "web\"quoted\".example.com";
    renew.address = "data.external.web";
    renew.status = CertificateStatus::issued;
    renew.effective = CertificateStatus::issued;
    renew.not_after = at("2026-12-11T12:00:00Z");
    renew.evaluation = evaluate(Validity{std::nullopt, renew.not_after}, Policy{}, now);
    renew.console_reminder = true;
    renew.notifications = true;
    renew.refused.push_back({"1w", "2026-12-04", "rcpt-1", Channel::sms, "HTTP 410"});

    StatusEntry expired;
    expired.id = "cd34";
    expired.name = "old.example.com";
    expired.address = "/certificates/1";
    expired.effective = CertificateStatus::expired;
    expired.not_after = at("2026-11-20T00:00:00Z");
    expired.evaluation = evaluate(Validity{at("2026-11-01T00:00:00Z"), expired.not_after}, Policy{}, now);
    expired.expiration_notification = false;

    EXPECT_EQ(render_status_json({renew, expired}, now), R"({
  "now": "2026-11-30T09:00:00Z",
  "certificates": [
    {
      "id": "ab12",
      "name": "web\"quoted\".example.com",
      "address": "data.external.web",
      "status": "issued",
      "effective_status": "issued",
      "severity": "renew",
      "not_after": "2026-12-11T12:00:00Z",
      "expiry_date": "2026-12-11",
      "days_remaining": 11,
      "renew_by": "2026-12-08",
      "renewal_window_start": "2026-11-27",
      "in_renewal_window": true,
      "next_milestone": "1w",
      "next_milestone_date": "2026-12-04",
      "last_milestone": "1mo",
      "last_milestone_date": "2026-11-11",
      "console_reminder": true,
      "notifications": true,
      "expiration_notification": true,
      "refused": [
        {
          "milestone": "1w",
          "milestone_date": "2026-12-04",
          "recipient": "rcpt-1",
          "channel": "sms",
          "reason": "HTTP 410"
        }
      ]
    },
    {
      "id": "cd34",
      "name": "old.example.com",
      "address": "/certificates/1",
      "status": "uploaded",
      "effective_status": "expired",
      "severity": "expired",
      "not_after": "2026-11-20T00:00:00Z",
      "expiry_date": "2026-11-20",
      "days_remaining": -10,
      "renew_by": "2026-11-17",
      "renewal_window_start": "2026-11-06",
      "in_renewal_window": false,
      "next_milestone": null,
      "next_milestone_date": null,
      "last_milestone": "0d",
      "last_milestone_date": "2026-11-20",
      "console_reminder": false,
      "notifications": false,
      "expiration_notification": false,
      "refused": []
    }
  ]
}
)");
}

} // namespace
} // namespace certgate::report
