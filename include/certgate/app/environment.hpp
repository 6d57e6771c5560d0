#pragma once
// The process environment as the commands see it. A front end reads it once
// (cli::process_environment) and passes it down; nothing below the CLI calls
// getenv, so tests can hand any environment to any use case.

#include "certgate/adapters/store/store.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"
#include "certgate/core/time_zone.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace certgate::app {

/// Looks a variable up by name: its value ("" when set empty), or nullopt
/// when it is not set.
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// The variables certgate reads by a fixed name, and one lookup for those
/// named on the command line (--pkcs12-password-env, --smtp-password-env,
/// --webhook-secret-env) and the notify settings (CERTGATE_SMTP_*, …).
struct Environment {
    std::optional<std::string> now;          ///< CERTGATE_NOW
    std::optional<std::string> store;        ///< CERTGATE_STORE
    std::optional<std::string> state_home;   ///< XDG_STATE_HOME
    std::optional<std::string> home;         ///< HOME
    bool no_color = false;                   ///< NO_COLOR is set, whatever its value
    std::optional<std::string> step_summary; ///< GITHUB_STEP_SUMMARY
    VariableLookup variable;                 ///< any variable by name; unset when empty
    /// The value of `name`, or nullopt when it is not set (or there is no lookup).
    [[nodiscard]] std::optional<std::string> lookup(std::string_view name) const;
};

/// The instant to evaluate at: `flag` (--now) if given, else CERTGATE_NOW
/// when non-empty, else `clock`. A bare date is 00:00 in `zone`. Fails
/// (ErrorCode::usage) on a bad value; the Error's `where` names the flag or
/// the variable.
[[nodiscard]] Result<Instant> resolve_now(const std::optional<std::string>& flag, const Environment& environment,
                                          const TimeZone& zone, Instant clock);

/// Where the store is looked for: --store `flag`, then CERTGATE_STORE,
/// XDG_STATE_HOME and HOME from `environment`.
[[nodiscard]] store::StoreLocation store_location(const std::optional<std::string>& flag,
                                                  const Environment& environment);

/// The store a read-only view reads, opened read-only: only when --store
/// `flag` or a non-empty CERTGATE_STORE names one (no default path), else
/// nullopt. status and serve show verification and toggles from it.
[[nodiscard]] Result<std::optional<store::Store>> open_named_store_read_only(const std::optional<std::string>& flag,
                                                                             const Environment& environment);

/// The system clock to the second: the one place a use case learns the time.
[[nodiscard]] Instant system_now();

} // namespace certgate::app
