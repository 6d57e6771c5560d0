#include "certgate/core/report.hpp"
#include "certgate/core/enum_names.hpp"

#include <algorithm>

namespace certgate {

bool fails_gate(const Finding& finding, const GateOptions& gate)
{
    if (finding.waived()) {
        return false;
    }
    switch (finding.severity) {
    case Severity::unknown:
        return gate.fail_on_unknown;
    case Severity::error:
        return !gate.ignore_errors;
    default:
        return at_or_above(finding.severity, gate.fail_on);
    }
}

Report make_report(std::vector<Finding> findings, const GateOptions& gate, Instant now, std::string time_zone)
{
    Report report;
    // Sorted as pointers and moved once: a Finding is large to move about.
    std::vector<Finding*> order;
    order.reserve(findings.size());
    for (Finding& finding : findings) {
        order.push_back(&finding);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const Finding* left, const Finding* right) { return report_order(*left, *right); });
    report.findings.reserve(findings.size());
    for (Finding* finding : order) {
        report.findings.push_back(std::move(*finding));
    }
    report.gate = gate;
    report.now = now;
    report.time_zone = std::move(time_zone);
    for (int i = 0; i <= static_cast<int>(Severity::error); ++i) {
        report.counts[static_cast<Severity>(i)] = 0;
    }
    for (const Finding& finding : report.findings) {
        ++report.counts[finding.severity];
        if (fails_gate(finding, gate)) {
            report.passed = false;
        }
    }
    return report;
}

GateVerdict gate_verdict(const Report& report)
{
    if (!report.input_errors.empty()) {
        return GateVerdict::error;
    }
    return report.passed ? GateVerdict::pass : GateVerdict::fail;
}

std::string_view to_string(GateVerdict verdict)
{
    constexpr std::array<EnumName<GateVerdict>, 3> k_verdicts{{
        {GateVerdict::pass, "pass"},
        {GateVerdict::fail, "fail"},
        {GateVerdict::error, "error"},
    }};
    static_assert(lists_in_order(k_verdicts));
    return name_of(k_verdicts, verdict);
}

} // namespace certgate
