#include "certgate/core/escape.hpp"
#include "certgate/report/fields.hpp"
#include "certgate/report/formats.hpp"
#include "certgate/report/writers.hpp"

#include <array>

namespace certgate::report {
namespace {

// One table cell: no line breaks (they become spaces, as other control
// characters do), no Markdown or HTML that an input could inject.
constexpr std::array<Replacement, 14> k_cell{{
    {'\n', " "},
    {'\r', " "},
    {'\t', " "},
    {'<', "&lt;"},
    {'>', "&gt;"},
    {'&', "&amp;"},
    {'\\', "\\\\"},
    {'|', "\\|"},
    {'*', "\\*"},
    {'_', "\\_"},
    {'`', "\\`"},
    {'[', "\\["},
    {']', "\\]"},
    {'~', "\\~"},
}};

std::string cell(std::string_view text)
{
    return escape(valid_utf8(text), {k_cell, ' '});
}

std::string note_of(const Finding& finding)
{
    std::string note;
    const auto add = [&note](const std::string& part) {
        if (!part.empty()) {
            note += note.empty() ? part : "; " + part;
        }
    };
    if (finding.severity == Severity::unknown || finding.severity == Severity::error || !finding.certificate) {
        add(redact(finding, finding.message));
    } else {
        if (finding.evaluation && finding.evaluation->not_yet_valid && finding.certificate->not_before) {
            add("not valid before " + format_rfc3339(*finding.certificate->not_before));
        }
        add(redact(finding, finding.message));
    }
    if (finding.waiver) {
        add((finding.waiver->active ? "waived until " : "waiver lapsed after ") + format_date(finding.waiver->until) +
            ": " + finding.waiver->reason);
    }
    return note;
}

std::string row(const Finding& finding, const GateOptions& gate)
{
    const std::string severity(to_string(finding.severity));
    std::string out = "| " + (fails_gate(finding, gate) ? "**" + severity + "**" : severity) + " | ";
    std::string name = finding_name(finding);
    if (const std::string sans = finding_sans(finding); !sans.empty() && sans != name) {
        name += " (" + sans + ")";
    }
    out += cell(name) + " | ";
    if (finding.evaluation && finding.certificate) {
        const Evaluation& e = *finding.evaluation;
        out += format_date(e.expiry_date) + " | " + std::to_string(e.days_remaining) + " | " +
               std::to_string(e.working_days_remaining.count) + " | " + (e.expired ? "" : format_date(e.renew_by)) +
               " | ";
    } else {
        out += " |  |  |  | ";
    }
    out += cell(source_label(finding.source)) + " | " + cell(note_of(finding)) + " |\n";
    return out;
}

std::string markdown_body(const Report& report)
{
    const GateVerdict verdict = gate_verdict(report);
    std::string out = "**certgate gate: " + std::string(to_string(verdict)) + "** (fail on " +
                      std::string(to_string(report.gate.fail_on)) + ", as of " + format_rfc3339(report.now) + " " +
                      cell(report.time_zone) + "): " + counts_phrase(report) +
                      (verdict == GateVerdict::error ? "; " + undecided_phrase(report) : std::string()) + "\n\n";
    if (!report.input_errors.empty()) {
        out += "Inputs that could not be read:\n\n";
        for (const Error& error : report.input_errors) {
            out += "- " + cell(error.describe()) + "\n";
        }
        out += "\n";
    }
    if (!report.skipped.empty()) {
        out += "Skipped (not certificates or Terraform JSON):\n\n";
        for (const SkippedInput& input : report.skipped) {
            out += "- " + cell(input.path) + ": " + cell(input.reason) + "\n";
        }
        out += "\n";
    }
    if (report.findings.empty()) {
        return out + "No certificates found.\n";
    }
    out += "| Severity | Certificate | Expires | Days left | Working days left | Renew by | Source | Note |\n";
    out += "|---|---|---|---:|---:|---|---|---|\n";
    for (const Finding& finding : report.findings) {
        out += row(finding, report.gate);
    }
    return out;
}

} // namespace

std::string render_markdown(const Report& report)
{
    return markdown_body(report);
}

std::string render_github_summary(const Report& report)
{
    return "## certgate\n\n" + markdown_body(report);
}

} // namespace certgate::report
