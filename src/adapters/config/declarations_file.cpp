#include "certgate/adapters/config/declarations_file.hpp"

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/core/json_syntax.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <sstream>

namespace certgate::config {
namespace {

using nlohmann::json;

Error at(const std::string& where, const std::string& pointer, const std::string& message,
         ErrorCode code = ErrorCode::input)
{
    return make_error(code, pointer.empty() ? message : pointer + ": " + message, where);
}

Result<json> parse_json(std::string_view text, const std::string& where)
{
    bool too_deep = false;
    json::parser_callback_t guard = [&](int level, json::parse_event_t event, json&) {
        if (event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) {
            too_deep = too_deep || static_cast<std::size_t>(level) + 1 > k_max_declarations_depth;
        }
        return !too_deep;
    };
    const Error deep = make_error(
        ErrorCode::limit, "JSON nested deeper than " + std::to_string(k_max_declarations_depth) + " levels", where);
    try {
        json parsed = json::parse(text.begin(), text.end(), guard);
        if (too_deep) {
            return deep;
        }
        return parsed;
    } catch (const json::parse_error& failure) {
        if (too_deep) {
            return deep;
        }
        // nlohmann counts the bytes it read, the offending one included.
        const std::size_t byte = failure.byte == 0 ? 0 : failure.byte - 1;
        return make_error(ErrorCode::input,
                          json_syntax_error(json_position_in(text, byte), json_parse_reason(failure.what())) +
                              "; expected a declarations file (schemas/declarations.schema.json)",
                          where);
    } catch (const json::exception&) {
        // nlohmann throws out_of_range for numbers no double can hold.
        return make_error(ErrorCode::input,
                          "invalid JSON: a number is out of range; expected a declarations file "
                          "(schemas/declarations.schema.json)",
                          where);
    }
}

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

// The reading of one entry: its fields by key, errors naming the key's pointer.
class Entry {
public:
    Entry(const json& object, const std::string& where, std::string pointer)
        : m_object(object), m_where(where), m_pointer(std::move(pointer))
    {
    }

    [[nodiscard]] Result<void> string(const char* key, std::string& out, bool required = false) const
    {
        const auto found = m_object.find(key);
        if (found == m_object.end()) {
            return required ? Result<void>{at(m_where, m_pointer, "missing \"" + std::string(key) + "\"")}
                            : Result<void>{};
        }
        if (!found->is_string()) {
            return at(m_where, m_pointer + "/" + key, "expected a string");
        }
        out = found->get<std::string>();
        return {};
    }

    [[nodiscard]] Result<void> boolean(const char* key, std::optional<bool>& out) const
    {
        const auto found = m_object.find(key);
        if (found == m_object.end()) {
            return {};
        }
        if (!found->is_boolean()) {
            return at(m_where, m_pointer + "/" + key, "expected true or false");
        }
        out = found->get<bool>();
        return {};
    }

    [[nodiscard]] Result<void> list(const char* key, std::optional<std::vector<std::string>>& out) const
    {
        const auto found = m_object.find(key);
        if (found == m_object.end()) {
            return {};
        }
        if (found->is_string()) {
            out = split_list(found->get<std::string>());
            return {};
        }
        if (!found->is_array()) {
            return at(m_where, m_pointer + "/" + key, "expected an array of strings");
        }
        std::vector<std::string> items;
        for (std::size_t i = 0; i < found->size(); ++i) {
            if (!(*found)[i].is_string()) {
                return at(m_where, m_pointer + "/" + key + "/" + std::to_string(i), "expected a string");
            }
            items.push_back((*found)[i].get<std::string>());
        }
        out = std::move(items);
        return {};
    }

    [[nodiscard]] const json& object() const { return m_object; }
    [[nodiscard]] const std::string& where() const { return m_where; }
    [[nodiscard]] const std::string& pointer() const { return m_pointer; }

private:
    const json& m_object;
    const std::string& m_where;
    std::string m_pointer;
};

// The first failure of a sequence of field reads, in order.
Result<void> first_failure(std::initializer_list<Result<void>> reads)
{
    for (const auto& read : reads) {
        if (!read) {
            return read;
        }
    }
    return {};
}

std::string join(const std::vector<std::string>& items)
{
    std::string joined;
    for (const auto& item : items) {
        joined += (joined.empty() ? "" : ",") + item;
    }
    return joined;
}

Result<void> read_policy(const Entry& entry, std::map<std::string, std::string>& out)
{
    const auto policy = entry.object().find("policy");
    if (policy == entry.object().end()) {
        return {};
    }
    const std::string pointer = entry.pointer() + "/policy";
    if (!policy->is_object()) {
        return at(entry.where(), pointer, "expected an object of policy settings");
    }
    const auto& names = setting_names();
    const Entry settings(*policy, entry.where(), pointer);
    for (const auto& [key, value] : policy->items()) {
        const std::string key_pointer = pointer + "/" + key;
        if (std::find(names.begin(), names.end(), key) == names.end()) {
            return at(entry.where(), key_pointer, "unknown policy setting", ErrorCode::usage);
        }
        if (value.is_string()) {
            out[key] = value.get<std::string>();
        } else if (value.is_number_integer() || value.is_number_float()) {
            out[key] = value.dump();
        } else if (value.is_array()) {
            std::optional<std::vector<std::string>> items;
            if (auto read = settings.list(key.c_str(), items); !read) {
                return read;
            }
            out[key] = join(*items);
        } else {
            return at(entry.where(), key_pointer, "expected a string, a number or an array of strings");
        }
    }
    return {};
}

Result<FileCertificate> read_certificate(const Entry& entry)
{
    if (auto keys = check_keys(entry.object(),
                               {"name", "certificate_file", "id", "not_before", "not_after", "status",
                                "expiration_notification", "policy"},
                               entry.where(), entry.pointer());
        !keys) {
        return keys.error();
    }
    FileCertificate certificate;
    certificate.pointer = entry.pointer();
    if (auto read = first_failure(
            {entry.string("name", certificate.name), entry.string("certificate_file", certificate.certificate_file),
             entry.string("id", certificate.id), entry.string("not_before", certificate.not_before),
             entry.string("not_after", certificate.not_after), entry.string("status", certificate.status),
             entry.boolean("expiration_notification", certificate.expiration_notification),
             read_policy(entry, certificate.policy)});
        !read) {
        return read.error();
    }
    return certificate;
}

Result<FileRecipient> read_recipient(const Entry& entry)
{
    if (auto keys = check_keys(entry.object(), {"name", "email", "mobile", "channels", "categories"}, entry.where(),
                               entry.pointer());
        !keys) {
        return keys.error();
    }
    FileRecipient recipient;
    recipient.pointer = entry.pointer();
    if (auto read = first_failure({entry.string("name", recipient.name), entry.string("email", recipient.email),
                                   entry.string("mobile", recipient.mobile), entry.list("channels", recipient.channels),
                                   entry.list("categories", recipient.categories)});
        !read) {
        return read.error();
    }
    return recipient;
}

Result<FileNotification> read_notification(const Entry& entry)
{
    if (auto keys = check_keys(entry.object(), {"certificate", "enabled", "recipients", "milestones"}, entry.where(),
                               entry.pointer());
        !keys) {
        return keys.error();
    }
    FileNotification notification;
    notification.pointer = entry.pointer();
    std::optional<std::vector<std::string>> milestones;
    if (auto read =
            first_failure({entry.string("certificate", notification.certificate, true),
                           entry.boolean("enabled", notification.enabled),
                           entry.list("recipients", notification.recipients), entry.list("milestones", milestones)});
        !read) {
        return read.error();
    }
    if (milestones) {
        notification.milestones = join(*milestones);
    }
    return notification;
}

// Reads every entry of the array at `key` (absent: none) with `read`.
template <typename Item, typename Read>
Result<void> read_section(const json& document, const char* key, const std::string& where, std::vector<Item>& out,
                          Read read)
{
    const auto found = document.find(key);
    if (found == document.end()) {
        return {};
    }
    const std::string pointer = std::string("/") + key;
    if (!found->is_array()) {
        return at(where, pointer, "expected an array");
    }
    for (std::size_t i = 0; i < found->size(); ++i) {
        auto item = read(Entry((*found)[i], where, pointer + "/" + std::to_string(i)));
        if (!item) {
            return item.error();
        }
        out.push_back(std::move(*item));
    }
    return {};
}

} // namespace

std::vector<std::string> split_list(const std::string& text)
{
    std::vector<std::string> items;
    if (!text.empty() && text.front() == '[') {
        const json parsed = json::parse(text, nullptr, false);
        if (parsed.is_array()) {
            for (const auto& item : parsed) {
                if (item.is_string()) {
                    items.push_back(item.get<std::string>());
                }
            }
            return items;
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

Result<DeclarationsFile> parse_declarations_file(std::string_view text, const std::string& where)
{
    auto document = parse_json(text, where);
    if (!document) {
        return document.error();
    }
    if (auto keys = check_keys(*document, {"$schema", "certificates", "recipients", "notifications"}, where, "");
        !keys) {
        return keys.error();
    }
    // Each section is checked as an array before any entry is read.
    for (const char* key : {"certificates", "recipients", "notifications"}) {
        if (const auto found = document->find(key); found != document->end() && !found->is_array()) {
            return at(where, std::string("/") + key, "expected an array");
        }
    }
    DeclarationsFile file;
    if (auto read =
            first_failure({read_section(*document, "certificates", where, file.certificates, read_certificate),
                           read_section(*document, "recipients", where, file.recipients, read_recipient),
                           read_section(*document, "notifications", where, file.notifications, read_notification)});
        !read) {
        return read.error();
    }
    return file;
}

} // namespace certgate::config
