#include "certgate/core/escape.hpp"
#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

#include <array>

#include <set>
#include <sstream>

namespace certgate::report {
namespace {

// Label values escape backslash, double quote and line feed (exposition format
// 0.0.4); other control characters become '?'.
constexpr std::array<Replacement, 3> k_label{{{'\\', "\\\\"}, {'"', "\\\""}, {'\n', "\\n"}}};

std::string label_value(std::string_view text)
{
    return escape(valid_utf8(text), {k_label, '?'});
}

// The numeric severity: the gate order 0 (ok) … 5 (expired); error is 6 so
// that alerts on ">= 3" catch unreachable endpoints; unknown is -1.
int severity_value(Severity severity)
{
    switch (severity) {
    case Severity::unknown:
        return -1;
    case Severity::error:
        return 6;
    default:
        return static_cast<int>(severity);
    }
}

std::string labels_of(const Finding& finding)
{
    const Source& s = finding.source;
    std::string subject;
    std::string fingerprint;
    if (finding.certificate) {
        subject = finding.sensitive ? std::string(k_sensitive_text) : finding.certificate->subject;
        fingerprint = finding.sensitive ? std::string(k_sensitive_text) : finding.certificate->fingerprint_sha256;
    }
    return "subject=\"" + label_value(subject) + "\",source=\"" + label_value(s.host.value_or(s.path)) +
           "\",address=\"" + label_value(s.address.value_or("")) + "\",attribute=\"" +
           label_value(s.attribute.value_or("")) + "\",index=\"" + (s.index ? std::to_string(*s.index) : "") +
           "\",fingerprint=\"" + label_value(fingerprint) + "\"";
}

struct Family {
    std::string name;
    std::string help;
    std::string samples;
};

void write(std::ostringstream& out, const Family& family)
{
    out << "# HELP " << family.name << " " << family.help << "\n";
    out << "# TYPE " << family.name << " gauge\n";
    out << family.samples;
}

} // namespace

std::string render_prometheus(const Report& report)
{
    Family not_after{"certgate_certificate_not_after_timestamp_seconds",
                     "The certificate's notAfter as seconds since the Unix epoch.",
                     {}};
    Family working_days{"certgate_certificate_working_days_remaining",
                        "Working days d with today <= d < expiry date, in the policy's calendar.",
                        {}};
    Family severity{"certgate_certificate_severity",
                    "Severity of the finding: ok 0, notice 1, warning 2, renew 3, critical 4, expired 5, error 6, "
                    "unknown -1; the name is in the severity label.",
                    {}};
    // Two findings with the same labels (the same certificate twice at one
    // place) would be a duplicate series; the first, the worst, is kept.
    std::set<std::string> seen;
    for (const Finding& finding : report.findings) {
        const std::string labels = labels_of(finding);
        if (!seen.insert(labels).second) {
            continue;
        }
        if (finding.certificate && finding.severity != Severity::unknown && finding.severity != Severity::error) {
            not_after.samples += not_after.name + "{" + labels + "} " +
                                 std::to_string(finding.certificate->not_after.time_since_epoch().count()) + "\n";
            if (finding.evaluation) {
                working_days.samples += working_days.name + "{" + labels + "} " +
                                        std::to_string(finding.evaluation->working_days_remaining.count) + "\n";
            }
        }
        severity.samples += severity.name + "{" + labels + ",severity=\"" + std::string(to_string(finding.severity)) +
                            "\"} " + std::to_string(severity_value(finding.severity)) + "\n";
    }
    Family findings{"certgate_findings", "Findings of the check by severity.", {}};
    for (int i = 0; i <= static_cast<int>(Severity::error); ++i) {
        const auto level = static_cast<Severity>(i);
        const auto found = report.counts.find(level);
        findings.samples += findings.name + "{severity=\"" + std::string(to_string(level)) + "\"} " +
                            std::to_string(found == report.counts.end() ? 0 : found->second) + "\n";
    }
    const GateVerdict verdict = gate_verdict(report);
    Family gate{"certgate_gate_passed",
                "1 when the gate passed, 0 when it failed or could not be decided (see certgate_input_errors).",
                "certgate_gate_passed " + std::string(verdict == GateVerdict::pass ? "1" : "0") + "\n"};
    Family input_errors{"certgate_input_errors",
                        "Inputs that could not be read or parsed; above 0 the gate could not be decided.",
                        "certgate_input_errors " + std::to_string(report.input_errors.size()) + "\n"};
    Family skipped{"certgate_skipped_files",
                   "Files of directory walks that are neither certificates nor Terraform JSON.",
                   "certgate_skipped_files " + std::to_string(report.skipped.size()) + "\n"};
    Family checked{"certgate_check_timestamp_seconds",
                   "The instant the check evaluated as (its now), as seconds since the Unix epoch.",
                   "certgate_check_timestamp_seconds " + std::to_string(report.now.time_since_epoch().count()) + "\n"};

    std::ostringstream out;
    for (const Family* family :
         {&not_after, &working_days, &severity, &findings, &gate, &input_errors, &skipped, &checked}) {
        write(out, *family);
    }
    return out.str();
}

} // namespace certgate::report
