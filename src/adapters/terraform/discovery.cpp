#include "discovery.hpp"

#include "attribute_path.hpp"

#include "certgate/adapters/terraform/certificate_resources.hpp"
#include "certgate/adapters/x509/certificate_reader.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <iterator>
#include <optional>

namespace certgate::terraform::detail {
namespace {

std::string replace_escaped_newlines(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
            out += '\n';
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

// The last CN of an RFC 2253 subject ("CN=a,O=b" lists the most specific first).
std::string common_name_of(std::string_view subject)
{
    std::size_t at = 0;
    while (at < subject.size()) {
        std::size_t end = subject.find(',', at);
        if (end == std::string_view::npos) {
            end = subject.size();
        }
        const std::string_view part = subject.substr(at, end - at);
        if (part.substr(0, 3) == "CN=") {
            return std::string(part.substr(3));
        }
        at = end + 1;
    }
    return {};
}

bool is_lower_hex_sha256(std::string_view text)
{
    if (text.size() != 64) {
        return false;
    }
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string key_of(std::initializer_list<std::string_view> parts)
{
    std::string key;
    for (const std::string_view part : parts) {
        key += part;
        key += '\x1f';
    }
    return key;
}

class SensitivityTest {
public:
    explicit SensitivityTest(const InstanceRecord& record) : m_record(record) {}

    // True when the attribute, one of its ancestors or (with `or_below`) one
    // of its descendants is marked sensitive.
    [[nodiscard]] bool marked(const std::optional<std::string>& attribute, bool or_below = false) const
    {
        if (m_record.too_many_sensitive_paths) {
            return true;
        }
        const std::string path = attribute.value_or("");
        for (const std::string& marked_path : m_record.sensitive_paths) {
            if (is_ancestor_or_self(marked_path, path) || (or_below && is_ancestor_or_self(path, marked_path))) {
                return true;
            }
        }
        return false;
    }

private:
    const InstanceRecord& m_record;
};

Finding located(const InstanceRecord& record, std::optional<std::string> attribute)
{
    Finding finding;
    finding.source.address = record.address;
    finding.source.attribute = std::move(attribute);
    return finding;
}

} // namespace

Collector::Collector(const ReadOptions& options) : m_options(options) {}

Collector::~Collector()
{
    if (m_in_flight && m_in_flight->worker.joinable()) {
        m_in_flight->worker.join(); // a document that failed half way
    }
}

void Collector::certificate_text(const std::string& attribute, std::string_view value)
{
    // A PEM inside a JSON-encoded attribute arrives with its newlines still escaped.
    std::string text = value.find('\n') == std::string_view::npos && value.find("\\n") != std::string_view::npos
                           ? replace_escaped_newlines(value)
                           : std::string(value);
    m_text_bytes += text.size();
    m_texts.push_back({attribute, std::move(text)});
    ++m_texts_given;
    if (m_texts.size() >= m_options.decode_batch_texts || m_text_bytes >= m_options.decode_batch_bytes) {
        launch();
    }
}

void Collector::decode_batch(const ReadOptions& options, const std::vector<PendingText>& texts,
                             std::vector<DecodedText>& decoded)
{
    decoded.resize(texts.size());
    const auto decode = [&texts, &decoded](std::size_t i) {
        const PendingText& pending = texts[i];
        DecodedText& slot = decoded[i];
        auto bundle = x509::read_pem(pending.text, pending.attribute);
        if (!bundle) {
            slot.error.emplace(pending.attribute, bundle.error().message);
            return;
        }
        if (bundle->certificates.empty()) {
            slot.error.emplace(pending.attribute, "no certificate could be read from the PEM text");
            return;
        }
        int index = 0;
        for (x509::Certificate& certificate : bundle->certificates) {
            slot.certificates.push_back({pending.attribute, index++, std::move(certificate.info)});
        }
    };
    if (options.decode_pool && texts.size() > 1) {
        options.decode_pool(texts.size(), decode);
    } else {
        for (std::size_t i = 0; i < texts.size(); ++i) {
            decode(i);
        }
    }
}

void Collector::launch()
{
    // At most two batches are held: the one decoding and the one filling.
    join_in_flight();
    if (!m_options.decode_pool) {
        decode_now();
        return;
    }
    auto flight = std::make_unique<InFlight>();
    flight->texts = std::move(m_texts);
    m_texts.clear();
    m_text_bytes = 0;
    InFlight* const batch = flight.get();
    const ReadOptions& options = m_options;
    batch->worker = std::thread([batch, &options] {
        try {
            decode_batch(options, batch->texts, batch->decoded);
        } catch (...) {
            batch->failure = std::current_exception();
        }
    });
    m_in_flight = std::move(flight);
}

void Collector::join_in_flight()
{
    if (!m_in_flight) {
        return;
    }
    m_in_flight->worker.join();
    const std::unique_ptr<InFlight> batch = std::move(m_in_flight);
    if (batch->failure) {
        std::rethrow_exception(batch->failure);
    }
    std::move(batch->decoded.begin(), batch->decoded.end(), std::back_inserter(m_decoded));
    m_decoded_end += batch->decoded.size();
}

void Collector::decode_now()
{
    std::vector<DecodedText> decoded;
    decode_batch(m_options, m_texts, decoded);
    std::move(decoded.begin(), decoded.end(), std::back_inserter(m_decoded));
    m_decoded_end += decoded.size();
    m_texts.clear();
    m_text_bytes = 0;
}

void Collector::resolve_ready()
{
    while (!m_instances.empty() && m_instances.front().texts_end <= m_decoded_end) {
        PendingInstance pending = std::move(m_instances.front());
        m_instances.pop_front();
        std::vector<PemCertificate> certificates;
        std::vector<std::pair<std::string, std::string>> pem_errors;
        // The front of m_decoded is the first text of this instance.
        while (m_decoded_end - m_decoded.size() < pending.texts_end) {
            DecodedText& decoded = m_decoded.front();
            std::move(decoded.certificates.begin(), decoded.certificates.end(), std::back_inserter(certificates));
            if (decoded.error) {
                pem_errors.push_back(std::move(*decoded.error));
            }
            m_decoded.pop_front();
        }
        resolve(std::move(pending.record), std::move(certificates), pem_errors);
    }
}

void Collector::flush()
{
    join_in_flight();
    decode_now();
    resolve_ready();
}

void Collector::instance(InstanceRecord&& record)
{
    m_instances.push_back({std::move(record), m_texts_given});
    resolve_ready();
    // Instances wait for the texts of the batch decoding and of the one
    // filling (about two batches of them when each holds a text); more than
    // that are instances without texts, held to a bound of their own.
    if (m_instances.size() >= 3 * m_options.decode_batch_texts) {
        flush();
    }
}

void Collector::resolve(InstanceRecord&& record, std::vector<PemCertificate> certificates,
                        const std::vector<std::pair<std::string, std::string>>& pem_errors)
{
    if (record.section == Section::resource_change) {
        if (record.deposed) {
            return; // an old object being destroyed
        }
        m_changed_addresses.insert(std::hash<std::string>{}(record.address));
    }
    const SensitivityTest sensitive(record);
    const Section origin = record.section;

    for (PemCertificate& certificate : certificates) {
        Finding finding = located(record, certificate.attribute);
        finding.source.index = certificate.index;
        finding.sensitive = sensitive.marked(certificate.attribute);
        finding.certificate = std::move(certificate.info);
        m_pem.push_back({origin, std::move(finding)});
    }
    for (const auto& [attribute, message] : pem_errors) {
        Finding finding = located(record, attribute);
        finding.severity = Severity::error;
        finding.sensitive = sensitive.marked(attribute);
        finding.message = "could not read the certificate in this attribute: " + message;
        m_errors.push_back({origin, std::move(finding)});
    }

    bool known = !certificates.empty();
    if (!known && is_certificate_resource_type(record.type)) {
        const auto utc = utc_zone();
        for (const TimestampAttributes& row : timestamp_table()) {
            if (row.type != record.type) {
                continue;
            }
            const TimeZone& zone = row.zone == TimestampZone::huaweicloud && m_options.huaweicloud_zone
                                       ? *m_options.huaweicloud_zone
                                       : *utc;
            for (const auto& [attribute, value] : record.timestamps) {
                if (with_any_index(attribute) != row.not_after) {
                    continue;
                }
                known = true;
                Finding finding = located(record, attribute);
                finding.sensitive = sensitive.marked(attribute);
                auto not_after = parse_resource_timestamp(value, zone);
                if (!not_after) {
                    finding.severity = Severity::error;
                    finding.message = "attribute is " + not_after.error().message;
                    m_errors.push_back({origin, std::move(finding)});
                    continue;
                }
                CertificateInfo info;
                info.not_after = *not_after;
                if (!row.not_before.empty()) {
                    const std::string not_before_path =
                        attribute.substr(0, attribute.size() - last_key(row.not_after).size()) +
                        std::string(last_key(row.not_before));
                    for (const auto& [other, other_value] : record.timestamps) {
                        if (other == not_before_path) {
                            auto not_before = parse_resource_timestamp(other_value, zone);
                            if (not_before) {
                                info.not_before = *not_before;
                            }
                        }
                    }
                }
                finding.certificate = std::move(info);
                finding.message = "expiry read from the resource's timestamp attribute";
                m_timestamps.push_back({origin, std::move(finding)});
            }
            if (known) {
                break;
            }
        }
    }

    static const std::map<std::string, std::string> k_no_result;
    const auto& result = record.external && record.external->result ? *record.external->result : k_no_result;
    const auto not_after_output = result.find("not_after");
    if (!known && not_after_output != result.end() && !not_after_output->second.empty()) {
        known = true;
        const bool notification = record.external->kind == "notification";
        Finding finding = located(record, std::string("result"));
        finding.sensitive = sensitive.marked(std::string("result"), true);
        auto not_after = parse_rfc3339(not_after_output->second);
        if (!not_after) {
            finding.severity = Severity::error;
            finding.message = "result.not_after is not an RFC 3339 timestamp";
            m_errors.push_back({origin, std::move(finding)});
        } else {
            const auto output = [&result](const char* key) {
                const auto found = result.find(key);
                return found == result.end() ? std::string() : found->second;
            };
            CertificateInfo info;
            info.not_after = *not_after;
            if (auto not_before = parse_rfc3339(output("not_before"))) {
                info.not_before = *not_before;
            }
            info.subject = output("subject");
            info.issuer = output("issuer");
            info.serial = output("serial");
            info.key_type = output("key_type");
            info.common_name = output("common_name");
            if (info.common_name.empty()) {
                info.common_name = common_name_of(info.subject);
            }
            if (is_lower_hex_sha256(output("fingerprint_sha256"))) {
                info.fingerprint_sha256 = output("fingerprint_sha256");
            } else if (is_lower_hex_sha256(output("id"))) {
                info.fingerprint_sha256 = output("id");
            } else if (notification && is_lower_hex_sha256(output("certificate"))) {
                info.fingerprint_sha256 = output("certificate");
            }
            const std::string sans = output("sans");
            if (!sans.empty()) {
                const auto parsed = nlohmann::json::parse(sans, nullptr, false);
                if (parsed.is_array()) {
                    for (const auto& entry : parsed) {
                        if (entry.is_string()) {
                            info.sans.push_back(entry.get<std::string>());
                        }
                    }
                }
            }
            finding.certificate = std::move(info);
            finding.message = "read from the certgate-external result";
            m_external.push_back({origin, std::move(finding), notification});
        }
    }

    if (!known && origin == Section::resource_change && pem_errors.empty()) {
        std::optional<std::optional<std::string>> unknown;
        const auto pick = [&](const auto& accept) {
            for (const std::string& path : record.unknown_paths) {
                if (!unknown && accept(path)) {
                    unknown = std::optional<std::string>(path);
                }
            }
        };
        if (record.external) {
            pick([](const std::string& path) { return path.empty() || path == "result"; });
            if (unknown) {
                unknown = std::optional<std::string>("result");
            }
        }
        pick([](const std::string& path) { return !path.empty() && is_pem_attribute_name(last_key(path)); });
        pick([&record](const std::string& path) { return is_not_after_path_of(record.type, path); });
        if (!unknown && is_certificate_resource_type(record.type)) {
            for (const std::string& path : record.unknown_paths) {
                if (path.empty()) {
                    unknown = std::optional<std::string>();
                }
            }
        }
        if (unknown) {
            Finding finding = located(record, *unknown);
            finding.severity = Severity::unknown;
            finding.sensitive = sensitive.marked(*unknown);
            finding.message = "known only after apply";
            m_unknown.push_back({origin, std::move(finding)});
        }
    }
}

std::vector<Finding> Collector::finish(SourceKind kind, const std::string& path)
{
    flush();
    // Reserved at the most it can hold: growing by doubling would hold up to
    // three times the findings while the last copy is made (for a plan of
    // 20,000 certificates, 37 MB beside the 25 MB of candidates; issue 14).
    std::vector<Finding> findings;
    findings.reserve(m_pem.size() + m_errors.size() + m_timestamps.size() + m_external.size() + m_unknown.size());
    std::map<std::string, std::size_t> seen;
    std::set<std::string> certificate_addresses;
    std::set<std::string> fingerprints;
    std::set<std::string> external_fingerprints; // of certificate and expiry results

    const auto superseded = [this](const Candidate& candidate) {
        return candidate.section == Section::prior_state &&
               m_changed_addresses.count(std::hash<std::string>{}(candidate.finding.source.address.value_or(""))) != 0;
    };
    // Adds a finding unless one with the same key is there; a duplicate only
    // adds its sensitivity.
    const auto add = [&](Candidate& candidate, const std::string& key) {
        const auto found = seen.find(key);
        if (found != seen.end()) {
            findings[found->second].sensitive = findings[found->second].sensitive || candidate.finding.sensitive;
            return;
        }
        seen.emplace(key, findings.size());
        candidate.finding.source.kind = kind;
        candidate.finding.source.path = path;
        findings.push_back(std::move(candidate.finding));
    };

    for (Candidate& candidate : m_pem) {
        if (superseded(candidate)) {
            continue;
        }
        const Source& source = candidate.finding.source;
        certificate_addresses.insert(source.address.value_or(""));
        fingerprints.insert(candidate.finding.certificate->fingerprint_sha256);
        add(candidate, key_of({"pem", source.address.value_or(""), source.attribute.value_or(""),
                               candidate.finding.certificate->fingerprint_sha256}));
    }
    std::vector<Candidate>().swap(m_pem); // moved from; its storage is most of what the reader still holds
    for (Candidate& candidate : m_errors) {
        if (!superseded(candidate)) {
            const Source& source = candidate.finding.source;
            add(candidate, key_of({"error", source.address.value_or(""), source.attribute.value_or(""),
                                   candidate.finding.message}));
        }
    }
    for (Candidate& candidate : m_timestamps) {
        const Source& source = candidate.finding.source;
        if (superseded(candidate) || certificate_addresses.count(source.address.value_or("")) != 0) {
            continue;
        }
        add(candidate, key_of({"timestamp", source.address.value_or(""), source.attribute.value_or(""),
                               format_rfc3339(candidate.finding.certificate->not_after)}));
    }
    for (const Candidate& candidate : m_external) {
        if (!candidate.notification && !superseded(candidate)) {
            external_fingerprints.insert(candidate.finding.certificate->fingerprint_sha256);
        }
    }
    for (Candidate& candidate : m_external) {
        const std::string& fingerprint = candidate.finding.certificate->fingerprint_sha256;
        if (superseded(candidate) || (!fingerprint.empty() && fingerprints.count(fingerprint) != 0) ||
            (candidate.notification && !fingerprint.empty() && external_fingerprints.count(fingerprint) != 0)) {
            continue;
        }
        add(candidate, key_of({"external", candidate.finding.source.address.value_or(""), fingerprint,
                               format_rfc3339(candidate.finding.certificate->not_after)}));
    }
    for (Candidate& candidate : m_unknown) {
        add(candidate, key_of({"unknown", candidate.finding.source.address.value_or(""),
                               candidate.finding.source.attribute.value_or("")}));
    }
    return findings;
}

} // namespace certgate::terraform::detail
