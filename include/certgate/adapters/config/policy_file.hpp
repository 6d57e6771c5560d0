#pragma once
// The policy configuration: a JSON file (schemas/policy.schema.json) and flat
// string settings (Terraform query keys, command-line flags).

#include "certgate/core/policy.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/waiver.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace certgate::config {

/// A policy with the waivers that came with it.
struct LoadedPolicy {
    Policy policy;
    std::vector<Waiver> waivers;
};

/// Reads and validates a policy file. Errors name the file and the field as a
/// JSON pointer ("policy.json: /milestones/2: invalid milestone \"3x\"…").
[[nodiscard]] Result<LoadedPolicy> load_policy_file(const std::string& path);

/// Parses policy JSON text; `where` names its origin in errors.
[[nodiscard]] Result<LoadedPolicy> parse_policy_json(std::string_view text, const std::string& where);

/// The names of the settings that apply_setting() accepts: timezone,
/// milestones, console_reminder_days, renewal_window_working_days,
/// minimum_lead_working_days, weekend, holidays, extra_working_days, fail_on,
/// renew_after_lifetime_percent.
[[nodiscard]] const std::vector<std::string>& setting_names();

/// Applies one flat setting (lists comma-separated). The Error's `where` is
/// the setting's name.
[[nodiscard]] Result<void> apply_setting(Policy& policy, std::string_view name, std::string_view value);

} // namespace certgate::config
