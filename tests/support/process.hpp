#pragma once
// Running the built programs the way a shell, CI or Terraform would.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace certgate::testing {

struct ProcessOptions {
    std::optional<std::string> stdin_text;          ///< nullopt: stdin is /dev/null
    std::string working_directory;                  ///< "" = the test's own
    std::map<std::string, std::string> environment; ///< added to (or replacing) the inherited environment
    std::vector<std::string> unset_environment;
    std::chrono::milliseconds timeout{60000};
    /// stdout is a pipe whose reader has already gone (a `| head` that
    /// exited): writes fail with EPIPE, or kill a program that does not
    /// ignore SIGPIPE. ProcessResult::out stays empty.
    bool stdout_closed = false;
};

struct ProcessResult {
    int exit_code = -1; ///< -1 when killed by a signal or timed out
    int signal = 0;
    bool timed_out = false;
    std::string out;
    std::string err;
};

/// Runs argv[0] with the arguments, feeds stdin, captures stdout and stderr;
/// kills the process when the timeout passes.
[[nodiscard]] ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// Paths of the built programs.
[[nodiscard]] std::string certgate_program();
[[nodiscard]] std::string external_program();
/// The project's source folder and a path inside it.
[[nodiscard]] std::string source_path(const std::string& relative = "");

/// Runs `certgate ARGS...`.
[[nodiscard]] ProcessResult run_certgate(const std::vector<std::string>& args, const ProcessOptions& options = {});

} // namespace certgate::testing

namespace certgate::testing {

/// Validates a JSON document against a schema file with python3-jsonschema
/// (tests/tools/validate_json_schema.py); returns "" when valid, the
/// validator's messages otherwise.
[[nodiscard]] std::string schema_errors(const std::string& schema_path, const std::string& json_text);

} // namespace certgate::testing
