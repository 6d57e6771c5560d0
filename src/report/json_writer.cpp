#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

namespace certgate::report {

std::string render_json(const Report& report)
{
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const Finding& finding : report.findings) {
        findings.push_back(finding_json(finding, report.gate));
    }
    nlohmann::ordered_json out;
    out["summary"] = summary_json(report);
    out["findings"] = std::move(findings);
    return dump_json(out);
}

} // namespace certgate::report
