// Reading declarations: Terraform JSON (data.external resources running
// certgate-external) and the plain declarations file.

#include "certgate/app/declarations.hpp"

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/adapters/files/input_files.hpp"
#include "certgate/adapters/terraform/records.hpp"
#include "certgate/adapters/x509/certificate_reader.hpp"
#include "certgate/app/external_recipient.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

namespace certgate::app {

namespace {

using nlohmann::json;

constexpr std::size_t k_max_depth = 64;

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

/// A list given as a JSON array text (`["a","b"]`) or comma-separated.
std::vector<std::string> list_text(const std::string& text)
{
    std::vector<std::string> items;
    if (!text.empty() && text.front() == '[') {
        try {
            const json parsed = json::parse(text);
            if (parsed.is_array()) {
                for (const auto& item : parsed) {
                    if (item.is_string()) {
                        items.push_back(item.get<std::string>());
                    }
                }
                return items;
            }
        } catch (const json::exception&) {
            // Falls through to the comma-separated reading.
        }
    }
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        const auto first = item.find_first_not_of(" \t");
        const auto last = item.find_last_not_of(" \t");
        if (first != std::string::npos) {
            items.push_back(item.substr(first, last - first + 1));
        }
    }
    return items;
}

Result<json> parse_json(std::string_view text, const std::string& where)
{
    std::size_t depth = 0;
    bool too_deep = false;
    json::parser_callback_t guard = [&](int level, json::parse_event_t event, json&) {
        if (event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) {
            depth = static_cast<std::size_t>(level) + 1;
            if (depth > k_max_depth) {
                too_deep = true;
            }
        }
        return !too_deep;
    };
    try {
        json parsed = json::parse(text.begin(), text.end(), guard);
        if (too_deep) {
            return make_error(ErrorCode::limit, "JSON nested deeper than 64 levels", where);
        }
        return parsed;
    } catch (const json::parse_error& failure) {
        if (too_deep) {
            return make_error(ErrorCode::limit, "JSON nested deeper than 64 levels", where);
        }
        return make_error(ErrorCode::input,
                          "invalid JSON at byte " + std::to_string(failure.byte) +
                              ", expected terraform show -json "
                              "output or a declarations file",
                          where);
    } catch (const json::exception&) {
        // nlohmann throws out_of_range for numbers no double can hold.
        return make_error(ErrorCode::input,
                          "invalid JSON: a number is out of range, expected terraform show -json output or a "
                          "declarations file",
                          where);
    }
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
    recipient.channels = list_text(string_field(result, "channels"));
    recipient.categories = list_text(string_field(result, "categories"));
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
        notification.recipients = list_text(string_field(query, "recipients"));
    }
    if (const auto milestones = string_field(query, "milestones"); !milestones.empty()) {
        notification.milestones = milestones;
    }
    declarations.notifications.push_back(std::move(notification));
    return {};
}

// --- declarations file --------------------------------------------------------

Result<void> check_keys(const json& object, std::initializer_list<const char*> allowed, const std::string& where,
                        const std::string& pointer)
{
    if (!object.is_object()) {
        return at(where, pointer, "expected an object");
    }
    for (const auto& [key, value] : object.items()) {
        if (std::none_of(allowed.begin(), allowed.end(), [&key = key](const char* name) { return key == name; })) {
            std::string expected;
            for (const char* name : allowed) {
                expected += std::string(expected.empty() ? "" : ", ") + name;
            }
            return at(where, pointer, "unknown key \"" + key.substr(0, 64) + "\", expected one of: " + expected,
                      ErrorCode::usage);
        }
    }
    return {};
}

Result<std::string> file_string(const json& object, const char* key, const std::string& where,
                                const std::string& pointer, bool required)
{
    const auto found = object.find(key);
    if (found == object.end()) {
        if (required) {
            return at(where, pointer, "missing \"" + std::string(key) + "\"");
        }
        return std::string{};
    }
    if (!found->is_string()) {
        return at(where, pointer + "/" + key, "expected a string");
    }
    return found->get<std::string>();
}

Result<std::optional<bool>> file_bool(const json& object, const char* key, const std::string& where,
                                      const std::string& pointer)
{
    const auto found = object.find(key);
    if (found == object.end()) {
        return std::optional<bool>{};
    }
    if (!found->is_boolean()) {
        return at(where, pointer + "/" + key, "expected true or false");
    }
    return std::optional<bool>{found->get<bool>()};
}

Result<std::optional<std::vector<std::string>>> file_list(const json& object, const char* key, const std::string& where,
                                                          const std::string& pointer)
{
    const auto found = object.find(key);
    if (found == object.end()) {
        return std::optional<std::vector<std::string>>{};
    }
    if (found->is_string()) {
        return std::optional<std::vector<std::string>>{list_text(found->get<std::string>())};
    }
    if (!found->is_array()) {
        return at(where, pointer + "/" + key, "expected an array of strings");
    }
    std::vector<std::string> items;
    for (std::size_t i = 0; i < found->size(); ++i) {
        if (!(*found)[i].is_string()) {
            return at(where, pointer + "/" + key + "/" + std::to_string(i), "expected a string");
        }
        items.push_back((*found)[i].get<std::string>());
    }
    return std::optional<std::vector<std::string>>{std::move(items)};
}

std::string join(const std::vector<std::string>& items)
{
    std::string joined;
    for (const auto& item : items) {
        joined += (joined.empty() ? "" : ",") + item;
    }
    return joined;
}

Result<void> file_certificate(Declarations& declarations, const json& entry, const std::string& where,
                              const std::string& pointer, const std::string& base_directory)
{
    if (auto keys = check_keys(entry,
                               {"name", "certificate_file", "id", "not_before", "not_after", "status",
                                "expiration_notification", "policy"},
                               where, pointer);
        !keys) {
        return keys;
    }
    DeclaredCertificate certificate;
    certificate.address = pointer;
    auto name = file_string(entry, "name", where, pointer, false);
    auto file = file_string(entry, "certificate_file", where, pointer, false);
    auto id = file_string(entry, "id", where, pointer, false);
    auto not_before = file_string(entry, "not_before", where, pointer, false);
    auto not_after = file_string(entry, "not_after", where, pointer, false);
    auto status = file_string(entry, "status", where, pointer, false);
    for (const auto* field : {&name, &file, &id, &not_before, &not_after, &status}) {
        if (!*field) {
            return field->error();
        }
    }
    if (!file->empty()) {
        if (!id->empty() || !not_after->empty() || !not_before->empty()) {
            return at(where, pointer, "give either certificate_file or id with not_after, not both", ErrorCode::usage);
        }
        std::filesystem::path path(*file);
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
        certificate.name = name->empty() ? display_name(info) : *name;
    } else {
        if (!is_fingerprint(*id)) {
            return at(where, pointer + "/id",
                      id->empty() ? "missing; give certificate_file, or id (the SHA-256 fingerprint) with not_after"
                                  : "expected a SHA-256 fingerprint (64 lowercase hex digits)");
        }
        certificate.id = *id;
        auto parsed = parse_rfc3339(*not_after);
        if (!parsed) {
            return at(where, pointer + "/not_after",
                      not_after->empty() ? "missing" : "expected an RFC 3339 instant such as \"2027-01-01T00:00:00Z\"");
        }
        certificate.validity.not_after = *parsed;
        if (!not_before->empty()) {
            auto before = parse_rfc3339(*not_before);
            if (!before) {
                return at(where, pointer + "/not_before", "expected an RFC 3339 instant");
            }
            certificate.validity.not_before = *before;
        }
        certificate.name = name->empty() ? certificate.id.substr(0, 16) : *name;
    }
    if (!status->empty()) {
        auto parsed = parse_status(*status);
        if (!parsed) {
            return at(where, pointer + "/status", parsed.error().message);
        }
        certificate.status = *parsed;
    }
    auto toggle = file_bool(entry, "expiration_notification", where, pointer);
    if (!toggle) {
        return toggle.error();
    }
    certificate.expiration_notification = *toggle;
    if (const auto policy = entry.find("policy"); policy != entry.end()) {
        if (!policy->is_object()) {
            return at(where, pointer + "/policy", "expected an object of policy settings");
        }
        const auto& names = config::setting_names();
        for (const auto& [key, value] : policy->items()) {
            const std::string key_pointer = pointer + "/policy/" + key;
            if (std::find(names.begin(), names.end(), key) == names.end()) {
                return at(where, key_pointer, "unknown policy setting", ErrorCode::usage);
            }
            if (value.is_string()) {
                certificate.policy_settings[key] = value.get<std::string>();
            } else if (value.is_number_integer() || value.is_number_float()) {
                certificate.policy_settings[key] = value.dump();
            } else if (value.is_array()) {
                auto items = file_list(*policy, key.c_str(), where, pointer + "/policy");
                if (!items) {
                    return items.error();
                }
                certificate.policy_settings[key] = join(**items);
            } else {
                return at(where, key_pointer, "expected a string, a number or an array of strings");
            }
        }
    }
    return add_certificate(declarations, std::move(certificate));
}

Result<void> file_recipient(Declarations& declarations, const json& entry, const std::string& where,
                            const std::string& pointer)
{
    if (auto keys = check_keys(entry, {"name", "email", "mobile", "channels", "categories"}, where, pointer); !keys) {
        return keys;
    }
    DeclaredRecipient recipient;
    recipient.address = pointer;
    auto name = file_string(entry, "name", where, pointer, false);
    auto email = file_string(entry, "email", where, pointer, false);
    auto mobile = file_string(entry, "mobile", where, pointer, false);
    for (const auto* field : {&name, &email, &mobile}) {
        if (!*field) {
            return field->error();
        }
    }
    recipient.name = *name;
    RecipientContacts contacts;
    if (!email->empty()) {
        auto normalised = normalise_email(*email);
        if (!normalised) {
            return at(where, pointer + "/email", normalised.error().message);
        }
        contacts.email = *normalised;
    }
    if (!mobile->empty()) {
        auto normalised = normalise_mobile(*mobile);
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
    auto channels = file_list(entry, "channels", where, pointer);
    if (!channels) {
        return channels.error();
    }
    if (*channels) {
        for (const auto& channel : **channels) {
            if (channel != "email" && channel != "sms") {
                return at(where, pointer + "/channels",
                          "unknown channel \"" + channel.substr(0, 64) + "\", expected one of: email, sms");
            }
            if ((channel == "email" && contacts.email.empty()) || (channel == "sms" && contacts.mobile.empty())) {
                return at(where, pointer + "/channels",
                          channel == "email" ? "the email channel needs an email address"
                                             : "the sms channel needs a mobile number");
            }
        }
        recipient.channels = **channels;
    } else {
        if (!contacts.email.empty()) {
            recipient.channels.emplace_back("email");
        }
        if (!contacts.mobile.empty()) {
            recipient.channels.emplace_back("sms");
        }
    }
    auto categories = file_list(entry, "categories", where, pointer);
    if (!categories) {
        return categories.error();
    }
    recipient.categories = categories->value_or(std::vector<std::string>{"certificate-expiration"});
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

Result<void> file_notification(Declarations& declarations, const json& entry, const std::string& where,
                               const std::string& pointer)
{
    if (auto keys = check_keys(entry, {"certificate", "enabled", "recipients", "milestones"}, where, pointer); !keys) {
        return keys;
    }
    DeclaredNotification notification;
    notification.address = pointer;
    auto certificate = file_string(entry, "certificate", where, pointer, true);
    if (!certificate) {
        return certificate.error();
    }
    // By id or by name.
    const auto found = std::find_if(declarations.certificates.begin(), declarations.certificates.end(),
                                    [&](const auto& c) { return c.id == *certificate || c.name == *certificate; });
    if (found == declarations.certificates.end()) {
        return at(where, pointer + "/certificate",
                  "no declared certificate has the id or name \"" + certificate->substr(0, 80) + "\"");
    }
    notification.certificate_id = found->id;
    auto enabled = file_bool(entry, "enabled", where, pointer);
    if (!enabled) {
        return enabled.error();
    }
    notification.enabled = *enabled;
    auto recipients = file_list(entry, "recipients", where, pointer);
    if (!recipients) {
        return recipients.error();
    }
    if (*recipients) {
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < (*recipients)->size(); ++i) {
            const auto& wanted = (**recipients)[i];
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
    auto milestones = file_list(entry, "milestones", where, pointer);
    if (!milestones) {
        return milestones.error();
    }
    if (*milestones) {
        notification.milestones = join(**milestones);
    }
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

Result<Declarations> parse_declarations_file(std::string_view text, const std::string& where,
                                             const std::string& base_directory)
{
    auto document = parse_json(text, where);
    if (!document) {
        return document.error();
    }
    if (auto keys = check_keys(*document, {"$schema", "certificates", "recipients", "notifications"}, where, "");
        !keys) {
        return keys.error();
    }
    Declarations declarations;
    const auto section = [&](const char* key) -> Result<const json*> {
        const auto found = document->find(key);
        if (found == document->end()) {
            return static_cast<const json*>(nullptr);
        }
        if (!found->is_array()) {
            return at(where, std::string("/") + key, "expected an array");
        }
        return &*found;
    };
    auto certificates = section("certificates");
    auto recipients = section("recipients");
    auto notifications = section("notifications");
    for (const auto* part : {&certificates, &recipients, &notifications}) {
        if (!*part) {
            return part->error();
        }
    }
    if (*certificates != nullptr) {
        for (std::size_t i = 0; i < (*certificates)->size(); ++i) {
            if (auto taken = file_certificate(declarations, (**certificates)[i], where,
                                              "/certificates/" + std::to_string(i), base_directory);
                !taken) {
                return taken.error();
            }
        }
    }
    if (*recipients != nullptr) {
        for (std::size_t i = 0; i < (*recipients)->size(); ++i) {
            if (auto taken = file_recipient(declarations, (**recipients)[i], where, "/recipients/" + std::to_string(i));
                !taken) {
                return taken.error();
            }
        }
    }
    if (*notifications != nullptr) {
        for (std::size_t i = 0; i < (*notifications)->size(); ++i) {
            if (auto taken =
                    file_notification(declarations, (**notifications)[i], where, "/notifications/" + std::to_string(i));
                !taken) {
                return taken.error();
            }
        }
    }
    if (auto checked = check_references(declarations, where); !checked) {
        return checked.error();
    }
    return declarations;
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

const DeclaredNotification* find_notification(const Declarations& declarations, std::string_view certificate_id)
{
    for (const auto& notification : declarations.notifications) {
        if (notification.certificate_id == certificate_id) {
            return &notification;
        }
    }
    return nullptr;
}

} // namespace certgate::app
