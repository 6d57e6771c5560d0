#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

namespace certgate::report {

// The findings are written one at a time straight into the text, never as
// JSON values: for a plan of 20,000 certificates a document would hold every
// finding as JSON values (several times the text) at once, and building one
// value per finding cost more than decoding its certificate. The
// rest of the document is dumped with a placeholder where the array goes, so
// the bytes are exactly those of dumping the whole document.
std::string render_json(const Report& report)
{
    constexpr std::string_view k_placeholder = "\"@certgate-findings@\"";
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
    out["findings"] = std::string(k_placeholder.substr(1, k_placeholder.size() - 2));
    out["errors"] = std::move(errors);
    out["skipped"] = std::move(skipped);
    const std::string document = dump_json(out);
    const std::size_t at = document.find(k_placeholder);
    std::string text = document.substr(0, at);
    if (report.findings.empty()) {
        text += "[]";
    } else {
        text += "[\n";
        bool first = true;
        for (const Finding& finding : report.findings) {
            if (!first) {
                text += ",\n";
            }
            first = false;
            text += "    ";
            append_finding_json(text, finding, report.gate, 2);
        }
        text += "\n  ]";
    }
    text += document.substr(at + k_placeholder.size());
    return text;
}

} // namespace certgate::report
