#pragma once
// One registry of report formats; each writer is a pure Report -> bytes.
// Reporters never decide exit codes: the gate decision is already in the Report.

#include "certgate/core/report.hpp"
#include "certgate/core/result.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::report {

/// Every report format `certgate check --format` knows.
enum class Format { text, json, junit, sarif, github, markdown, prometheus, gitlab };

/// The names of every format, in the order help texts list them.
[[nodiscard]] const std::vector<std::string>& format_names();

/// The name of a format ("text", "json", …).
[[nodiscard]] std::string_view format_name(Format format);

/// Parses a format name; the error (code usage) lists the expected names:
/// `unknown format "x", expected one of: text, json, …`.
[[nodiscard]] Result<Format> parse_format(std::string_view name);

/// How writers render.
struct RenderOptions {
    bool color = false;       ///< ANSI colour (text only; only on a terminal)
    std::string tool_version; ///< for SARIF's tool.driver.version
};

/// Receives a report's bytes piece by piece, in order.
using Sink = std::function<void(std::string_view)>;

/// render(), with the bytes handed to `sink` as they are written. The JSON,
/// SARIF and GitLab writers stream: they never hold the whole text, only a
/// piece of about 64 KiB (issue 14); the other formats are handed over whole.
void render_to(const Report& report, Format format, const RenderOptions& options, const Sink& sink);

/// Renders a report in a format. Deterministic: the same report gives the same
/// bytes (no clock is read; `report.now` is the only time printed).
[[nodiscard]] std::string render(const Report& report, Format format, const RenderOptions& options = {});

/// The GitHub Actions job summary: Markdown with a heading, the gate line and
/// a table of findings, for appending to the file named by $GITHUB_STEP_SUMMARY.
[[nodiscard]] std::string render_github_summary(const Report& report);

} // namespace certgate::report
