#pragma once
// Shared pieces of the external kinds: query key checks, the policy and
// `now` from a query, and the output fields of SPEC section 2.

#include "certgate/adapters/external/protocol.hpp"
#include "certgate/app/external.hpp"
#include "certgate/core/evaluation.hpp"
#include "certgate/core/lifecycle.hpp"
#include "certgate/core/policy.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::app::external_support {

using Query = external::StringMap;
using Output = external::StringMap;

/// The query keys every evaluating kind accepts: each policy setting,
/// policy_file and now.
[[nodiscard]] std::vector<std::string> policy_keys();

/// Fails on the first key not in `allowed`, suggesting the closest one.
[[nodiscard]] Result<void> check_keys(const Query& query, const std::vector<std::string>& allowed);

/// The value of `key`, nullopt when absent.
[[nodiscard]] std::optional<std::string> value_of(const Query& query, std::string_view key);

/// "true"/"false"; fails with `where` = key otherwise.
[[nodiscard]] Result<std::optional<bool>> boolean_of(const Query& query, std::string_view key);

/// Splits a comma-separated list, trimming spaces around items; an empty
/// item or a repeated one is an error (where = key).
[[nodiscard]] Result<std::vector<std::string>> split_list(const std::string& text, const std::string& key);

/// "true" or "false".
[[nodiscard]] std::string text_of(bool value);

/// Fails when a text has control characters or more than `max_characters`
/// code points (names and other display texts).
[[nodiscard]] Result<void> check_display_text(std::string_view text, std::string_view key, std::size_t max_characters);

/// `path` resolved against the environment's working directory.
[[nodiscard]] std::string resolve_path(const std::string& path, const ExternalEnvironment& environment);

/// Reads a file named by query key `key`, at most `max_bytes`.
[[nodiscard]] Result<std::string> read_query_file(const std::string& path, std::string_view key,
                                                  const ExternalEnvironment& environment, std::uintmax_t max_bytes);

/// The policy: the defaults, then `policy_file`, then each setting key.
[[nodiscard]] Result<Policy> policy_of(const Query& query, const ExternalEnvironment& environment);

/// The instant to evaluate at: `now`, else CERTGATE_NOW, else the clock.
[[nodiscard]] Result<Instant> now_of(const Query& query, const Policy& policy, const ExternalEnvironment& environment);

/// The declared status (default uploaded); `allow_expired` for notification.
[[nodiscard]] Result<CertificateStatus> status_of(const Query& query, bool allow_expired);

/// What every kind reads after checking its keys, in the order errors are
/// reported: the policy, `now`, the declared status and the toggle.
struct DeclaredInputs {
    Policy policy;
    Instant now{};
    CertificateStatus status = CertificateStatus::uploaded;
    std::optional<bool> toggle; ///< the query's `toggle_key`, nullopt when not given
};

/// Reads the policy, `now`, `status` (`allow_expired` for notification) and
/// the boolean `toggle_key`.
[[nodiscard]] Result<DeclaredInputs> declared_inputs_of(const Query& query, const ExternalEnvironment& environment,
                                                        bool allow_expired, std::string_view toggle_key);

/// Opens the state when CERTGATE_STORE is set; nullptr otherwise.
[[nodiscard]] Result<std::unique_ptr<ExternalState>> state_of(const ExternalEnvironment& environment);

/// Adds every field of SPEC section 2 (and now, today, expiry_date,
/// timezone, fail_on, gate, schedule) under the JSON report's names.
void put_evaluation(Output& output, const Evaluation& evaluation, const Policy& policy, Instant now);

/// `[{"milestone":"2mo","date":"2026-10-11"},…]`.
[[nodiscard]] std::string schedule_json(const std::vector<MilestoneDate>& schedule);

/// Resolves the toggle and adds status, effective_status, console_reminder,
/// notifications, expiration_notification and toggle_locked.
[[nodiscard]] Result<void> put_lifecycle(Output& output, CertificateStatus declared,
                                         std::optional<bool> declared_toggle, const Evaluation& evaluation,
                                         const Policy& policy, std::optional<bool> value_at_expiry);

/// Parses a timestamp as cloud certificate resources expose it: RFC 3339
/// (also with a space for the "T"), "yyyy-MM-dd HH:mm:ss[.S…]" without a
/// zone (read in `zone`), a bare date (00:00 in `zone`), or an epoch in
/// seconds or, from 12 digits on, milliseconds. `key` names it in errors.
[[nodiscard]] Result<Instant> parse_timestamp(std::string_view text, std::string_view key, const TimeZone& zone);

} // namespace certgate::app::external_support
