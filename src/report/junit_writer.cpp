#include "certgate/core/escape.hpp"
#include "certgate/report/fields.hpp"
#include "certgate/report/writers.hpp"

#include <algorithm>
#include <array>

namespace certgate::report {
namespace {

// XML 1.0 forbids most control characters even as references; they become
// '?'.
constexpr std::array<Replacement, 7> k_xml{{
    {'&', "&amp;"},
    {'<', "&lt;"},
    {'>', "&gt;"},
    {'"', "&quot;"},
    {'\'', "&apos;"},
    {'\r', "&#13;"},
    {'\t', "&#9;"},
}};

// The rules of k_xml with what a line feed becomes.
constexpr std::array<Replacement, 8> with_line_feed_as(std::string_view text)
{
    std::array<Replacement, 8> rules{};
    std::copy(k_xml.begin(), k_xml.end(), rules.begin());
    rules.back() = {'\n', text};
    return rules;
}

// An attribute value keeps its line breaks as a character reference, element
// text as they are.
constexpr auto k_xml_attribute = with_line_feed_as("&#10;");
constexpr auto k_xml_text = with_line_feed_as("\n");

std::string xml_escape(std::string_view text)
{
    return escape(valid_utf8(text), {k_xml_attribute, '?'});
}

std::string xml_text(std::string_view text)
{
    return escape(valid_utf8(text), {k_xml_text, '?'});
}

std::string attribute(std::string_view name, std::string_view value)
{
    return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}

std::string failure_body(const Finding& finding)
{
    std::string body = describe_finding(finding) + "\nsource: " + source_label(finding.source) + "\n";
    if (finding.certificate) {
        if (const std::string sans = finding_sans(finding); !sans.empty()) {
            body += "sans: " + sans + "\n";
        }
        if (!finding.sensitive && !finding.certificate->fingerprint_sha256.empty()) {
            body += "fingerprint_sha256: " + finding.certificate->fingerprint_sha256 + "\n";
        }
    }
    for (const auto& [name, value] : finding.details) {
        body += name + ": " + redact(finding, value) + "\n";
    }
    return body;
}

// Findings that pass the gate without having been evaluated or judged are
// reported as skipped: waived, unknown until apply, errors being ignored.
bool skipped(const Finding& finding, const GateOptions& gate)
{
    if (fails_gate(finding, gate)) {
        return false;
    }
    return finding.waived() || finding.severity == Severity::unknown || finding.severity == Severity::error;
}

} // namespace

std::string render_junit(const Report& report)
{
    int failures = 0;
    int skips = 0;
    std::string cases;
    for (const Finding& finding : report.findings) {
        const std::string name = finding_name(finding);
        const std::string label = source_label(finding.source);
        cases +=
            "  <testcase" +
            attribute("name",
                      std::string(to_string(finding.severity)) + ": " + (name.empty() ? label : name + " " + label)) +
            attribute("classname", "certgate." + std::string(to_string(finding.source.kind))) + attribute("time", "0");
        if (fails_gate(finding, report.gate)) {
            ++failures;
            cases += ">\n    <failure" + attribute("message", describe_finding(finding)) +
                     attribute("type", to_string(finding.severity)) + ">" + xml_text(failure_body(finding)) +
                     "</failure>\n  </testcase>\n";
        } else if (skipped(finding, report.gate)) {
            ++skips;
            cases += ">\n    <skipped" + attribute("message", describe_finding(finding)) + "/>\n  </testcase>\n";
        } else {
            cases += "/>\n";
        }
    }
    // JUnit's <error> is "the test could not run": an input that could not be read.
    for (const Error& error : report.input_errors) {
        cases += "  <testcase" + attribute("name", "input: " + error.where) + attribute("classname", "certgate.input") +
                 attribute("time", "0") + ">\n    <error" + attribute("message", error.describe()) +
                 attribute("type", "input") + "/>\n  </testcase>\n";
    }
    for (const SkippedInput& input : report.skipped) {
        ++skips;
        cases += "  <testcase" + attribute("name", "skipped: " + input.path) +
                 attribute("classname", "certgate.input") + attribute("time", "0") + ">\n    <skipped" +
                 attribute("message", input.reason) + "/>\n  </testcase>\n";
    }
    const std::size_t tests = report.findings.size() + report.input_errors.size() + report.skipped.size();
    // The schema's timestamp has no zone: it is UTC, as the property `now` says.
    std::string timestamp = format_rfc3339(report.now);
    if (!timestamp.empty() && timestamp.back() == 'Z') {
        timestamp.pop_back();
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<testsuite" + attribute("name", "certgate") + attribute("timestamp", timestamp) +
           attribute("hostname", "localhost") + attribute("tests", std::to_string(tests)) +
           attribute("failures", std::to_string(failures)) +
           attribute("errors", std::to_string(report.input_errors.size())) +
           attribute("skipped", std::to_string(skips)) + attribute("time", "0") + ">\n";
    out += "  <properties>\n";
    const auto property = [&out](std::string_view name, std::string_view value) {
        out += "    <property" + attribute("name", name) + attribute("value", value) + "/>\n";
    };
    property("gate", to_string(gate_verdict(report)));
    property("fail_on", to_string(report.gate.fail_on));
    property("now", format_rfc3339(report.now));
    property("timezone", report.time_zone);
    out += "  </properties>\n";
    out += cases;
    out += "  <system-out></system-out>\n  <system-err></system-err>\n</testsuite>\n";
    return out;
}

} // namespace certgate::report
