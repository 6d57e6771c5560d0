#pragma once
// One registry of report formats; each writer is a pure Report -> bytes.

#include "certgate/core/report.hpp"
#include "certgate/core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace certgate::report {

enum class Format { text, json, junit, sarif, github, markdown, prometheus, gitlab };

/// The names of every format, in the order help texts list them.
[[nodiscard]] const std::vector<std::string>& format_names();

/// Parses a format name; the error lists the expected names.
[[nodiscard]] Result<Format> parse_format(std::string_view name);

/// How writers render.
struct RenderOptions {
    bool color = false;        ///< ANSI colour (text only; only on a terminal)
    std::string tool_version;  ///< for SARIF's tool.driver.version
};

/// Renders a report in a format. Deterministic: the same report gives the same bytes.
[[nodiscard]] std::string render(const Report& report, Format format, const RenderOptions& options = {});

} // namespace certgate::report
