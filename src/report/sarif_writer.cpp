#include "certgate/core/hex.hpp"
#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

#include "json_text.hpp"

#include <cctype>

namespace certgate::report {
namespace {

using nlohmann::ordered_json;

struct Rule {
    Severity severity;
    std::string_view id;
    std::string_view name;
    std::string_view description;
};

// One rule per severity, in the enum's order (ruleIndex refers to this).
constexpr Rule k_rules[] = {
    {Severity::ok, "certgate/ok", "CertificateOk", "The certificate is valid and no notification milestone is due."},
    {Severity::notice, "certgate/notice", "CertificateNotice",
     "A notification milestone of the certificate has been reached."},
    {Severity::warning, "certgate/warning", "CertificateWarning",
     "The certificate expires within the console reminder period, or is not yet valid."},
    {Severity::renew, "certgate/renew", "CertificateRenew",
     "The certificate is inside its renewal window: renew it now."},
    {Severity::critical, "certgate/critical", "CertificateCritical",
     "Fewer working days remain than the minimum lead time for renewal."},
    {Severity::expired, "certgate/expired", "CertificateExpired", "The certificate has expired."},
    {Severity::unknown, "certgate/unknown", "CertificateUnknown",
     "The certificate is known only after terraform apply and could not be evaluated."},
    {Severity::error, "certgate/error", "SourceError", "A source (file, attribute, endpoint) could not be evaluated."},
};

std::string_view default_level(Severity severity)
{
    switch (severity) {
    case Severity::ok:
        return "none";
    case Severity::notice:
    case Severity::unknown:
        return "note";
    case Severity::warning:
    case Severity::renew:
        return "warning";
    default:
        return "error";
    }
}

// A finding that fails the gate is an error; otherwise its severity decides,
// never above warning (it did not fail the gate).
std::string_view level_of(const Finding& finding, const GateOptions& gate)
{
    if (finding.severity == Severity::ok) {
        return "none";
    }
    if (fails_gate(finding, gate)) {
        return "error";
    }
    return default_level(finding.severity) == "error" ? "warning" : default_level(finding.severity);
}

// RFC 3986: unreserved characters and '/' stay, everything else is %XX.
std::string uri_path(std::string_view path)
{
    std::string out;
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out.push_back(c);
        } else {
            out.push_back('%');
            append_hex(out, byte, HexCase::upper);
        }
    }
    return out;
}

ordered_json location_of(const Source& source)
{
    ordered_json location = ordered_json::object();
    const bool in_a_file =
        (source.kind == SourceKind::file || source.kind == SourceKind::plan || source.kind == SourceKind::state) &&
        !source.path.empty() && source.path != "-";
    if (in_a_file) {
        std::string path = source.path;
        if (path.starts_with("./")) {
            path.erase(0, 2);
        }
        ordered_json artifact;
        if (path.starts_with("/")) {
            artifact["uri"] = "file://" + uri_path(path);
        } else {
            artifact["uri"] = uri_path(path);
            artifact["uriBaseId"] = "%SRCROOT%";
        }
        // Sources carry no line; GitHub code scanning needs a region, so the
        // finding points at the start of the file.
        location["physicalLocation"] = ordered_json{{"artifactLocation", artifact}, {"region", {{"startLine", 1}}}};
    }
    ordered_json logical = ordered_json::array();
    if (source.address) {
        std::string name = *source.address;
        if (source.attribute) {
            name += "." + *source.attribute;
        }
        logical.push_back(ordered_json{{"name", name}, {"fullyQualifiedName", name}, {"kind", "resource"}});
    }
    if (source.host) {
        logical.push_back(ordered_json{{"name", *source.host}, {"fullyQualifiedName", *source.host}, {"kind", "host"}});
    } else if (!in_a_file && !source.path.empty()) {
        const std::string name = source.path == "-" ? std::string("stdin") : source.path;
        logical.push_back(ordered_json{{"name", name}, {"kind", std::string(to_string(source.kind))}});
    }
    if (!logical.empty()) {
        location["logicalLocations"] = std::move(logical);
    }
    return location;
}

} // namespace

void write_sarif(const Report& report, const RenderOptions& options, const Sink& sink)
{
    ordered_json rules = ordered_json::array();
    for (const Rule& rule : k_rules) {
        rules.push_back(ordered_json{
            {"id", rule.id},
            {"name", rule.name},
            {"shortDescription", {{"text", rule.description}}},
            {"fullDescription", {{"text", rule.description}}},
            {"help", {{"text", std::string(rule.description) + " See the certgate documentation, docs/reports.md."}}},
            {"defaultConfiguration", {{"level", default_level(rule.severity)}}},
            {"properties", {{"severity", std::string(to_string(rule.severity))}}},
        });
    }
    // One result at a time into the text (dump_with_items): a log of 20,000
    // findings never holds them all as JSON values.
    const auto result_of = [&report](const Finding& finding) {
        const auto rule_index = static_cast<int>(finding.severity);
        ordered_json result;
        result["ruleId"] = k_rules[rule_index].id;
        result["ruleIndex"] = rule_index;
        result["kind"] = finding.severity == Severity::ok ? "pass" : "fail";
        result["level"] = level_of(finding, report.gate);
        result["message"] = {{"text", describe_finding(finding) + " [" + source_label(finding.source) + "]"}};
        ordered_json location = location_of(finding.source);
        result["locations"] = location.empty() ? ordered_json::array() : ordered_json::array({location});
        result["partialFingerprints"] = {{"certgateFinding/v1", finding_key(finding)}};
        if (finding.waived()) {
            result["suppressions"] = ordered_json::array(
                {{{"kind", "external"},
                  {"status", "accepted"},
                  {"justification", finding.waiver->reason + " (until " + format_date(finding.waiver->until) + ")"}}});
        }
        ordered_json properties = finding_json(finding, report.gate);
        properties.erase("source");
        result["properties"] = std::move(properties);
        return result;
    };
    ordered_json driver;
    driver["name"] = "certgate";
    if (!options.tool_version.empty()) {
        driver["version"] = options.tool_version;
    }
    driver["rules"] = std::move(rules);
    // SARIF's place for "the tool could not do its job on this input" is the
    // invocation's notifications, not a result.
    ordered_json notifications = ordered_json::array();
    for (const Error& error : report.input_errors) {
        ordered_json notification = {{"level", "error"}, {"message", {{"text", error.describe()}}}};
        if (!error.where.empty()) {
            notification["locations"] =
                ordered_json::array({{{"physicalLocation", {{"artifactLocation", {{"uri", error.where}}}}}}});
        }
        notifications.push_back(std::move(notification));
    }
    for (const SkippedInput& input : report.skipped) {
        notifications.push_back(
            {{"level", "note"},
             {"message", {{"text", "skipped: " + input.path + ": " + input.reason}}},
             {"locations",
              ordered_json::array({{{"physicalLocation", {{"artifactLocation", {{"uri", input.path}}}}}}})}});
    }
    ordered_json invocation;
    invocation["executionSuccessful"] = report.input_errors.empty();
    invocation["toolExecutionNotifications"] = std::move(notifications);
    ordered_json run;
    run["tool"] = {{"driver", std::move(driver)}};
    run["invocations"] = ordered_json::array({std::move(invocation)});
    run["originalUriBaseIds"] = {{"%SRCROOT%", {{"description", {{"text", "The directory certgate check ran in."}}}}}};
    run["results"] = std::string(detail::k_items_placeholder);
    run["properties"] = summary_json(report);
    ordered_json log;
    log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    log["version"] = "2.1.0";
    log["runs"] = ordered_json::array({std::move(run)});
    detail::dump_with_items(
        log, "results", report.findings.size(),
        [&](std::string& text, std::size_t i, int depth) {
            detail::append_dumped(text, result_of(report.findings[i]), depth);
        },
        sink);
}

std::string render_sarif(const Report& report, const RenderOptions& options)
{
    return detail::collect([&](const Sink& sink) { write_sarif(report, options, sink); });
}

} // namespace certgate::report
