#pragma once
// The `certgate check` command as one call: run the check, then write each
// report where it was asked for and the GitHub job summary.

#include "certgate/app/check.hpp"
#include "certgate/app/environment.hpp"
#include "certgate/report/formats.hpp"

#include <optional>
#include <string>
#include <vector>

namespace certgate::app {

/// A --format or an --output as given, in command-line order.
struct ReportFlag {
    enum class Kind { format, output };
    Kind kind = Kind::format;
    std::string value;
};

/// One report to write: its format and its file (nullopt: standard output).
struct ReportTarget {
    report::Format format = report::Format::text;
    std::optional<std::string> path;
};

/// Pairs each --output with the --format given before it ("--format json
/// --output r.json --format text"); a format without an output goes to
/// standard output, and no flag at all means text there. Fails
/// (ErrorCode::usage) on an unknown format, an --output without its own
/// --format, or two formats for standard output.
[[nodiscard]] Result<std::vector<ReportTarget>> report_targets(const std::vector<ReportFlag>& flags);

/// --color.
enum class ColorChoice { automatic, always, never };

/// How the reports are written.
struct ReportStyle {
    ColorChoice color = ColorChoice::automatic;
    bool stdout_is_terminal = false; ///< automatic colour needs it (and no NO_COLOR)
    std::string tool_version;        ///< SARIF's tool.driver.version
};

/// A finished `certgate check`: what goes to standard output, the error
/// lines' errors (unreadable inputs, then reports that could not be
/// written) and the exit status.
struct CheckRun {
    std::string standard_output;
    std::vector<Error> errors;
    int exit_status = 0;
};

/// Runs `request`, renders every target (files written through
/// write_output_file), appends the github format's job summary to
/// GITHUB_STEP_SUMMARY when set. A report that cannot be written makes the
/// exit status 2.
[[nodiscard]] CheckRun run_check_command(const CheckRequest& request, const std::vector<ReportTarget>& targets,
                                         const ReportStyle& style, const Environment& environment);

} // namespace certgate::app
