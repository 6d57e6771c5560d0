#pragma once
// `certgate check` as the command line gives it, and the one call that runs
// it: the policy, `now`, the report targets and the request are all decided
// here, so the command line only parses options.

#include "certgate/app/check.hpp"
#include "certgate/app/check_reports.hpp"
#include "certgate/app/environment.hpp"
#include "certgate/app/policy.hpp"

#include <optional>
#include <string>
#include <vector>

namespace certgate::app {

/// What `certgate check` was given, as plain values.
struct CheckCommand {
    std::vector<std::string> inputs; ///< files, directories, "-" for stdin
    std::optional<std::string> now;  ///< --now; else CERTGATE_NOW, else the clock (in the policy's zone)
    PolicySources policy;            ///< --config and the policy flags
    std::vector<ReportFlag> reports; ///< --format and --output in command-line order
    bool fail_on_unknown = false;
    bool ignore_unreachable = false;
    bool leaf_only = false;
    std::optional<std::string> pkcs12_password_env; ///< the name of the variable holding it
    HostOptions hosts;
    HuaweiCloudOptions huaweicloud; ///< its variables come from the environment
    unsigned jobs = 0;              ///< threads decoding input files; 0: one per core
    ReportStyle style;
};

/// Assembles the policy, resolves `now`, pairs the report flags and reads
/// the PKCS#12 password from the environment, then runs the check and writes
/// its reports (the other run_check_command). Bad usage (an unknown format,
/// a policy flag or --now that does not parse, an unset password variable,
/// nothing to check) is a run with that error and exit status 2.
[[nodiscard]] CheckRun run_check_command(const CheckCommand& command, const Environment& environment);

} // namespace certgate::app
