#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

#include "json_text.hpp"

namespace certgate::report {

// The findings are written one at a time straight into the text, never as
// JSON values: for a plan of 20,000 certificates a document would hold every
// finding as JSON values (several times the text) at once, and building one
// value per finding cost more than decoding its certificate. The
// rest of the document is dumped with a placeholder where the array goes, so
// the bytes are exactly those of dumping the whole document (dump_with_items).
nlohmann::ordered_json report_json(const Report& report, nlohmann::ordered_json findings)
{
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
    return out;
}

void write_json(const Report& report, const Sink& sink)
{
    detail::dump_with_items(
        report_json(report, std::string(detail::k_items_placeholder)), "findings", report.findings.size(),
        [&report](std::string& text, std::size_t i, int depth) {
            append_finding_json(text, report.findings[i], report.gate, depth);
        },
        sink);
}

std::string render_json(const Report& report)
{
    return detail::collect([&report](const Sink& sink) { write_json(report, sink); });
}

} // namespace certgate::report
