#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

namespace certgate::report {

std::string render_json(const Report& report)
{
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const Finding& finding : report.findings) {
        findings.push_back(finding_json(finding, report.gate));
    }
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const Error& error : report.input_errors) {
        errors.push_back({{"input", error.where}, {"message", error.message}});
    }
    nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
    for (const SkippedInput& input : report.skipped) {
        skipped.push_back({{"path", input.path}, {"reason", input.reason}});
    }
    nlohmann::ordered_json out;
    out["summary"] = summary_json(report);
    out["findings"] = std::move(findings);
    out["errors"] = std::move(errors);
    out["skipped"] = std::move(skipped);
    return dump_json(out);
}

} // namespace certgate::report
