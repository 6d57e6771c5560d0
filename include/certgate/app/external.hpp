#pragma once
// The `certgate-external KIND` use case: answer one Terraform external data
// source query (SPEC section 4). No printing and no process state: the
// caller passes stdin, the working directory, CERTGATE_NOW and the clock.

#include "certgate/adapters/external/protocol.hpp"
#include "certgate/app/external_state.hpp"
#include "certgate/core/time.hpp"

#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::app {

/// What the program prints and how it exits. On success `out` holds one JSON
/// object of strings and `err` is empty; on failure `out` is empty and `err`
/// holds one line "certgate-external: <kind>: <query key>: <message>".
struct ExternalAnswer {
    int exit_code = 0;
    std::string out;
    std::string err;
};

/// The exit status of every failure (Terraform gives no meaning to the value).
inline constexpr int k_external_exit_error = 1;

/// The world an answer may look at.
struct ExternalEnvironment {
    /// Relative paths in the query resolve against this folder (Terraform's
    /// `working_dir`, else its own working directory); "" = the process's.
    std::string working_directory;
    /// CERTGATE_NOW, used when the query has no `now`.
    std::optional<std::string> now_variable;
    /// The system clock, used when neither `now` nor CERTGATE_NOW is given.
    Instant clock{};
    /// CERTGATE_STORE: the store to read recipient verification and toggles
    /// at expiry from; nullopt = no store (verification "unknown").
    std::optional<std::string> store_path;
    /// Opens the store; defaults to the SQLite store (open_store_state).
    std::function<Result<std::unique_ptr<ExternalState>>(const std::string& path)> open_state;
};

/// The kinds, in the order usage texts list them: certificate, expiry,
/// recipient, notification.
[[nodiscard]] const std::vector<std::string>& external_kinds();

/// The result fields of `kind` for a query already split into keys and
/// values: the same checks and answers as answer_external without the JSON
/// text (terraform-provider-certgate turns its typed attributes into these
/// keys). Fails like answer_external, the Error's `where` naming the query
/// key at fault; an unknown kind fails with ErrorCode::usage.
[[nodiscard]] Result<external::StringMap> external_fields(std::string_view kind, const external::StringMap& query,
                                                          const ExternalEnvironment& environment);

/// Answers a query given as text (already read from stdin).
[[nodiscard]] ExternalAnswer answer_external(std::string_view kind, std::string_view query_text,
                                             const ExternalEnvironment& environment);

/// Answers the program's arguments (argv without the program name: exactly
/// one KIND) and reads the query from `in`, refusing more than 1 MiB. A
/// missing, extra or unknown KIND fails with "certgate-external: usage: …".
[[nodiscard]] ExternalAnswer answer_external_command(const std::vector<std::string>& arguments, std::istream& in,
                                                     const ExternalEnvironment& environment);

} // namespace certgate::app
