#include "certgate/report/fields.hpp"

#include "certgate/core/sha256.hpp"
#include "certgate/core/time.hpp"

#include <algorithm>
#include <cstdlib>

namespace certgate::report {
namespace {

using nlohmann::ordered_json;

ordered_json optional_text(const std::optional<std::string>& value)
{
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json optional_milestone(const std::optional<MilestoneDate>& milestone, bool want_date)
{
    if (!milestone) {
        return nullptr;
    }
    return want_date ? ordered_json(format_date(milestone->date)) : ordered_json(milestone->milestone.label());
}

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

ordered_json finding_json(const Finding& finding, const GateOptions& gate)
{
    ordered_json out;
    out["severity"] = std::string(to_string(finding.severity));
    const Source& s = finding.source;
    out["source"] = ordered_json{{"kind", std::string(to_string(s.kind))},
                                 {"path", s.path},
                                 {"address", optional_text(s.address)},
                                 {"attribute", optional_text(s.attribute)},
                                 {"index", s.index ? ordered_json(*s.index) : ordered_json(nullptr)},
                                 {"host", optional_text(s.host)}};
    const bool identity = finding.certificate && !finding.sensitive;
    const CertificateInfo* c = finding.certificate ? &*finding.certificate : nullptr;
    const auto identity_text = [&](const std::string& value) {
        return identity && !value.empty() ? ordered_json(value) : ordered_json(nullptr);
    };
    out["name"] = identity ? identity_text(display_name(*c)) : ordered_json(nullptr);
    // A certificate that was decoded (it has a fingerprint) states its names,
    // even an empty one (""); one known only from an API leaves unknown names null.
    const auto name_text = [&](const std::string& value) {
        return identity && !c->fingerprint_sha256.empty() ? ordered_json(value) : identity_text(value);
    };
    out["subject"] = identity ? name_text(c->subject) : ordered_json(nullptr);
    out["sans"] = identity ? ordered_json(c->sans) : ordered_json(nullptr);
    out["issuer"] = identity ? name_text(c->issuer) : ordered_json(nullptr);
    out["serial"] = identity ? identity_text(c->serial) : ordered_json(nullptr);
    out["fingerprint_sha256"] = identity ? identity_text(c->fingerprint_sha256) : ordered_json(nullptr);
    out["not_before"] = c && c->not_before ? ordered_json(format_rfc3339(*c->not_before)) : ordered_json(nullptr);
    out["not_after"] = c ? ordered_json(format_rfc3339(c->not_after)) : ordered_json(nullptr);

    const Evaluation* e = finding.evaluation && c ? &*finding.evaluation : nullptr;
    const auto when = [e](auto&& pick) { return e ? ordered_json(pick(*e)) : ordered_json(nullptr); };
    out["expiry_date"] = when([](const Evaluation& v) { return format_date(v.expiry_date); });
    out["expired"] = when([](const Evaluation& v) { return v.expired; });
    out["not_yet_valid"] = when([](const Evaluation& v) { return v.not_yet_valid; });
    out["days_remaining"] = when([](const Evaluation& v) { return v.days_remaining; });
    out["seconds_remaining"] = when([](const Evaluation& v) { return v.seconds_remaining; });
    out["working_days_remaining"] = when([](const Evaluation& v) { return v.working_days_remaining.count; });
    out["in_renewal_window"] = when([](const Evaluation& v) { return v.in_renewal_window; });
    out["renewal_window_start"] = when([](const Evaluation& v) { return format_date(v.renewal_window_start); });
    out["renew_by"] = when([](const Evaluation& v) { return format_date(v.renew_by); });
    out["next_milestone"] = e ? optional_milestone(e->next_milestone, false) : ordered_json(nullptr);
    out["next_milestone_date"] = e ? optional_milestone(e->next_milestone, true) : ordered_json(nullptr);
    out["last_milestone"] = e ? optional_milestone(e->last_milestone, false) : ordered_json(nullptr);
    out["last_milestone_date"] = e ? optional_milestone(e->last_milestone, true) : ordered_json(nullptr);

    out["waived"] = finding.waived();
    if (finding.waiver) {
        out["waiver"] = ordered_json{{"reason", finding.waiver->reason},
                                     {"until", format_date(finding.waiver->until)},
                                     {"active", finding.waiver->active}};
    } else {
        out["waiver"] = nullptr;
    }
    out["fails_gate"] = fails_gate(finding, gate);
    out["sensitive"] = finding.sensitive;
    out["message"] = finding.message.empty() ? ordered_json(nullptr) : ordered_json(redact(finding, finding.message));
    ordered_json details = ordered_json::object();
    for (const auto& [name, value] : finding.details) {
        details[name] = redact(finding, value);
    }
    out["details"] = std::move(details);
    return out;
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
