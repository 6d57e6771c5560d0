// Reading declarations: Terraform JSON (data.external resources running
// certgate-external) and the plain declarations file.

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

Result<void> add_certificate(Declarations& declarations, DeclaredCertificate certificate)
{
    for (const auto& existing : declarations.certificates) {
        if (existing.id == certificate.id) {
            return {}; // the same certificate declared twice (modules, plan + state)
        }
    }
    declarations.certificates.push_back(std::move(certificate));
    return {};
}

void add_recipient(Declarations& declarations, DeclaredRecipient recipient)
{
    for (const auto& existing : declarations.recipients) {
        if (existing.id == recipient.id) {
            return;
        }
    }
    declarations.recipients.push_back(std::move(recipient));
}

Result<void> check_references(const Declarations& declarations, const std::string& where)
{
    std::set<std::string> seen;
    for (const auto& notification : declarations.notifications) {
        const auto certificate = std::find_if(declarations.certificates.begin(), declarations.certificates.end(),
                                              [&](const auto& c) { return c.id == notification.certificate_id; });
        if (certificate == declarations.certificates.end()) {
            return at(where, notification.address,
                      "notification settings for certificate \"" + notification.certificate_id +
                          "\", which is not declared; declare it with certgate-external certificate");
        }
        if (!seen.insert(notification.certificate_id).second) {
            return at(where, notification.address,
                      "certificate \"" + certificate->name + "\" has notification settings declared twice");
        }
        if (notification.recipients) {
            for (const auto& id : *notification.recipients) {
                const bool known = std::any_of(declarations.recipients.begin(), declarations.recipients.end(),
                                               [&](const auto& r) { return r.id == id; });
                if (!known) {
                    return at(where, notification.address,
                              "recipient \"" + id + "\" is not declared; declare it with certgate-external recipient");
                }
            }
        }
        if (notification.milestones) {
            if (auto parsed = parse_milestone_list(*notification.milestones); !parsed) {
                return at(where, notification.address, "milestones: " + parsed.error().message);
            }
        }
    }
    for (const auto& certificate : declarations.certificates) {
        for (const auto& [name, value] : certificate.policy_settings) {
            Policy probe;
            if (auto applied = config::apply_setting(probe, name, value); !applied) {
                return at(where, certificate.address, name + ": " + applied.error().message);
            }
        }
    }
    return {};
}

// --- Terraform records --------------------------------------------------------

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

Result<void> take_certificate(Declarations& declarations, const Query& query, const Output& result,
                              const std::string& address, const std::string& where)
{
    DeclaredCertificate certificate;
    certificate.address = address;
    certificate.id = string_field(result, "id");
    if (!is_fingerprint(certificate.id)) {
        return at(where, address, "result \"id\" is not a SHA-256 fingerprint (64 lowercase hex digits)");
    }
    certificate.name = string_field(result, "name");
    if (certificate.name.empty()) {
        certificate.name = string_field(result, "common_name");
    }
    if (certificate.name.empty()) {
        certificate.name = address;
    }
    auto not_after = parse_rfc3339(string_field(result, "not_after"));
    if (!not_after) {
        return at(where, address, "result \"not_after\" is not an RFC 3339 instant");
    }
    certificate.validity.not_after = *not_after;
    if (const auto text = string_field(result, "not_before"); !text.empty()) {
        auto not_before = parse_rfc3339(text);
        if (!not_before) {
            return at(where, address, "result \"not_before\" is not an RFC 3339 instant");
        }
        certificate.validity.not_before = *not_before;
    }
    certificate.subject = string_field(result, "subject");
    certificate.issuer = string_field(result, "issuer");
    certificate.serial = string_field(result, "serial");
    if (const auto sans = string_field(result, "sans"); !sans.empty()) {
        auto listed = external::decode_string_list(sans);
        if (!listed) {
            return at(where, address, "result \"sans\" is not a JSON-encoded list of strings");
        }
        certificate.sans = std::move(*listed);
    }
    std::string status = string_field(result, "status");
    if (status.empty()) {
        status = string_field(query, "status");
    }
    if (!status.empty()) {
        auto parsed = parse_status(status);
        if (!parsed) {
            return at(where, address, "status: " + parsed.error().message);
        }
        certificate.status = *parsed;
    }
    auto toggle = boolean_text(string_field(query, "expiration_notification"), where,
                               address + ": query \"expiration_notification\"");
    if (!toggle) {
        return toggle.error();
    }
    certificate.expiration_notification = *toggle;
    for (const auto& name : config::setting_names()) {
        if (has_field(query, name)) {
            certificate.policy_settings[name] = string_field(query, name);
        }
    }
    return add_certificate(declarations, std::move(certificate));
}

Result<void> take_recipient(Declarations& declarations, const Output& result, const std::string& address,
                            const std::string& where)
{
    DeclaredRecipient recipient;
    recipient.address = address;
    recipient.id = string_field(result, "id");
    if (!is_recipient_id(recipient.id)) {
        return at(where, address, "result \"id\" is not a recipient id (\"rcpt-\" and 16 hex digits)");
    }
    recipient.name = string_field(result, "name");
    recipient.email = string_field(result, "email");
    recipient.mobile = string_field(result, "mobile");
    for (const auto& name : config::split_list(string_field(result, "channels"))) {
        const auto channel = parse_channel(name);
        if (!channel) {
            return at(where, address, "result \"channels\" holds an unknown channel, expected: email, sms");
        }
        recipient.channels.push_back(*channel);
    }
    recipient.categories = config::split_list(string_field(result, "categories"));
    if (result.count("categories") == 0) {
        recipient.categories = {"certificate-expiration"};
    }
    add_recipient(declarations, std::move(recipient));
    return {};
}

Result<void> take_notification(Declarations& declarations, const Query& query, const std::string& address,
                               const std::string& where)
{
    DeclaredNotification notification;
    notification.address = address;
    notification.certificate_id = string_field(query, "certificate");
    if (!is_fingerprint(notification.certificate_id)) {
        return at(where, address, "query \"certificate\" is not a certificate id (a SHA-256 fingerprint)");
    }
    auto enabled = boolean_text(string_field(query, "enabled"), where, address + ": query \"enabled\"");
    if (!enabled) {
        return enabled.error();
    }
    notification.enabled = *enabled;
    if (has_field(query, "recipients")) {
        notification.recipients = config::split_list(string_field(query, "recipients"));
    }
    if (const auto milestones = string_field(query, "milestones"); !milestones.empty()) {
        notification.milestones = milestones;
    }
    declarations.notifications.push_back(std::move(notification));
    return {};
}

// --- declarations file --------------------------------------------------------

Result<void> file_certificate(Declarations& declarations, const config::FileCertificate& entry,
                              const std::string& where, const std::string& base_directory)
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
    return add_certificate(declarations, std::move(certificate));
}

Result<void> file_recipient(Declarations& declarations, const config::FileRecipient& entry, const std::string& where)
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
    add_recipient(declarations, std::move(recipient));
    return {};
}

Result<void> file_notification(Declarations& declarations, const config::FileNotification& entry,
                               const std::string& where)
{
    const std::string& pointer = entry.pointer;
    DeclaredNotification notification;
    notification.address = pointer;
    // By id or by name.
    const auto found =
        std::find_if(declarations.certificates.begin(), declarations.certificates.end(),
                     [&](const auto& c) { return c.id == entry.certificate || c.name == entry.certificate; });
    if (found == declarations.certificates.end()) {
        return at(where, pointer + "/certificate",
                  "no declared certificate has the id or name \"" + entry.certificate.substr(0, 80) + "\"");
    }
    notification.certificate_id = found->id;
    notification.enabled = entry.enabled;
    if (entry.recipients) {
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < entry.recipients->size(); ++i) {
            const auto& wanted = (*entry.recipients)[i];
            const auto recipient = std::find_if(declarations.recipients.begin(), declarations.recipients.end(),
                                                [&](const auto& r) { return r.id == wanted || r.name == wanted; });
            if (recipient == declarations.recipients.end()) {
                return at(where, pointer + "/recipients/" + std::to_string(i),
                          "no declared recipient has the id or name \"" + wanted.substr(0, 80) + "\"");
            }
            ids.push_back(recipient->id);
        }
        notification.recipients = std::move(ids);
    }
    notification.milestones = entry.milestones;
    declarations.notifications.push_back(std::move(notification));
    return {};
}

} // namespace

Result<Declarations> declarations_from_records(std::span<const terraform::InstanceRecord> sources,
                                               const std::string& where)
{
    Declarations declarations;
    for (const terraform::InstanceRecord& source : sources) {
        if (!source.external || !source.external->result) {
            continue; // not certgate-external, or read during apply: not known yet
        }
        const terraform::ExternalDataSource& external = *source.external;
        Result<void> taken;
        if (external.kind == "certificate") {
            taken = take_certificate(declarations, external.query, *external.result, source.address, where);
        } else if (external.kind == "recipient") {
            taken = take_recipient(declarations, *external.result, source.address, where);
        } else if (external.kind == "notification") {
            taken = take_notification(declarations, external.query, source.address, where);
        }
        if (!taken) {
            return taken.error();
        }
    }
    if (auto checked = check_references(declarations, where); !checked) {
        return checked.error();
    }
    return declarations;
}

Result<Declarations> parse_terraform_declarations(std::string_view text, const std::string& where)
{
    std::istringstream in{std::string(text)};
    auto sources = terraform::read_external_data_sources(in, where);
    if (!sources) {
        return sources.error();
    }
    return declarations_from_records(*sources, where);
}

Result<Declarations> declarations_from_file(const config::DeclarationsFile& file, const std::string& where,
                                            const std::string& base_directory)
{
    Declarations declarations;
    for (const auto& entry : file.certificates) {
        if (auto taken = file_certificate(declarations, entry, where, base_directory); !taken) {
            return taken.error();
        }
    }
    for (const auto& entry : file.recipients) {
        if (auto taken = file_recipient(declarations, entry, where); !taken) {
            return taken.error();
        }
    }
    for (const auto& entry : file.notifications) {
        if (auto taken = file_notification(declarations, entry, where); !taken) {
            return taken.error();
        }
    }
    if (auto checked = check_references(declarations, where); !checked) {
        return checked.error();
    }
    return declarations;
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
