#include "certgate/core/escape.hpp"
#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

#include <array>

namespace certgate::report {
namespace {

// Escaping of the workflow-command syntax (actions/toolkit command.ts); other
// control characters would reach the log viewer as terminal escapes, so they
// become '?'.
constexpr std::array<Replacement, 3> k_data{{{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}}};
// A property (file=, title=) also escapes the separators of properties.
constexpr std::array<Replacement, 5> k_property{
    {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}, {':', "%3A"}, {',', "%2C"}}};

std::string escape_data(std::string_view text)
{
    return escape(valid_utf8(text), {k_data, '?'});
}

std::string escape_property(std::string_view text)
{
    return escape(valid_utf8(text), {k_property, '?'});
}

std::string_view command_for(const Finding& finding, const GateOptions& gate)
{
    if (fails_gate(finding, gate)) {
        return "error";
    }
    switch (finding.severity) {
    case Severity::warning:
    case Severity::renew:
    case Severity::critical:
    case Severity::expired:
    case Severity::error:
        return "warning";
    default:
        return "notice";
    }
}

bool in_a_file(const Source& source)
{
    return (source.kind == SourceKind::file || source.kind == SourceKind::plan || source.kind == SourceKind::state) &&
           !source.path.empty() && source.path != "-";
}

} // namespace

std::string render_github(const Report& report)
{
    std::string out;
    for (const Finding& finding : report.findings) {
        if (finding.severity == Severity::ok) {
            continue;
        }
        std::string title = "certgate " + std::string(to_string(finding.severity));
        if (const std::string name = finding_name(finding); !name.empty()) {
            title += ": " + name;
        } else if (finding.source.host) {
            title += ": " + *finding.source.host;
        }
        out += "::" + std::string(command_for(finding, report.gate)) + " ";
        if (in_a_file(finding.source)) {
            out += "file=" + escape_property(finding.source.path) + ",";
        }
        out += "title=" + escape_property(title) +
               "::" + escape_data(describe_finding(finding) + " [" + source_label(finding.source) + "]") + "\n";
    }
    for (const SkippedInput& input : report.skipped) {
        out += "::notice file=" + escape_property(input.path) + ",title=" + escape_property("certgate skipped") +
               "::" + escape_data(input.path + ": " + input.reason) + "\n";
    }
    for (const Error& error : report.input_errors) {
        out += "::error ";
        if (!error.where.empty() && error.where != "-" && error.where != "stdin") {
            out += "file=" + escape_property(error.where) + ",";
        }
        out += "title=" + escape_property("certgate input not evaluated") + "::" + escape_data(error.describe()) + "\n";
    }
    const GateVerdict verdict = gate_verdict(report);
    std::string summary = "gate " + std::string(to_string(verdict)) + " (fail_on " +
                          std::string(to_string(report.gate.fail_on)) + "): " + counts_phrase(report);
    if (verdict == GateVerdict::error) {
        summary += "; " + undecided_phrase(report);
    }
    out += "::notice title=" + escape_property("certgate") + "::" + escape_data(summary) + "\n";
    return out;
}

} // namespace certgate::report
