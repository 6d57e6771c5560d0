#pragma once
// The policy configuration: a JSON file (schemas/policy.schema.json) and flat
// string settings (Terraform query keys, command-line flags).

#include "certgate/adapters/config/date_file.hpp"
#include "certgate/core/policy.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/waiver.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::config {

/// The largest policy file read (1 MiB); larger files are refused unread.
inline constexpr std::size_t k_max_policy_file_bytes = 1024U * 1024U;
/// The deepest nesting of arrays and objects accepted in a policy file.
inline constexpr int k_max_policy_depth = 32;

/// A policy with the waivers that came with it.
struct LoadedPolicy {
    Policy policy;
    std::vector<Waiver> waivers;
};

/// Reads and validates a policy file. Errors name the file and the field as a
/// JSON pointer ("policy.json: /milestones/2: invalid milestone \"3x\"…"),
/// or the line and column of malformed JSON. Relative holidays_file and
/// extra_working_days_file paths resolve against the policy file's folder.
/// Unknown fields, duplicate keys, files over k_max_policy_file_bytes and
/// nesting deeper than k_max_policy_depth are errors. The policy has passed
/// validate_policy().
[[nodiscard]] Result<LoadedPolicy> load_policy_file(const std::string& path);

/// Parses policy JSON text; `where` names its origin in errors. Relative file
/// paths in it resolve against the current folder.
[[nodiscard]] Result<LoadedPolicy> parse_policy_json(std::string_view text, const std::string& where);

/// The names of the settings that apply_setting() accepts: timezone,
/// milestones, console_reminder_days, renewal_window_working_days,
/// minimum_lead_working_days, weekend, holidays, holidays_file,
/// extra_working_days, extra_working_days_file, fail_on,
/// renew_after_lifetime_percent.
[[nodiscard]] const std::vector<std::string>& setting_names();

/// Applies one flat setting to `policy` (lists comma-separated, "" is an empty
/// list; weekdays mon … sun). holidays, extra_working_days and the two _file
/// settings add to the dates already there; the others replace. A relative
/// file path resolves against the current folder. The Error's `where` is the
/// setting's name; on error the policy is unchanged. Does not check relations
/// between settings: call validate_policy() after the last one.
[[nodiscard]] Result<void> apply_setting(Policy& policy, std::string_view name, std::string_view value);

} // namespace certgate::config
