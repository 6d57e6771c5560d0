// Reading declarations: Terraform JSON (data.external resources running
// certgate-external, and the certgate provider's data sources and resources)
// and the plain declarations file.

#include "certgate/app/declarations.hpp"

#include "certgate/adapters/config/declarations_file.hpp"
#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/adapters/external/json_values.hpp"
#include "certgate/adapters/files/input_files.hpp"
#include "certgate/adapters/terraform/records.hpp"
#include "certgate/adapters/x509/certificate_reader.hpp"
#include "certgate/app/external_recipient.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace certgate::app {

namespace {

Error at(const std::string& where, const std::string& pointer, const std::string& message,
         ErrorCode code = ErrorCode::input)
{
    return make_error(code, pointer.empty() ? message : pointer + ": " + message, where);
}

bool is_fingerprint(std::string_view text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<std::optional<bool>> boolean_text(const std::string& text, const std::string& where, const std::string& pointer)
{
    if (text.empty()) {
        return std::optional<bool>{};
    }
    if (text == "true") {
        return std::optional<bool>{true};
    }
    if (text == "false") {
        return std::optional<bool>{false};
    }
    return at(where, pointer, "expected \"true\" or \"false\", got \"" + text.substr(0, 64) + "\"");
}

// --- merging and checking ---------------------------------------------------

// Who declared a notification, for the hint of a dangling reference.
enum class Declarer { certgate_external, provider, file };

std::string declare_hint(Declarer declarer, bool certificate)
{
    if (declarer == Declarer::provider) {
        return certificate ? "declare it with a certgate_certificate data source"
                           : "declare it with a certgate_recipient resource";
    }
    return certificate ? "declare it with certgate-external certificate"
                       : "declare it with certgate-external recipient";
}

// Declarations being gathered, with indexes by id and by name so that
// merging and references cost O(log n) each, not a scan: the first
// declaration of an id wins, and a reference by "id or name" finds the first
// declared that has either, as a scan in declaration order would.
class Gathered {
public:
    void add_certificate(DeclaredCertificate certificate)
    {
        add(m_declarations.certificates, m_certificate_ids, m_certificate_names, std::move(certificate));
    }

    void add_recipient(DeclaredRecipient recipient)
    {
        add(m_declarations.recipients, m_recipient_ids, m_recipient_names, std::move(recipient));
    }

    void add_notification(DeclaredNotification notification, Declarer declarer)
    {
        m_declarations.notifications.push_back(std::move(notification));
        m_notification_declarers.push_back(declarer);
    }

    [[nodiscard]] const DeclaredCertificate* certificate_by_id_or_name(const std::string& wanted) const
    {
        return first_of(m_declarations.certificates, m_certificate_ids, m_certificate_names, wanted);
    }

    [[nodiscard]] const DeclaredRecipient* recipient_by_id_or_name(const std::string& wanted) const
    {
        return first_of(m_declarations.recipients, m_recipient_ids, m_recipient_names, wanted);
    }

    // Checks every reference and setting, and hands the declarations over.
    Result<Declarations> finish(const std::string& where)
    {
        if (auto checked = check_references(where); !checked) {
            return checked.error();
        }
        return std::move(m_declarations);
    }

private:
    using Index = std::map<std::string, std::size_t, std::less<>>;

    template <typename Entry> static void add(std::vector<Entry>& entries, Index& ids, Index& names, Entry entry)
    {
        if (!ids.emplace(entry.id, entries.size()).second) {
            return; // the same id declared twice (modules, plan + state)
        }
        names.emplace(entry.name, entries.size()); // the first of a name stays
        entries.push_back(std::move(entry));
    }

    template <typename Entry>
    static const Entry* first_of(const std::vector<Entry>& entries, const Index& ids, const Index& names,
                                 const std::string& wanted)
    {
        std::size_t first = entries.size();
        for (const Index* index : {&ids, &names}) {
            if (const auto found = index->find(wanted); found != index->end()) {
                first = std::min(first, found->second);
            }
        }
        return first < entries.size() ? &entries[first] : nullptr;
    }

    Result<void> check_references(const std::string& where) const
    {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < m_declarations.notifications.size(); ++i) {
            const DeclaredNotification& notification = m_declarations.notifications[i];
            const Declarer declarer = m_notification_declarers[i];
            const auto certificate = m_certificate_ids.find(notification.certificate_id);
            if (certificate == m_certificate_ids.end()) {
                return at(where, notification.address,
                          "notification settings for certificate \"" + notification.certificate_id +
                              "\", which is not declared; " + declare_hint(declarer, true));
            }
            if (!seen.insert(notification.certificate_id).second) {
                return at(where, notification.address,
                          "certificate \"" + m_declarations.certificates[certificate->second].name +
                              "\" has notification settings declared twice");
            }
            if (notification.recipients) {
                for (const auto& id : *notification.recipients) {
                    if (m_recipient_ids.find(id) == m_recipient_ids.end()) {
                        return at(where, notification.address,
                                  "recipient \"" + id + "\" is not declared; " + declare_hint(declarer, false));
                    }
                }
            }
            if (notification.milestones) {
                if (auto parsed = parse_milestone_list(*notification.milestones); !parsed) {
                    return at(where, notification.address, "milestones: " + parsed.error().message);
                }
            }
        }
        for (const auto& certificate : m_declarations.certificates) {
            for (const auto& [name, value] : certificate.policy_settings) {
                Policy probe;
                if (auto applied = config::apply_setting(probe, name, value); !applied) {
                    return at(where, certificate.address, name + ": " + applied.error().message);
                }
            }
        }
        return {};
    }

    Declarations m_declarations;
    Index m_certificate_ids;
    Index m_certificate_names;
    Index m_recipient_ids;
    Index m_recipient_names;
    std::vector<Declarer> m_notification_declarers;
};

// --- Terraform: what a declaration states, whichever way it is declared -----
//
// certgate-external data sources (string query and result) and the certgate
// provider's instances (typed attributes) both become a statement; one
// function per kind then applies every rule, so both sources are checked
// alike and say the same.

// A value as declared ("" when absent) and how errors name it: `result "id"`,
// `query "certificate"`, `attribute "id"`.
struct Stated {
    std::string text;
    std::string label;
};

struct CertificateStatement {
    std::string address;
    Stated id;
    Stated not_after;
    Stated not_before;
    std::string name;
    std::string common_name;
    std::string subject;
    std::string issuer;
    std::string serial;
    std::string status;
    // Read before the rules run but reported in their order (an error here
    // comes after those of id, name and instants, as it always did).
    Result<std::vector<std::string>> sans = std::vector<std::string>{};
    Result<std::optional<bool>> toggle = std::optional<bool>{};
    std::map<std::string, std::string> policy_settings;
};

struct RecipientStatement {
    std::string address;
    Stated id;
    std::string name;
    std::string email;
    std::string mobile;
    std::vector<std::string> channels;
    std::string channels_label;
    std::optional<std::vector<std::string>> categories; ///< nullopt: the default
};

struct NotificationStatement {
    std::string address;
    Stated certificate;
    Result<std::optional<bool>> enabled = std::optional<bool>{}; ///< reported after the certificate's rule
    std::optional<std::vector<std::string>> recipients;
    std::optional<std::string> milestones;
};

// The rules.

Result<Instant> instant_rule(const Stated& stated, const std::string& address, const std::string& where)
{
    auto parsed = parse_rfc3339(stated.text);
    if (!parsed) {
        return at(where, address, stated.label + " is not an RFC 3339 instant");
    }
    return *parsed;
}

Result<void> declare_certificate(Gathered& gathered, CertificateStatement statement, const std::string& where)
{
    const std::string& address = statement.address;
    DeclaredCertificate certificate;
    certificate.address = address;
    if (!is_fingerprint(statement.id.text)) {
        return at(where, address, statement.id.label + " is not a SHA-256 fingerprint (64 lowercase hex digits)");
    }
    certificate.id = statement.id.text;
    certificate.name = !statement.name.empty()          ? statement.name
                       : !statement.common_name.empty() ? statement.common_name
                                                        : address;
    auto not_after = instant_rule(statement.not_after, address, where);
    if (!not_after) {
        return not_after.error();
    }
    certificate.validity.not_after = *not_after;
    if (!statement.not_before.text.empty()) {
        auto not_before = instant_rule(statement.not_before, address, where);
        if (!not_before) {
            return not_before.error();
        }
        certificate.validity.not_before = *not_before;
    }
    certificate.subject = std::move(statement.subject);
    certificate.issuer = std::move(statement.issuer);
    certificate.serial = std::move(statement.serial);
    if (!statement.sans) {
        return statement.sans.error();
    }
    certificate.sans = std::move(*statement.sans);
    if (!statement.status.empty()) {
        auto parsed = parse_status(statement.status);
        if (!parsed) {
            return at(where, address, "status: " + parsed.error().message);
        }
        certificate.status = *parsed;
    }
    if (!statement.toggle) {
        return statement.toggle.error();
    }
    certificate.expiration_notification = *statement.toggle;
    certificate.policy_settings = std::move(statement.policy_settings);
    gathered.add_certificate(std::move(certificate));
    return {};
}

Result<void> declare_recipient(Gathered& gathered, RecipientStatement statement, const std::string& where)
{
    const std::string& address = statement.address;
    DeclaredRecipient recipient;
    recipient.address = address;
    if (!is_recipient_id(statement.id.text)) {
        return at(where, address, statement.id.label + " is not a recipient id (\"rcpt-\" and 16 hex digits)");
    }
    recipient.id = statement.id.text;
    recipient.name = std::move(statement.name);
    recipient.email = std::move(statement.email);
    recipient.mobile = std::move(statement.mobile);
    for (const auto& name : statement.channels) {
        const auto channel = parse_channel(name);
        if (!channel) {
            return at(where, address, statement.channels_label + " holds an unknown channel, expected: email, sms");
        }
        recipient.channels.push_back(*channel);
    }
    recipient.categories = statement.categories.value_or(std::vector<std::string>{"certificate-expiration"});
    gathered.add_recipient(std::move(recipient));
    return {};
}

Result<void> declare_notification(Gathered& gathered, NotificationStatement statement, Declarer declarer,
                                  const std::string& where)
{
    DeclaredNotification notification;
    notification.address = statement.address;
    if (!is_fingerprint(statement.certificate.text)) {
        return at(where, statement.address,
                  statement.certificate.label + " is not a certificate id (a SHA-256 fingerprint)");
    }
    notification.certificate_id = statement.certificate.text;
    if (!statement.enabled) {
        return statement.enabled.error();
    }
    notification.enabled = *statement.enabled;
    notification.recipients = std::move(statement.recipients);
    notification.milestones = std::move(statement.milestones);
    gathered.add_notification(std::move(notification), declarer);
    return {};
}

// certgate-external: strings; lists JSON-encoded or comma-separated.

using Query = std::map<std::string, std::optional<std::string>>;
using Output = std::map<std::string, std::string>;

std::string string_field(const Query& object, const std::string& key)
{
    const auto found = object.find(key);
    return found != object.end() && found->second ? *found->second : std::string{};
}

std::string string_field(const Output& object, const std::string& key)
{
    const auto found = object.find(key);
    return found != object.end() ? found->second : std::string{};
}

bool has_field(const Query& object, const std::string& key)
{
    const auto found = object.find(key);
    return found != object.end() && found->second.has_value();
}

Stated result_value(const Output& result, const std::string& key)
{
    return {string_field(result, key), "result \"" + key + "\""};
}

CertificateStatement external_certificate(const Query& query, const Output& result, const std::string& address,
                                          const std::string& where)
{
    CertificateStatement statement;
    statement.address = address;
    statement.id = result_value(result, "id");
    statement.not_after = result_value(result, "not_after");
    statement.not_before = result_value(result, "not_before");
    statement.name = string_field(result, "name");
    statement.common_name = string_field(result, "common_name");
    statement.subject = string_field(result, "subject");
    statement.issuer = string_field(result, "issuer");
    statement.serial = string_field(result, "serial");
    if (const auto sans = string_field(result, "sans"); !sans.empty()) {
        auto listed = external::decode_string_list(sans);
        if (listed) {
            statement.sans = std::move(*listed);
        } else {
            statement.sans = at(where, address, "result \"sans\" is not a JSON-encoded list of strings");
        }
    }
    statement.status = string_field(result, "status");
    if (statement.status.empty()) {
        statement.status = string_field(query, "status");
    }
    statement.toggle = boolean_text(string_field(query, "expiration_notification"), where,
                                    address + ": query \"expiration_notification\"");
    for (const auto& name : config::setting_names()) {
        if (has_field(query, name)) {
            statement.policy_settings[name] = string_field(query, name);
        }
    }
    return statement;
}

RecipientStatement external_recipient(const Output& result, const std::string& address)
{
    RecipientStatement statement;
    statement.address = address;
    statement.id = result_value(result, "id");
    statement.name = string_field(result, "name");
    statement.email = string_field(result, "email");
    statement.mobile = string_field(result, "mobile");
    statement.channels = config::split_list(string_field(result, "channels"));
    statement.channels_label = "result \"channels\"";
    if (result.count("categories") != 0) {
        statement.categories = config::split_list(string_field(result, "categories"));
    }
    return statement;
}

NotificationStatement external_notification(const Query& query, const std::string& address, const std::string& where)
{
    NotificationStatement statement;
    statement.address = address;
    statement.certificate = {string_field(query, "certificate"), "query \"certificate\""};
    statement.enabled = boolean_text(string_field(query, "enabled"), where, address + ": query \"enabled\"");
    if (has_field(query, "recipients")) {
        statement.recipients = config::split_list(string_field(query, "recipients"));
    }
    if (const auto milestones = string_field(query, "milestones"); !milestones.empty()) {
        statement.milestones = milestones;
    }
    return statement;
}

Result<void> take_external(Gathered& gathered, const terraform::InstanceRecord& source, const std::string& where)
{
    if (!source.external->result) {
        return {}; // read during apply: not known yet
    }
    const terraform::ExternalDataSource& external = *source.external;
    if (external.kind == "certificate") {
        return declare_certificate(
            gathered, external_certificate(external.query, *external.result, source.address, where), where);
    }
    if (external.kind == "recipient") {
        return declare_recipient(gathered, external_recipient(*external.result, source.address), where);
    }
    if (external.kind == "notification") {
        return declare_notification(gathered, external_notification(external.query, source.address, where),
                                    Declarer::certgate_external, where);
    }
    return {};
}

// The certgate provider: typed attributes (terraform::ProviderValue).

using ProviderValue = terraform::ProviderValue;

// Reads the typed attributes of one provider instance. A value of the wrong
// type reads as absent and the first such is kept as the error, naming the
// attribute (see error()).
class Attributes {
public:
    Attributes(const terraform::InstanceRecord& source, const std::string& where)
        : m_attributes(source.provider->attributes), m_address(source.address), m_where(where)
    {
    }

    static std::string label(const std::string& name) { return "attribute \"" + name + "\""; }

    /// The first attribute read that had the wrong type.
    [[nodiscard]] const std::optional<Error>& error() const { return m_error; }

    // Set, and not null.
    [[nodiscard]] bool has(const std::string& name) const { return find(name) != nullptr; }

    std::string text(const std::string& name)
    {
        const ProviderValue* value = find(name);
        if (value == nullptr) {
            return {};
        }
        if (value->kind != ProviderValue::Kind::string) {
            wrong(name, " is not a string");
            return std::string{};
        }
        return value->text;
    }

    Stated stated(const std::string& name) { return {text(name), label(name)}; }

    std::optional<bool> boolean(const std::string& name)
    {
        const ProviderValue* value = find(name);
        if (value == nullptr) {
            return std::nullopt;
        }
        if (value->kind != ProviderValue::Kind::boolean) {
            wrong(name, ": expected true or false");
            return std::nullopt;
        }
        return value->boolean;
    }

    std::optional<std::vector<std::string>> list(const std::string& name)
    {
        const ProviderValue* value = find(name);
        if (value == nullptr) {
            return std::nullopt;
        }
        if (value->kind != ProviderValue::Kind::string_list) {
            wrong(name, " is not a list of strings");
            return std::nullopt;
        }
        return value->items;
    }

    // A policy setting as the settings take it: text, a number as written,
    // a list comma-separated.
    std::optional<std::string> setting(const std::string& name)
    {
        const ProviderValue* value = find(name);
        if (value == nullptr) {
            return std::nullopt;
        }
        if (value->kind == ProviderValue::Kind::string || value->kind == ProviderValue::Kind::number) {
            return value->text;
        }
        if (value->kind != ProviderValue::Kind::string_list) {
            wrong(name, " is not a string, a number or a list of strings");
            return std::nullopt;
        }
        std::string joined;
        for (std::size_t i = 0; i < value->items.size(); ++i) {
            if (value->items[i].find(',') != std::string::npos) {
                wrong(name, ": item " + std::to_string(i + 1) + " holds a comma; give one value per item");
                return std::nullopt;
            }
            joined += (i == 0 ? "" : ",") + value->items[i];
        }
        return joined;
    }

private:
    // The value, when set and not null.
    [[nodiscard]] const ProviderValue* find(const std::string& name) const
    {
        const auto found = m_attributes.find(name);
        return found != m_attributes.end() && found->second.kind != ProviderValue::Kind::null ? &found->second
                                                                                              : nullptr;
    }

    void wrong(const std::string& name, const std::string& problem)
    {
        if (!m_error) {
            m_error = at(m_where, m_address, label(name) + problem);
        }
    }

    const std::map<std::string, ProviderValue>& m_attributes;
    const std::string& m_address;
    const std::string& m_where;
    std::optional<Error> m_error;
};

CertificateStatement provider_certificate(Attributes& attributes, const std::string& address)
{
    CertificateStatement statement;
    statement.address = address;
    statement.id = attributes.stated("id");
    statement.not_after = attributes.stated("not_after");
    statement.not_before = attributes.stated("not_before");
    statement.name = attributes.text("name");
    statement.common_name = attributes.text("common_name");
    statement.subject = attributes.text("subject");
    statement.issuer = attributes.text("issuer");
    statement.serial = attributes.text("serial");
    statement.sans = attributes.list("sans").value_or(std::vector<std::string>{});
    statement.status = attributes.text("status");
    statement.toggle = attributes.boolean("expiration_notification");
    for (const auto& name : config::setting_names()) {
        if (auto value = attributes.setting(name)) {
            statement.policy_settings[name] = std::move(*value);
        }
    }
    return statement;
}

RecipientStatement provider_recipient(Attributes& attributes, const std::string& address)
{
    RecipientStatement statement;
    statement.address = address;
    statement.id = attributes.stated("id");
    statement.name = attributes.text("name");
    statement.email = attributes.text("normalised_email");
    statement.mobile = attributes.text("normalised_mobile");
    statement.channels = attributes.list("channels").value_or(std::vector<std::string>{});
    statement.channels_label = Attributes::label("channels");
    statement.categories = attributes.list("categories");
    return statement;
}

NotificationStatement provider_notification(Attributes& attributes, const std::string& address)
{
    NotificationStatement statement;
    statement.address = address;
    statement.certificate = attributes.stated("certificate");
    statement.enabled = attributes.boolean("enabled");
    statement.recipients = attributes.list("recipients");
    statement.milestones = attributes.setting("milestones");
    return statement;
}

// A provider instance counts once applied: from the state (not a plan's
// planned values or changes), with its id known.
bool applied(const terraform::InstanceRecord& source, const Attributes& attributes)
{
    const bool state =
        source.section == terraform::Section::state_values || source.section == terraform::Section::prior_state;
    return state && attributes.has("id");
}

Result<void> take_provider(Gathered& gathered, const terraform::InstanceRecord& source, const std::string& where)
{
    Attributes attributes(source, where);
    if (!applied(source, attributes)) {
        return {};
    }
    const bool data = source.mode == "data";
    if (source.type == "certgate_certificate" && data) {
        auto statement = provider_certificate(attributes, source.address);
        if (attributes.error()) {
            return *attributes.error();
        }
        return declare_certificate(gathered, std::move(statement), where);
    }
    if (source.type == "certgate_recipient" && !data) {
        auto statement = provider_recipient(attributes, source.address);
        if (attributes.error()) {
            return *attributes.error();
        }
        return declare_recipient(gathered, std::move(statement), where);
    }
    if (source.type == "certgate_notification" && !data) {
        auto statement = provider_notification(attributes, source.address);
        if (attributes.error()) {
            return *attributes.error();
        }
        return declare_notification(gathered, std::move(statement), Declarer::provider, where);
    }
    return {};
}

// --- declarations file --------------------------------------------------------

Result<void> file_certificate(Gathered& gathered, const config::FileCertificate& entry, const std::string& where,
                              const std::string& base_directory)
{
    const std::string& pointer = entry.pointer;
    DeclaredCertificate certificate;
    certificate.address = pointer;
    if (!entry.certificate_file.empty()) {
        if (!entry.id.empty() || !entry.not_after.empty() || !entry.not_before.empty()) {
            return at(where, pointer, "give either certificate_file or id with not_after, not both", ErrorCode::usage);
        }
        std::filesystem::path path(entry.certificate_file);
        if (path.is_relative()) {
            path = std::filesystem::path(base_directory) / path;
        }
        auto content = files::read_file(path.string(), 16ULL * 1024 * 1024);
        if (!content) {
            return at(where, pointer + "/certificate_file", content.error().describe());
        }
        auto bundle = x509::read_certificates(*content, path.string());
        if (!bundle) {
            return at(where, pointer + "/certificate_file", bundle.error().describe());
        }
        if (bundle->certificates.empty()) {
            return at(where, pointer + "/certificate_file", "\"" + path.string() + "\" holds no certificate");
        }
        const auto& info = bundle->certificates.front().info;
        certificate.id = info.fingerprint_sha256;
        certificate.validity.not_after = info.not_after;
        certificate.validity.not_before = info.not_before;
        certificate.name = entry.name.empty() ? display_name(info) : entry.name;
        certificate.subject = info.subject;
        certificate.issuer = info.issuer;
        certificate.serial = info.serial;
        certificate.sans = info.sans;
    } else {
        if (!is_fingerprint(entry.id)) {
            return at(where, pointer + "/id",
                      entry.id.empty()
                          ? "missing; give certificate_file, or id (the SHA-256 fingerprint) with not_after"
                          : "expected a SHA-256 fingerprint (64 lowercase hex digits)");
        }
        certificate.id = entry.id;
        auto parsed = parse_rfc3339(entry.not_after);
        if (!parsed) {
            return at(where, pointer + "/not_after",
                      entry.not_after.empty() ? "missing"
                                              : "expected an RFC 3339 instant such as \"2027-01-01T00:00:00Z\"");
        }
        certificate.validity.not_after = *parsed;
        if (!entry.not_before.empty()) {
            auto before = parse_rfc3339(entry.not_before);
            if (!before) {
                return at(where, pointer + "/not_before", "expected an RFC 3339 instant");
            }
            certificate.validity.not_before = *before;
        }
        certificate.name = entry.name.empty() ? certificate.id.substr(0, 16) : entry.name;
    }
    if (!entry.status.empty()) {
        auto parsed = parse_status(entry.status);
        if (!parsed) {
            return at(where, pointer + "/status", parsed.error().message);
        }
        certificate.status = *parsed;
    }
    certificate.expiration_notification = entry.expiration_notification;
    certificate.policy_settings = entry.policy;
    gathered.add_certificate(std::move(certificate));
    return {};
}

Result<void> file_recipient(Gathered& gathered, const config::FileRecipient& entry, const std::string& where)
{
    const std::string& pointer = entry.pointer;
    DeclaredRecipient recipient;
    recipient.address = pointer;
    recipient.name = entry.name;
    RecipientContacts contacts;
    if (!entry.email.empty()) {
        auto normalised = normalise_email(entry.email);
        if (!normalised) {
            return at(where, pointer + "/email", normalised.error().message);
        }
        contacts.email = *normalised;
    }
    if (!entry.mobile.empty()) {
        auto normalised = normalise_mobile(entry.mobile);
        if (!normalised) {
            return at(where, pointer + "/mobile", normalised.error().message);
        }
        contacts.mobile = *normalised;
    }
    if (contacts.email.empty() && contacts.mobile.empty()) {
        return at(where, pointer, "give email and/or mobile (E.164, such as +8613800138000)");
    }
    recipient.email = contacts.email;
    recipient.mobile = contacts.mobile;
    recipient.id = recipient_id(contacts);
    if (entry.channels) {
        for (const auto& name : *entry.channels) {
            const auto channel = parse_channel(name);
            if (!channel) {
                return at(where, pointer + "/channels",
                          "unknown channel \"" + name.substr(0, 64) + "\", expected one of: email, sms");
            }
            if ((channel == Channel::email && contacts.email.empty()) ||
                (channel == Channel::sms && contacts.mobile.empty())) {
                return at(where, pointer + "/channels",
                          channel == Channel::email ? "the email channel needs an email address"
                                                    : "the sms channel needs a mobile number");
            }
            recipient.channels.push_back(*channel);
        }
    } else {
        if (!contacts.email.empty()) {
            recipient.channels.push_back(Channel::email);
        }
        if (!contacts.mobile.empty()) {
            recipient.channels.push_back(Channel::sms);
        }
    }
    recipient.categories = entry.categories.value_or(std::vector<std::string>{"certificate-expiration"});
    for (const auto& category : recipient.categories) {
        if (category != "certificate-expiration" && category != "certificate-expired") {
            return at(where, pointer + "/categories",
                      "unknown category \"" + category.substr(0, 64) +
                          "\", expected one of: certificate-expiration, certificate-expired");
        }
    }
    gathered.add_recipient(std::move(recipient));
    return {};
}

Result<void> file_notification(Gathered& gathered, const config::FileNotification& entry, const std::string& where)
{
    const std::string& pointer = entry.pointer;
    DeclaredNotification notification;
    notification.address = pointer;
    // By id or by name.
    const DeclaredCertificate* found = gathered.certificate_by_id_or_name(entry.certificate);
    if (found == nullptr) {
        return at(where, pointer + "/certificate",
                  "no declared certificate has the id or name \"" + entry.certificate.substr(0, 80) + "\"");
    }
    notification.certificate_id = found->id;
    notification.enabled = entry.enabled;
    if (entry.recipients) {
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < entry.recipients->size(); ++i) {
            const auto& wanted = (*entry.recipients)[i];
            const DeclaredRecipient* recipient = gathered.recipient_by_id_or_name(wanted);
            if (recipient == nullptr) {
                return at(where, pointer + "/recipients/" + std::to_string(i),
                          "no declared recipient has the id or name \"" + wanted.substr(0, 80) + "\"");
            }
            ids.push_back(recipient->id);
        }
        notification.recipients = std::move(ids);
    }
    notification.milestones = entry.milestones;
    gathered.add_notification(std::move(notification), Declarer::file);
    return {};
}

} // namespace

Result<Declarations> declarations_from_records(std::span<const terraform::InstanceRecord> sources,
                                               const std::string& where)
{
    Gathered gathered;
    for (const terraform::InstanceRecord& source : sources) {
        Result<void> taken;
        if (source.external) {
            taken = take_external(gathered, source, where);
        } else if (source.provider) {
            taken = take_provider(gathered, source, where);
        }
        if (!taken) {
            return taken.error();
        }
    }
    return gathered.finish(where);
}

Result<Declarations> parse_terraform_declarations(std::string_view text, const std::string& where)
{
    std::istringstream in{std::string(text)};
    auto sources = terraform::read_declaration_sources(in, where);
    if (!sources) {
        return sources.error();
    }
    return declarations_from_records(*sources, where);
}

Result<Declarations> declarations_from_file(const config::DeclarationsFile& file, const std::string& where,
                                            const std::string& base_directory)
{
    Gathered gathered;
    for (const auto& entry : file.certificates) {
        if (auto taken = file_certificate(gathered, entry, where, base_directory); !taken) {
            return taken.error();
        }
    }
    for (const auto& entry : file.recipients) {
        if (auto taken = file_recipient(gathered, entry, where); !taken) {
            return taken.error();
        }
    }
    for (const auto& entry : file.notifications) {
        if (auto taken = file_notification(gathered, entry, where); !taken) {
            return taken.error();
        }
    }
    return gathered.finish(where);
}

Result<Declarations> parse_declarations_file(std::string_view text, const std::string& where,
                                             const std::string& base_directory)
{
    auto file = config::parse_declarations_file(text, where);
    if (!file) {
        return file.error();
    }
    return declarations_from_file(*file, where, base_directory);
}

Result<Declarations> read_declarations(const std::string& path, DeclarationFormat format, std::uint64_t max_bytes)
{
    auto content = path == "-" ? files::read_stream(std::cin, max_bytes, "stdin") : files::read_file(path, max_bytes);
    if (!content) {
        return content.error();
    }
    const std::string where = path == "-" ? "stdin" : path;
    if (format == DeclarationFormat::terraform) {
        return parse_terraform_declarations(*content, where);
    }
    const auto base = path == "-" ? std::filesystem::current_path() : std::filesystem::path(path).parent_path();
    return parse_declarations_file(*content, where, base.string());
}

} // namespace certgate::app
