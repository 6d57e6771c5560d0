#pragma once
// One policy assembly for every command and for certgate-external: the
// defaults, then a policy file, then flat settings in the order given,
// validated once. `check`, `notify`, `status`, `recipients` and every
// external kind build their policy here, so they cannot disagree about it.

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace certgate::app {

/// One flat setting as given: a name of config::setting_names() and its text
/// (lists comma-separated).
struct PolicySetting {
    std::string name;  ///< "timezone", "fail_on", "holidays_file", …
    std::string value; ///< file paths already resolved by the caller
    std::string where; ///< what errors name: a flag ("--timezone") or a query key
};

/// Where a policy comes from, in the order it is applied.
struct PolicySources {
    std::optional<std::string> file; ///< --config or policy_file (path already resolved)
    /// What errors of the file name: "" for the file's own path
    /// (`policy.json: /milestones/2: …`), or a query key ("policy_file: …").
    std::string file_where;
    std::vector<PolicySetting> settings;
};

/// The policy and waivers: the defaults, then `file`, then each setting
/// (holidays and extra working days add to those already there, the others
/// replace). Fails on the first bad source with its `where`, or when the
/// settings together are inconsistent (validate_policy()).
[[nodiscard]] Result<config::LoadedPolicy> assemble_policy(const PolicySources& sources);

} // namespace certgate::app
