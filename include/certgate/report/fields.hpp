#pragma once
// The field mapping every writer shares: Finding -> the names and values of
// SPEC section 5, short human descriptions, and the rules for sensitive findings.

#include "certgate/core/report.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace certgate::report {

/// What human-readable formats print instead of an identity field of a
/// sensitive finding (JSON-based formats print null).
inline constexpr std::string_view k_sensitive_text = "(sensitive)";

/// The certificate's short name (display_name), "(sensitive)" for a sensitive
/// finding, "" when the finding has no certificate.
[[nodiscard]] std::string finding_name(const Finding& finding);

/// The subject alternative names joined with ", "; "" when there are none
/// and for a sensitive finding (its name already says "(sensitive)").
[[nodiscard]] std::string finding_sans(const Finding& finding);

/// Where a finding came from, for people: `plan.json aws_acm_certificate.web
/// (certificate_body) #1`, or the host for live endpoints.
[[nodiscard]] std::string source_label(const Source& source);

/// One sentence about a finding, without its source: `expired: web.example.com
/// expired on 2026-11-20 (10 days ago)`, `renew: … expires on 2026-12-11 (11 days,
/// 9 working days left), renew by 2026-12-08`, `error: <message>`, plus the
/// waiver and message when there are any. Identity values of sensitive findings
/// never appear.
[[nodiscard]] std::string describe_finding(const Finding& finding);

/// `text` with every identity value of a sensitive finding (subject, issuer,
/// common name, SANs, serial, fingerprint) replaced by "(sensitive)"; `text`
/// unchanged for other findings.
[[nodiscard]] std::string redact(const Finding& finding, std::string text);

/// A stable identifier of a finding across runs: lowercase hex SHA-256 of its
/// source (kind, path, address, attribute, index, host) and certificate
/// fingerprint (left out for sensitive findings).
[[nodiscard]] std::string finding_key(const Finding& finding);

/// "1 day", "2 days", "-3 days".
[[nodiscard]] std::string count_of(std::int64_t count, std::string_view singular, std::string_view plural);

/// `text` with invalid UTF-8 sequences replaced by U+FFFD, so that XML,
/// Markdown and exposition writers always emit valid UTF-8.
[[nodiscard]] std::string valid_utf8(std::string_view text);

/// The JSON fields of one finding, in the order of SPEC section 5; absent
/// values are null and identity fields of sensitive findings are null.
[[nodiscard]] nlohmann::ordered_json finding_json(const Finding& finding, const GateOptions& gate);

/// Appends the text of finding_json(finding, gate).dump(2) (without a final
/// newline) nested at `depth` (its members indented by 2 x (depth + 1)),
/// without building the JSON value.
void append_finding_json(std::string& out, const Finding& finding, const GateOptions& gate, int depth);

/// The JSON `summary` object: gate (pass, fail or error), fail_on, counts per
/// severity, total, failing, waived, input_errors, skipped, now, timezone.
[[nodiscard]] nlohmann::ordered_json summary_json(const Report& report);

/// The JSON report document (summary, findings, errors, skipped) with
/// `findings` as given; render_json writes the findings into it as text.
[[nodiscard]] nlohmann::ordered_json report_json(const Report& report, nlohmann::ordered_json findings);

/// Serialises JSON with two-space indentation and a final newline; invalid
/// UTF-8 in strings is replaced, never thrown.
[[nodiscard]] std::string dump_json(const nlohmann::ordered_json& value);

/// "8 findings, 1 error, 2 expired, 1 ok, 1 waived": the total, then the
/// non-zero counts worst first, then the waived count when there are any.
[[nodiscard]] std::string counts_phrase(const Report& report);

/// "the gate could not be decided: 1 input could not be read" (2 inputs …), for
/// reports whose gate_verdict is error.
[[nodiscard]] std::string undecided_phrase(const Report& report);

/// Severities in the order reports list counts: error, expired, critical,
/// renew, warning, unknown, notice, ok (worst first).
[[nodiscard]] const std::vector<Severity>& severities_worst_first();

} // namespace certgate::report
