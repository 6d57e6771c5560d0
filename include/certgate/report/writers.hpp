#pragma once
// The writers behind render(): one per format, each a pure Report -> bytes.
// Call render() unless a test needs one writer directly.

#include "certgate/core/report.hpp"
#include "certgate/report/formats.hpp"

#include <string>

namespace certgate::report {

/// One line per finding, worst first, then a summary line; ANSI colour when asked.
[[nodiscard]] std::string render_text(const Report& report, const RenderOptions& options);
/// The JSON report of SPEC section 5 (schemas/report.schema.json).
[[nodiscard]] std::string render_json(const Report& report);
/// render_json's bytes, handed to `sink` as the findings are written.
void write_json(const Report& report, const Sink& sink);
/// A JUnit XML <testsuite>: one testcase per finding, <failure> when it fails the gate.
[[nodiscard]] std::string render_junit(const Report& report);
/// A SARIF 2.1.0 log: one rule per severity, one result per finding.
[[nodiscard]] std::string render_sarif(const Report& report, const RenderOptions& options);
/// render_sarif's bytes, handed to `sink` as the results are written.
void write_sarif(const Report& report, const RenderOptions& options, const Sink& sink);
/// GitHub Actions workflow commands (::error/::warning/::notice), one per finding that is not ok.
[[nodiscard]] std::string render_github(const Report& report);
/// A Markdown summary line and table, for pull-request comments.
[[nodiscard]] std::string render_markdown(const Report& report);
/// The Prometheus text exposition format, for node_exporter's textfile collector.
[[nodiscard]] std::string render_prometheus(const Report& report);
/// A GitLab Code Quality report: a JSON array of issues, one per finding that is not ok.
[[nodiscard]] std::string render_gitlab(const Report& report);
/// render_gitlab's bytes, handed to `sink` as the issues are written.
void write_gitlab(const Report& report, const Sink& sink);

} // namespace certgate::report
