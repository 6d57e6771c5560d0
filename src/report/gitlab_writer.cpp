#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

#include "certgate/core/sha256.hpp"

#include "json_text.hpp"

#include <vector>

namespace certgate::report {
namespace {

// Code Quality severities: info, minor, major, critical, blocker. A waived
// finding is info whatever its severity.
std::string_view gitlab_severity(const Finding& finding)
{
    if (finding.waived()) {
        return "info";
    }
    switch (finding.severity) {
    case Severity::warning:
        return "minor";
    case Severity::renew:
        return "major";
    case Severity::critical:
    case Severity::error:
        return "critical";
    case Severity::expired:
        return "blocker";
    default:
        return "info";
    }
}

nlohmann::ordered_json finding_issue(const Finding& finding)
{
    std::string path = finding.source.path;
    if (path.starts_with("./")) {
        path.erase(0, 2);
    }
    if (path.empty() || path == "-") {
        path = finding.source.host.value_or("stdin");
    }
    nlohmann::ordered_json issue;
    issue["type"] = "issue";
    issue["engine_name"] = "certgate";
    issue["check_name"] = "certgate/" + std::string(to_string(finding.severity));
    issue["description"] = describe_finding(finding) + " [" + source_label(finding.source) + "]";
    issue["categories"] = nlohmann::ordered_json::array({"Security"});
    issue["fingerprint"] = finding_key(finding);
    issue["severity"] = gitlab_severity(finding);
    issue["location"] = {{"path", path}, {"lines", {{"begin", 1}}}};
    return issue;
}

// An input that could not be read blocks the merge request like the gate does.
nlohmann::ordered_json input_error_issue(const Error& error)
{
    nlohmann::ordered_json issue;
    issue["type"] = "issue";
    issue["engine_name"] = "certgate";
    issue["check_name"] = "certgate/input-error";
    issue["description"] = "input not evaluated: " + error.describe();
    issue["categories"] = nlohmann::ordered_json::array({"Bug Risk"});
    issue["fingerprint"] = sha256_hex(std::string("input-error") + '\0' + error.where + '\0' + error.message);
    issue["severity"] = "blocker";
    issue["location"] = {{"path", error.where.empty() || error.where == "-" ? "stdin" : error.where},
                         {"lines", {{"begin", 1}}}};
    return issue;
}

} // namespace

// One issue at a time into the text, handed to the sink as it grows: a
// report of 20,000 findings never holds them all as JSON values or as text.
void write_gitlab(const Report& report, const Sink& sink)
{
    std::vector<const Finding*> flagged;
    for (const Finding& finding : report.findings) {
        if (finding.severity != Severity::ok) {
            flagged.push_back(&finding);
        }
    }
    const auto append_issue = [&](std::string& text, std::size_t i, int depth) {
        detail::append_dumped(text,
                              i < flagged.size() ? finding_issue(*flagged[i])
                                                 : input_error_issue(report.input_errors[i - flagged.size()]),
                              depth);
    };
    detail::dump_items(flagged.size() + report.input_errors.size(), append_issue, sink);
}

std::string render_gitlab(const Report& report)
{
    return detail::collect([&report](const Sink& sink) { write_gitlab(report, sink); });
}

} // namespace certgate::report
