#include "certgate/report/fields.hpp"

#include "json_text.hpp"

#include "certgate/core/sha256.hpp"
#include "certgate/core/time.hpp"

#include <algorithm>
#include <cstdlib>

namespace certgate::report {
namespace {

using nlohmann::ordered_json;

// A placeholder no identity value can contain, swapped for the visible text
// once every value has been replaced.
constexpr std::string_view k_hole = "\x01";

void replace_all(std::string& text, std::string_view needle, std::string_view with)
{
    std::size_t at = 0;
    while ((at = text.find(needle, at)) != std::string::npos) {
        text.replace(at, needle.size(), with);
        at += with.size();
    }
}

} // namespace

std::string finding_name(const Finding& finding)
{
    if (!finding.certificate) {
        return {};
    }
    if (finding.sensitive) {
        return std::string(k_sensitive_text);
    }
    return display_name(*finding.certificate);
}

std::string finding_sans(const Finding& finding)
{
    if (!finding.certificate || finding.sensitive) {
        return {};
    }
    std::string joined;
    for (const std::string& san : finding.certificate->sans) {
        if (!joined.empty()) {
            joined += ", ";
        }
        joined += san;
    }
    return joined;
}

std::string source_label(const Source& source)
{
    std::string label = source.path;
    if (source.host && (label.empty() || source.kind == SourceKind::host)) {
        label = *source.host;
    }
    if (source.address) {
        label += " " + *source.address;
    }
    if (source.attribute) {
        label += " (" + *source.attribute + ")";
    }
    if (source.index) {
        label += " #" + std::to_string(*source.index);
    }
    if (source.host && label.rfind(*source.host, 0) != 0) {
        label += " host " + *source.host;
    }
    return label;
}

std::string count_of(std::int64_t count, std::string_view singular, std::string_view plural)
{
    return std::to_string(count) + " " + std::string(count == 1 || count == -1 ? singular : plural);
}

std::string describe_finding(const Finding& finding)
{
    const std::string severity(to_string(finding.severity));
    std::string sentence;
    if (finding.severity == Severity::unknown || finding.severity == Severity::error || !finding.certificate) {
        std::string why = redact(finding, finding.message);
        if (why.empty()) {
            why = finding.severity == Severity::unknown ? "value known only after apply" : "could not be evaluated";
        }
        sentence = severity + ": " + why;
    } else {
        const std::string name = finding_name(finding);
        if (!finding.evaluation) {
            sentence = severity + ": " + name + " not after " + format_rfc3339(finding.certificate->not_after);
        } else {
            const Evaluation& e = *finding.evaluation;
            if (e.expired) {
                sentence = severity + ": " + name + " expired on " + format_date(e.expiry_date) + " (" +
                           (e.days_remaining == 0 ? std::string("today")
                                                  : count_of(-e.days_remaining, "day", "days") + " ago") +
                           ")";
            } else {
                sentence = severity + ": " + name + " expires on " + format_date(e.expiry_date) + " (" +
                           count_of(e.days_remaining, "day", "days") + ", " +
                           count_of(e.working_days_remaining.count, "working day", "working days") +
                           " left), renew by " + format_date(e.renew_by);
            }
            if (e.not_yet_valid && finding.certificate->not_before) {
                sentence += ", not valid before " + format_rfc3339(*finding.certificate->not_before);
            }
        }
        if (!finding.message.empty()) {
            sentence += "; " + redact(finding, finding.message);
        }
    }
    if (finding.waiver) {
        sentence += finding.waiver->active ? "; waived until " : "; waiver lapsed after ";
        sentence += format_date(finding.waiver->until) + ": " + finding.waiver->reason;
    }
    return sentence;
}

std::string redact(const Finding& finding, std::string text)
{
    if (!finding.sensitive || !finding.certificate) {
        return text;
    }
    const CertificateInfo& c = *finding.certificate;
    std::vector<std::string> needles{c.subject, c.issuer, c.common_name, c.serial, c.fingerprint_sha256};
    for (const std::string& san : c.sans) {
        needles.push_back(san);
        if (const auto colon = san.find(':'); colon != std::string::npos) {
            needles.push_back(san.substr(colon + 1));
        }
    }
    // Longest first, so that a subject is hidden whole rather than around its CN.
    std::sort(needles.begin(), needles.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& needle : needles) {
        // One- and two-character values would shred ordinary words and identify nothing.
        if (needle.size() >= 3) {
            replace_all(text, needle, k_hole);
        }
    }
    replace_all(text, k_hole, k_sensitive_text);
    return text;
}

std::string finding_key(const Finding& finding)
{
    const Source& s = finding.source;
    std::string material;
    const auto add = [&material](std::string_view part) {
        material += part;
        material.push_back('\0');
    };
    add(to_string(s.kind));
    add(s.path);
    add(s.address.value_or(""));
    add(s.attribute.value_or(""));
    add(s.index ? std::to_string(*s.index) : std::string());
    add(s.host.value_or(""));
    if (finding.certificate && !finding.sensitive) {
        add(finding.certificate->fingerprint_sha256);
    }
    return sha256_hex(material);
}

std::string valid_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char lead = byte(i);
        std::size_t length = 0;
        std::uint32_t code = 0;
        if (lead < 0x80) {
            out.push_back(static_cast<char>(lead));
            ++i;
            continue;
        }
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            code = lead & 0x1FU;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            code = lead & 0x0FU;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            code = lead & 0x07U;
        }
        bool good = length != 0 && i + length <= text.size();
        for (std::size_t k = 1; good && k < length; ++k) {
            good = (byte(i + k) & 0xC0U) == 0x80U;
            code = (code << 6) | (byte(i + k) & 0x3FU);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are invalid too.
        good = good && !(length == 3 && code < 0x800) && !(length == 4 && (code < 0x10000 || code > 0x10FFFF)) &&
               !(code >= 0xD800 && code <= 0xDFFF);
        if (good) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

namespace {

// Builds an ordered_json value through the same calls as detail::JsonText,
// so that one function (write_finding) says what a finding's JSON holds.
class JsonValueSink {
public:
    explicit JsonValueSink(ordered_json& root) : m_root(root) {}

    void begin_object()
    {
        m_root = ordered_json::object();
        m_open.push_back(&m_root);
    }
    void begin_object(std::string_view key)
    {
        ordered_json& child = (*m_open.back())[std::string(key)] = ordered_json::object();
        m_open.push_back(&child);
    }
    void end_object() { m_open.pop_back(); }
    void field(std::string_view key, std::string_view value) { set(key, ordered_json(std::string(value))); }
    void field(std::string_view key, const std::string& value) { set(key, ordered_json(value)); }
    template <typename Value> void field(std::string_view key, const Value& value) { set(key, ordered_json(value)); }

private:
    void set(std::string_view key, ordered_json value) { (*m_open.back())[std::string(key)] = std::move(value); }

    ordered_json& m_root;
    std::vector<ordered_json*> m_open;
};

template <typename Sink> void optional_field(Sink& out, std::string_view key, const std::optional<std::string>& value)
{
    if (value) {
        out.field(key, *value);
    } else {
        out.field(key, nullptr);
    }
}

template <typename Sink>
void milestone_field(Sink& out, std::string_view key, const Evaluation* e,
                     const std::optional<MilestoneDate> Evaluation::*which, bool want_date)
{
    if (e == nullptr || !(e->*which)) {
        out.field(key, nullptr);
    } else if (want_date) {
        out.field(key, format_date((e->*which)->date));
    } else {
        out.field(key, (e->*which)->milestone.label());
    }
}

// The JSON fields of one finding, in the order of SPEC section 5.
template <typename Sink> void write_finding(Sink& out, const Finding& finding, const GateOptions& gate)
{
    out.begin_object();
    out.field("severity", to_string(finding.severity));
    const Source& s = finding.source;
    out.begin_object("source");
    out.field("kind", to_string(s.kind));
    out.field("path", s.path);
    optional_field(out, "address", s.address);
    optional_field(out, "attribute", s.attribute);
    if (s.index) {
        out.field("index", *s.index);
    } else {
        out.field("index", nullptr);
    }
    optional_field(out, "host", s.host);
    out.end_object();

    const bool identity = finding.certificate && !finding.sensitive;
    const CertificateInfo* c = finding.certificate ? &*finding.certificate : nullptr;
    const auto identity_text = [&](std::string_view key, const std::string& value) {
        if (identity && !value.empty()) {
            out.field(key, value);
        } else {
            out.field(key, nullptr);
        }
    };
    // A certificate that was decoded (it has a fingerprint) states its names,
    // even an empty one (""); one known only from an API leaves unknown names null.
    const auto name_text = [&](std::string_view key, const std::string& value) {
        if (identity && !c->fingerprint_sha256.empty()) {
            out.field(key, value);
        } else {
            identity_text(key, value);
        }
    };
    identity_text("name", identity ? display_name(*c) : std::string());
    name_text("subject", identity ? c->subject : std::string());
    if (identity) {
        out.field("sans", c->sans);
    } else {
        out.field("sans", nullptr);
    }
    name_text("issuer", identity ? c->issuer : std::string());
    identity_text("serial", identity ? c->serial : std::string());
    identity_text("fingerprint_sha256", identity ? c->fingerprint_sha256 : std::string());
    if (c && c->not_before) {
        out.field("not_before", format_rfc3339(*c->not_before));
    } else {
        out.field("not_before", nullptr);
    }
    if (c) {
        out.field("not_after", format_rfc3339(c->not_after));
    } else {
        out.field("not_after", nullptr);
    }

    const Evaluation* e = finding.evaluation && c ? &*finding.evaluation : nullptr;
    const auto when = [&](std::string_view key, auto&& pick) {
        if (e) {
            out.field(key, pick(*e));
        } else {
            out.field(key, nullptr);
        }
    };
    when("expiry_date", [](const Evaluation& v) { return format_date(v.expiry_date); });
    when("expired", [](const Evaluation& v) { return v.expired; });
    when("not_yet_valid", [](const Evaluation& v) { return v.not_yet_valid; });
    when("days_remaining", [](const Evaluation& v) { return v.days_remaining; });
    when("seconds_remaining", [](const Evaluation& v) { return v.seconds_remaining; });
    when("working_days_remaining", [](const Evaluation& v) { return v.working_days_remaining.count; });
    when("in_renewal_window", [](const Evaluation& v) { return v.in_renewal_window; });
    when("renewal_window_start", [](const Evaluation& v) { return format_date(v.renewal_window_start); });
    when("renew_by", [](const Evaluation& v) { return format_date(v.renew_by); });
    milestone_field(out, "next_milestone", e, &Evaluation::next_milestone, false);
    milestone_field(out, "next_milestone_date", e, &Evaluation::next_milestone, true);
    milestone_field(out, "last_milestone", e, &Evaluation::last_milestone, false);
    milestone_field(out, "last_milestone_date", e, &Evaluation::last_milestone, true);

    out.field("waived", finding.waived());
    if (finding.waiver) {
        out.begin_object("waiver");
        out.field("reason", finding.waiver->reason);
        out.field("until", format_date(finding.waiver->until));
        out.field("active", finding.waiver->active);
        out.end_object();
    } else {
        out.field("waiver", nullptr);
    }
    out.field("fails_gate", fails_gate(finding, gate));
    out.field("sensitive", finding.sensitive);
    if (finding.message.empty()) {
        out.field("message", nullptr);
    } else {
        out.field("message", redact(finding, finding.message));
    }
    out.begin_object("details");
    // A name given twice keeps its first place and its last value, as a JSON
    // object assignment does. The names are the program's own (a handful per
    // finding), so the scan stays short.
    const auto& details = finding.details;
    for (auto at = details.begin(); at != details.end(); ++at) {
        const auto same_name = [&at](const auto& other) { return other.first == at->first; };
        if (std::find_if(details.begin(), at, same_name) != at) {
            continue;
        }
        const auto last = std::find_if(details.rbegin(), details.rend(), same_name);
        out.field(at->first, redact(finding, last->second));
    }
    out.end_object();
    out.end_object();
}

} // namespace

ordered_json finding_json(const Finding& finding, const GateOptions& gate)
{
    ordered_json out;
    JsonValueSink sink(out);
    write_finding(sink, finding, gate);
    return out;
}

void append_finding_json(std::string& out, const Finding& finding, const GateOptions& gate, int depth)
{
    detail::JsonText text(out, depth);
    write_finding(text, finding, gate);
}

const std::vector<Severity>& severities_worst_first()
{
    static const std::vector<Severity> order{Severity::error,   Severity::expired, Severity::critical, Severity::renew,
                                             Severity::warning, Severity::unknown, Severity::notice,   Severity::ok};
    return order;
}

std::string counts_phrase(const Report& report)
{
    std::string out = count_of(static_cast<std::int64_t>(report.findings.size()), "finding", "findings");
    for (const Severity severity : severities_worst_first()) {
        const auto found = report.counts.find(severity);
        if (found != report.counts.end() && found->second > 0) {
            out += ", " + std::to_string(found->second) + " " + std::string(to_string(severity));
        }
    }
    const auto waived =
        std::count_if(report.findings.begin(), report.findings.end(), [](const Finding& f) { return f.waived(); });
    if (waived > 0) {
        out += ", " + std::to_string(waived) + " waived";
    }
    return out;
}

std::string undecided_phrase(const Report& report)
{
    const auto count = static_cast<std::int64_t>(report.input_errors.size());
    return "the gate could not be decided: " + count_of(count, "input", "inputs") + " could not be read";
}

ordered_json summary_json(const Report& report)
{
    ordered_json counts = ordered_json::object();
    int total = 0;
    for (int i = 0; i <= static_cast<int>(Severity::error); ++i) {
        const auto severity = static_cast<Severity>(i);
        const auto found = report.counts.find(severity);
        const int count = found == report.counts.end() ? 0 : found->second;
        counts[std::string(to_string(severity))] = count;
        total += count;
    }
    const auto failing = std::count_if(report.findings.begin(), report.findings.end(),
                                       [&report](const Finding& f) { return fails_gate(f, report.gate); });
    const auto waived =
        std::count_if(report.findings.begin(), report.findings.end(), [](const Finding& f) { return f.waived(); });
    ordered_json out;
    out["gate"] = std::string(to_string(gate_verdict(report)));
    out["fail_on"] = std::string(to_string(report.gate.fail_on));
    out["fail_on_unknown"] = report.gate.fail_on_unknown;
    out["ignore_errors"] = report.gate.ignore_errors;
    out["counts"] = std::move(counts);
    out["total"] = total;
    out["failing"] = failing;
    out["waived"] = waived;
    out["input_errors"] = report.input_errors.size();
    out["skipped"] = report.skipped.size();
    out["now"] = format_rfc3339(report.now);
    out["timezone"] = report.time_zone;
    return out;
}

std::string dump_json(const ordered_json& value)
{
    return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace certgate::report
