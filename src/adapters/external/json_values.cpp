#include "certgate/adapters/external/json_values.hpp"

#include <nlohmann/json.hpp>

namespace certgate::external {

namespace {
using nlohmann::json;
using ordered = nlohmann::ordered_json;
} // namespace

std::string encode_string_list(const std::vector<std::string>& items)
{
    return json(items).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode_object_list(const std::vector<JsonFields>& objects)
{
    ordered list = ordered::array();
    for (const JsonFields& fields : objects) {
        ordered object = ordered::object();
        for (const auto& [key, value] : fields) {
            object[key] = value;
        }
        list.push_back(std::move(object));
    }
    return list.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

Result<std::vector<std::string>> decode_string_list(std::string_view text)
{
    json value;
    try {
        value = json::parse(text);
    } catch (const json::exception&) {
        return make_error(ErrorCode::usage, "invalid JSON list; expected a JSON list of strings such as "
                                            "[\"a\",\"b\"] or a comma-separated string");
    }
    if (!value.is_array()) {
        return make_error(ErrorCode::usage, "expected a JSON list of strings such as [\"a\",\"b\"]");
    }
    std::vector<std::string> items;
    for (const json& item : value) {
        if (!item.is_string()) {
            return make_error(ErrorCode::usage, "every item of the JSON list must be a string");
        }
        items.push_back(item.get<std::string>());
    }
    return items;
}

} // namespace certgate::external
