#include "certgate/adapters/tfjson/value_json.hpp"

#include <nlohmann/json.hpp>

namespace certgate::tfjson {

namespace {

namespace tv = terraform_value;
using nlohmann::json;

constexpr std::size_t k_max_json_bytes = 16U * 1024U * 1024U;

Result<tv::Value> convert(const json& node, const tv::Type& type, const std::string& pointer)
{
    const auto mismatch = [&](std::string_view expected) {
        return make_error(ErrorCode::input, "expected " + std::string(expected), pointer.empty() ? "/" : pointer);
    };
    if (node.is_null()) {
        return tv::null_value();
    }
    switch (type.kind) {
    case tv::TypeKind::string:
        if (!node.is_string()) {
            return mismatch("a string");
        }
        return tv::string_value(node.get<std::string>());
    case tv::TypeKind::number:
        if (!node.is_number()) {
            return mismatch("a number");
        }
        return tv::number_value(node.get<double>());
    case tv::TypeKind::boolean:
        if (!node.is_boolean()) {
            return mismatch("true or false");
        }
        return tv::bool_value(node.get<bool>());
    case tv::TypeKind::list:
    case tv::TypeKind::set: {
        if (!node.is_array()) {
            return mismatch("an array");
        }
        std::vector<tv::Value> items;
        items.reserve(node.size());
        for (std::size_t i = 0; i < node.size(); ++i) {
            auto item = convert(node[i], *type.element, pointer + "/" + std::to_string(i));
            if (!item) {
                return item.error();
            }
            items.push_back(std::move(item).value());
        }
        tv::Value value = tv::list_value(std::move(items));
        value.kind = type.kind == tv::TypeKind::set ? tv::ValueKind::set : tv::ValueKind::list;
        return value;
    }
    case tv::TypeKind::map: {
        if (!node.is_object()) {
            return mismatch("an object");
        }
        std::vector<std::pair<std::string, tv::Value>> fields;
        for (const auto& [key, item] : node.items()) {
            auto converted = convert(item, *type.element, pointer + "/" + key);
            if (!converted) {
                return converted.error();
            }
            fields.emplace_back(key, std::move(converted).value());
        }
        tv::Value value = tv::object_value(std::move(fields));
        value.kind = tv::ValueKind::map;
        return value;
    }
    case tv::TypeKind::object: {
        if (!node.is_object()) {
            return mismatch("an object");
        }
        std::vector<std::pair<std::string, tv::Value>> fields;
        for (const auto& [name, attribute_type] : type.attributes) {
            const auto found = node.find(name);
            if (found == node.end()) {
                fields.emplace_back(name, tv::null_value());
                continue;
            }
            auto converted = convert(*found, *attribute_type, pointer + "/" + name);
            if (!converted) {
                return converted.error();
            }
            fields.emplace_back(name, std::move(converted).value());
        }
        return tv::object_value(std::move(fields));
    }
    case tv::TypeKind::tuple:
    case tv::TypeKind::dynamic:
        break;
    }
    return mismatch("a value of a type certgate does not use (tuple or dynamic)");
}

} // namespace

Result<tv::Value> value_from_json(std::string_view text, const tv::TypePtr& type)
{
    if (text.size() > k_max_json_bytes) {
        return make_error(ErrorCode::limit, "larger than 16 MiB", "state");
    }
    // nlohmann's parser keeps its own stack; convert() recurses only as deep
    // as the schema's type, whatever the text holds.
    json node;
    try {
        node = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& error) {
        return make_error(ErrorCode::input, "not valid JSON (at byte " + std::to_string(error.byte) + ")", "state");
    } catch (const json::exception&) {
        // A number beyond a double's range (out_of_range, found by the fuzzer).
        return make_error(ErrorCode::input, "not valid JSON (a number out of range)", "state");
    }
    return convert(node, *type, "");
}

} // namespace certgate::tfjson
