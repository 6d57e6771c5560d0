// The JSON policy file (schemas/policy.schema.json).

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/core/json_syntax.hpp"

#include "settings.hpp"
#include "values.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

namespace certgate::config {
namespace {

using detail::Item;
using nlohmann::json;

constexpr std::string_view k_settings[] = {"$schema",
                                           "milestones",
                                           "console_reminder_days",
                                           "renewal_window_working_days",
                                           "minimum_lead_working_days",
                                           "timezone",
                                           "weekend",
                                           "holidays",
                                           "holidays_file",
                                           "extra_working_days",
                                           "extra_working_days_file",
                                           "fail_on",
                                           "renew_after_lifetime_percent",
                                           "waivers"};

constexpr std::string_view k_waiver_fields[] = {"fingerprint_sha256", "address", "subject", "reason", "until"};

// RFC 6901: "~" -> "~0", "/" -> "~1".
std::string pointer_token(std::string_view key)
{
    std::string token;
    for (char c : key) {
        if (c == '~') {
            token += "~0";
        } else if (c == '/') {
            token += "~1";
        } else {
            token += c;
        }
    }
    return token;
}

std::string joined(const auto& names)
{
    std::string text;
    for (std::string_view name : names) {
        text += (text.empty() ? "" : ", ") + std::string(name);
    }
    return text;
}

std::string got(const json& value)
{
    if (value.is_number() || value.is_boolean()) {
        return value.dump();
    }
    return detail::with_article(value.type_name());
}

// Refuses nesting deeper than the limit before the parser sees it.
Result<void> check_depth(std::string_view text, const std::string& where)
{
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > k_max_policy_depth) {
                const JsonPosition position = json_position_in(text, i);
                return make_error(
                    ErrorCode::limit,
                    "arrays and objects nested deeper than " + std::to_string(k_max_policy_depth) + " levels",
                    where + ": line " + std::to_string(position.line) + ", column " + std::to_string(position.column));
            }
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return {};
}

class PolicyReader {
public:
    PolicyReader(std::string where, std::string base) : m_where(std::move(where)), m_base(std::move(base)) {}

    Result<LoadedPolicy> read(const json& root);

private:
    Error at(const std::string& pointer, ErrorCode code, const std::string& message) const
    {
        return make_error(code, message, m_where + ": " + pointer);
    }
    Error located(const Error& error, const std::string& pointer) const
    {
        return make_error(error.code, error.message, m_where + ": " + (error.where.empty() ? pointer : error.where));
    }
    Result<std::string> string_at(const json& value, const std::string& pointer) const;
    Result<std::vector<Item>> strings_at(const json& value, const std::string& pointer) const;
    Result<int> count_at(const json& value, const std::string& pointer) const;
    Result<std::vector<std::string>> paths_at(const json& value, const std::string& pointer) const;
    Result<void> setting(std::string_view key, const json& value, LoadedPolicy& loaded) const;
    Result<Waiver> waiver(const json& value, const std::string& pointer) const;

    std::string m_where;
    std::string m_base;
};

Result<std::string> PolicyReader::string_at(const json& value, const std::string& pointer) const
{
    if (!value.is_string()) {
        return at(pointer, ErrorCode::usage, "expected a string, got " + got(value));
    }
    return value.get<std::string>();
}

Result<std::vector<Item>> PolicyReader::strings_at(const json& value, const std::string& pointer) const
{
    if (!value.is_array()) {
        return at(pointer, ErrorCode::usage, "expected an array of strings, got " + got(value));
    }
    std::vector<Item> items;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string item_pointer = pointer + "/" + std::to_string(i);
        auto text = string_at(value[i], item_pointer);
        if (!text) {
            return text.error();
        }
        items.push_back({*text, item_pointer});
    }
    return items;
}

Result<int> PolicyReader::count_at(const json& value, const std::string& pointer) const
{
    const std::string expected = "expected a whole number from 0 to " + std::to_string(detail::k_max_days);
    if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(detail::k_max_days)) {
            return at(pointer, ErrorCode::usage, expected + ", got " + value.dump());
        }
        return static_cast<int>(number);
    }
    if (value.is_number_integer()) {
        auto count = detail::check_count(value.get<long long>());
        if (!count) {
            return located(count.error(), pointer);
        }
        return *count;
    }
    return at(pointer, ErrorCode::usage, expected + ", got " + got(value));
}

Result<std::vector<std::string>> PolicyReader::paths_at(const json& value, const std::string& pointer) const
{
    std::vector<std::string> paths;
    if (value.is_string()) {
        paths.push_back(value.get<std::string>());
    } else if (value.is_array()) {
        auto items = strings_at(value, pointer);
        if (!items) {
            return items.error();
        }
        for (const Item& item : *items) {
            paths.push_back(item.text);
        }
    } else {
        return at(pointer, ErrorCode::usage, "expected a path or an array of paths, got " + got(value));
    }
    return paths;
}

Result<Waiver> PolicyReader::waiver(const json& value, const std::string& pointer) const
{
    if (!value.is_object()) {
        return at(pointer, ErrorCode::usage, "expected an object, got " + got(value));
    }
    Waiver waiver;
    int matchers = 0;
    bool has_until = false;
    for (const auto& [key, field] : value.items()) {
        const std::string field_pointer = pointer + "/" + pointer_token(key);
        if (std::find(std::begin(k_waiver_fields), std::end(k_waiver_fields), key) == std::end(k_waiver_fields)) {
            return at(field_pointer, ErrorCode::usage,
                      "unknown waiver field, expected one of: " + joined(k_waiver_fields));
        }
        auto text = string_at(field, field_pointer);
        if (!text) {
            return text.error();
        }
        if (text->empty()) {
            return at(field_pointer, ErrorCode::usage, "must not be empty");
        }
        if (key == "fingerprint_sha256") {
            std::string hex;
            for (char c : *text) {
                if (c != ':') {
                    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                }
            }
            if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
                return at(field_pointer, ErrorCode::usage,
                          "invalid fingerprint, expected 64 hexadecimal digits (SHA-256), colons allowed");
            }
            waiver.fingerprint_sha256 = hex;
            ++matchers;
        } else if (key == "address") {
            waiver.address = *text;
            ++matchers;
        } else if (key == "subject") {
            waiver.subject = *text;
            ++matchers;
        } else if (key == "reason") {
            waiver.reason = *text;
        } else {
            auto date = parse_date(*text);
            if (!date) {
                return located(date.error(), field_pointer);
            }
            waiver.until = *date;
            has_until = true;
        }
    }
    if (matchers != 1) {
        return at(pointer, ErrorCode::usage,
                  std::string(matchers == 0 ? "no" : "more than one") +
                      " match field: give exactly one of fingerprint_sha256, address or subject");
    }
    if (waiver.reason.empty()) {
        return at(pointer, ErrorCode::usage, "missing \"reason\": every waiver says why it is accepted");
    }
    if (!has_until) {
        return at(pointer, ErrorCode::usage,
                  "missing \"until\": expected the last date on which the waiver applies (YYYY-MM-DD)");
    }
    return waiver;
}

Result<void> PolicyReader::setting(std::string_view key, const json& value, LoadedPolicy& loaded) const
{
    Policy& policy = loaded.policy;
    const std::string pointer = "/" + pointer_token(key);
    if (key == "$schema") {
        auto text = string_at(value, pointer);
        return text ? Result<void>{} : Result<void>{text.error()};
    }
    if (int* target = detail::count_setting(policy, key); target != nullptr) {
        auto count = count_at(value, pointer);
        if (!count) {
            return count.error();
        }
        *target = *count;
        return {};
    }
    if (key == "renew_after_lifetime_percent") {
        if (!value.is_number()) {
            return at(pointer, ErrorCode::usage,
                      "expected a number greater than 0 and less than 100, got " + got(value));
        }
        auto percent = detail::check_percent(value.get<double>());
        if (!percent) {
            return at(pointer, ErrorCode::usage, percent.error().message + ", got " + value.dump());
        }
        policy.renew_after_lifetime_percent = *percent;
        return {};
    }
    if (key == "timezone" || key == "fail_on") {
        auto text = string_at(value, pointer);
        if (!text) {
            return text.error();
        }
        auto set = key == "timezone" ? detail::set_timezone(policy, *text) : detail::set_fail_on(policy, *text);
        return set ? Result<void>{} : Result<void>{located(set.error(), pointer)};
    }
    if (key == "holidays_file" || key == "extra_working_days_file") {
        auto paths = paths_at(value, pointer);
        if (!paths) {
            return paths.error();
        }
        std::set<Date>& dates = key == "holidays_file" ? policy.calendar.holidays : policy.calendar.extra_working_days;
        for (std::size_t i = 0; i < paths->size(); ++i) {
            if (auto added = detail::add_date_file(dates, (*paths)[i], m_base); !added) {
                return located(added.error(), value.is_array() ? pointer + "/" + std::to_string(i) : pointer);
            }
        }
        return {};
    }
    if (key == "waivers") {
        if (!value.is_array()) {
            return at(pointer, ErrorCode::usage, "expected an array of waivers, got " + got(value));
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            auto waiver = this->waiver(value[i], pointer + "/" + std::to_string(i));
            if (!waiver) {
                return waiver.error();
            }
            loaded.waivers.push_back(*waiver);
        }
        return {};
    }
    auto items = strings_at(value, pointer);
    if (!items) {
        return items.error();
    }
    Result<void> applied;
    if (key == "milestones") {
        applied = detail::set_milestones(policy, *items);
    } else if (key == "weekend") {
        applied = detail::set_weekend(policy, *items);
    } else if (key == "holidays") {
        applied = detail::add_dates(policy.calendar.holidays, *items);
    } else {
        applied = detail::add_dates(policy.calendar.extra_working_days, *items);
    }
    return applied ? Result<void>{} : Result<void>{located(applied.error(), pointer)};
}

Result<LoadedPolicy> PolicyReader::read(const json& root)
{
    if (!root.is_object()) {
        return make_error(ErrorCode::usage, "expected a JSON object of policy settings, got " + got(root), m_where);
    }
    for (const auto& [key, value] : root.items()) {
        if (std::find(std::begin(k_settings), std::end(k_settings), key) == std::end(k_settings)) {
            return at("/" + pointer_token(key), ErrorCode::usage,
                      "unknown setting, expected one of: " + joined(k_settings));
        }
    }
    LoadedPolicy loaded;
    for (const auto& [key, value] : root.items()) {
        if (auto applied = setting(key, value, loaded); !applied) {
            return applied.error();
        }
    }
    if (auto valid = validate_policy(loaded.policy); !valid) {
        return at("/" + valid.error().where, valid.error().code, valid.error().message);
    }
    return loaded;
}

Result<LoadedPolicy> parse(std::string_view text, const std::string& where, const std::string& base)
{
    if (text.size() > k_max_policy_file_bytes) {
        return make_error(
            ErrorCode::limit,
            "the policy file is larger than the limit of " + std::to_string(k_max_policy_file_bytes) + " bytes", where);
    }
    if (auto depth = check_depth(text, where); !depth) {
        return depth.error();
    }
    // Duplicate keys are refused: with JSON's "last one wins" a repeated
    // setting would silently hide the first.
    std::vector<std::set<std::string>> open_objects;
    std::optional<std::string> duplicate;
    const json::parser_callback_t track_keys = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start) {
            open_objects.emplace_back();
        } else if (event == json::parse_event_t::object_end && !open_objects.empty()) {
            open_objects.pop_back();
        } else if (event == json::parse_event_t::key && !open_objects.empty() && !duplicate) {
            const auto key = parsed.get<std::string>();
            if (!open_objects.back().insert(key).second) {
                duplicate = key;
            }
        }
        return true;
    };
    json root;
    try {
        root = json::parse(text.begin(), text.end(), track_keys);
    } catch (const json::parse_error& failure) {
        // nlohmann counts the bytes it read, the offending one included.
        const std::size_t byte = failure.byte == 0 ? 0 : failure.byte - 1;
        return make_error(ErrorCode::input,
                          json_syntax_error(json_position_in(text, byte), json_parse_reason(failure.what())), where);
    } catch (const json::exception&) {
        // nlohmann throws out_of_range for numbers no double can hold; its
        // message would quote the number.
        return make_error(ErrorCode::input, "invalid JSON: a number is out of range", where);
    }
    if (duplicate) {
        return make_error(ErrorCode::usage, "the key \"" + duplicate->substr(0, 64) + "\" appears twice in one object",
                          where);
    }
    return PolicyReader{where, base}.read(root);
}

} // namespace

Result<LoadedPolicy> load_policy_file(const std::string& path)
{
    auto text = detail::read_bounded_file(path, k_max_policy_file_bytes, "policy file");
    if (!text) {
        return text.error();
    }
    return parse(*text, path, std::filesystem::path{path}.parent_path().string());
}

Result<LoadedPolicy> parse_policy_json(std::string_view text, const std::string& where)
{
    return parse(text, where, "");
}

} // namespace certgate::config
