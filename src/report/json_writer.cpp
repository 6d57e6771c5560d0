#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

namespace certgate::report {
namespace {

// One finding as it sits in the "findings" array: dump(2) indented by the
// array's depth (JSON strings hold no raw newline, so lines are safe to split).
void append_indented(std::string& out, const std::string& item)
{
    out += "    ";
    for (const char c : item) {
        out += c;
        if (c == '\n') {
            out += "    ";
        }
    }
}

} // namespace

// The findings are rendered one at a time into the text instead of into one
// JSON document first: for a plan of 20,000 certificates the document would
// hold every finding as JSON values (several times the text) at once. The
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
            std::string item = dump_json(finding_json(finding, report.gate));
            item.pop_back(); // dump_json's final newline
            append_indented(text, item);
        }
        text += "\n  ]";
    }
    text += document.substr(at + k_placeholder.size());
    return text;
}

} // namespace certgate::report
