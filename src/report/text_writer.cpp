#include "certgate/core/escape.hpp"
#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

#include <cctype>

namespace certgate::report {
namespace {

std::string_view colour_of(Severity severity)
{
    switch (severity) {
    case Severity::expired:
    case Severity::critical:
    case Severity::error:
        return "\x1b[1;31m";
    case Severity::renew:
        return "\x1b[1;33m";
    case Severity::warning:
        return "\x1b[33m";
    case Severity::notice:
        return "\x1b[36m";
    case Severity::unknown:
        return "\x1b[35m";
    case Severity::ok:
        return "\x1b[32m";
    }
    return "";
}

constexpr std::string_view k_reset = "\x1b[0m";

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

// Control characters in names or messages would let an input repaint the
// terminal; they are shown as '?'.
std::string printable(std::string_view text)
{
    return escape(valid_utf8(text), {{}, '?'});
}

std::string finding_line(const Finding& finding, const RenderOptions& options)
{
    const std::string severity = upper(to_string(finding.severity));
    std::string line =
        options.color ? std::string(colour_of(finding.severity)) + severity + std::string(k_reset) : severity;
    line += std::string(severity.size() < 8 ? 8 - severity.size() : 0, ' ') + "  ";

    std::string body;
    if (finding.certificate && finding.severity != Severity::unknown && finding.severity != Severity::error) {
        body = finding_name(finding);
        if (const std::string sans = finding_sans(finding); !sans.empty()) {
            body += " (" + sans + ")";
        }
        if (finding.evaluation) {
            const Evaluation& e = *finding.evaluation;
            if (e.expired) {
                body += "  expired " + format_date(e.expiry_date) + ": " +
                        (e.days_remaining == 0 ? std::string("today")
                                               : count_of(-e.days_remaining, "day", "days") + " ago");
            } else {
                body += "  expires " + format_date(e.expiry_date) + ": " + count_of(e.days_remaining, "day", "days") +
                        ", " + count_of(e.working_days_remaining.count, "working day", "working days") +
                        " left  renew by " + format_date(e.renew_by);
            }
            if (e.not_yet_valid && finding.certificate->not_before) {
                body += "  not valid before " + format_rfc3339(*finding.certificate->not_before);
            }
        } else {
            body += "  not after " + format_rfc3339(finding.certificate->not_after);
        }
        if (!finding.message.empty()) {
            body += "  note: " + redact(finding, finding.message);
        }
    } else {
        body = redact(finding, finding.message);
        if (body.empty()) {
            body = finding.severity == Severity::unknown ? "value known only after apply" : "could not be evaluated";
        }
    }
    body += "  " + source_label(finding.source);
    if (finding.waiver) {
        body += finding.waiver->active ? "  [waived until " : "  [waiver lapsed after ";
        body += format_date(finding.waiver->until) + ": " + finding.waiver->reason + "]";
    }
    return line + printable(body) + "\n";
}

} // namespace

std::string render_text(const Report& report, const RenderOptions& options)
{
    std::string out;
    for (const Finding& finding : report.findings) {
        out += finding_line(finding, options);
    }
    for (const SkippedInput& input : report.skipped) {
        out += "SKIPPED   " + printable(input.path + ": " + input.reason) + "\n";
    }
    for (const Error& error : report.input_errors) {
        const std::string label = "ERROR";
        out += (options.color ? std::string(colour_of(Severity::error)) + label + std::string(k_reset) : label) +
               "     " + printable("input not evaluated: " + error.describe()) + "\n";
    }
    const GateVerdict verdict = gate_verdict(report);
    const std::string gate = upper(to_string(verdict));
    out += "gate ";
    out += options.color
               ? std::string(verdict == GateVerdict::pass ? "\x1b[1;32m" : "\x1b[1;31m") + gate + std::string(k_reset)
               : gate;
    out += " (fail_on " + std::string(to_string(report.gate.fail_on)) + ") as of " + format_rfc3339(report.now) + " " +
           printable(report.time_zone) + ": " + counts_phrase(report);
    if (!report.skipped.empty()) {
        out += ", " + count_of(static_cast<std::int64_t>(report.skipped.size()), "file", "files") + " skipped";
    }
    if (verdict == GateVerdict::error) {
        out += "; " + undecided_phrase(report);
    }
    out += "\n";
    return out;
}

} // namespace certgate::report
