#pragma once
// The words of notification messages: subjects, text and HTML bodies, and
// webhook payloads.

#include "certgate/app/declarations.hpp"
#include "certgate/core/evaluation.hpp"

#include <string>

namespace certgate::app {

/// What a milestone message is about.
struct MilestoneNotice {
    const DeclaredCertificate* certificate = nullptr;
    const DeclaredRecipient* recipient = nullptr;
    const Evaluation* evaluation = nullptr;
    MilestoneDate milestone;
    int renewal_window_working_days = 10;
    int minimum_lead_working_days = 3;
};

/// "web.example.com expires in 7 days (2026-12-11)"; "… expires tomorrow
/// (…)", "… expires today (…)", "… expired 2 days ago (…)". The date is the
/// expiry date.
[[nodiscard]] std::string milestone_subject(const MilestoneNotice& notice);

/// The plain-text body: expiry, renew-by date, renewal window, details.
[[nodiscard]] std::string milestone_text(const MilestoneNotice& notice);

/// The same as HTML (values escaped).
[[nodiscard]] std::string milestone_html(const MilestoneNotice& notice);

/// The webhook JSON for a milestone message (event "certificate.expiring").
[[nodiscard]] std::string milestone_payload(const MilestoneNotice& notice, Channel channel,
                                            const std::string& idempotency_key);

/// Subject of a verification message.
[[nodiscard]] std::string verification_subject();

/// Text of a verification message carrying `code`, valid until `expires`.
[[nodiscard]] std::string verification_text(const DeclaredRecipient& recipient, const std::string& code,
                                            Instant expires);

/// The webhook JSON for a verification code (event "recipient.verification").
[[nodiscard]] std::string verification_payload(const DeclaredRecipient& recipient, Channel channel,
                                               const std::string& code, Instant expires,
                                               const std::string& idempotency_key);

/// Escapes &, <, >, " and ' for HTML.
[[nodiscard]] std::string html_escape(std::string_view text);

} // namespace certgate::app
