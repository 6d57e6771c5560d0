#include "certgate/adapters/msgpack/type_json.hpp"

#include "certgate/adapters/msgpack/dynamic_value.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace certgate::msgpack_value {
namespace tv = terraform_value;
namespace {

using Json = nlohmann::json;

Json to_json(const tv::Type& type)
{
    switch (type.kind) {
    case tv::TypeKind::string:
        return "string";
    case tv::TypeKind::number:
        return "number";
    case tv::TypeKind::boolean:
        return "bool";
    case tv::TypeKind::dynamic:
        return "dynamic";
    case tv::TypeKind::list:
        return Json::array({"list", to_json(*type.element)});
    case tv::TypeKind::set:
        return Json::array({"set", to_json(*type.element)});
    case tv::TypeKind::map:
        return Json::array({"map", to_json(*type.element)});
    case tv::TypeKind::object: {
        Json attributes = Json::object();
        for (const auto& [name, attribute] : type.attributes) {
            attributes[name] = to_json(*attribute);
        }
        return Json::array({"object", attributes});
    }
    case tv::TypeKind::tuple: {
        Json elements = Json::array();
        for (const auto& element : type.elements) {
            elements.push_back(to_json(*element));
        }
        return Json::array({"tuple", elements});
    }
    }
    return "dynamic";
}

Error bad_type(const std::string& why)
{
    return make_error(ErrorCode::input, "type constraint: " + why);
}

Result<tv::TypePtr> from_json(const Json& json, std::size_t depth)
{
    if (depth > k_max_depth) {
        return make_error(ErrorCode::limit, "type constraint nested deeper than " + std::to_string(k_max_depth));
    }
    auto type = std::make_shared<tv::Type>();
    if (json.is_string()) {
        const auto& name = json.get_ref<const std::string&>();
        if (name == "string") {
            type->kind = tv::TypeKind::string;
        } else if (name == "number") {
            type->kind = tv::TypeKind::number;
        } else if (name == "bool") {
            type->kind = tv::TypeKind::boolean;
        } else if (name == "dynamic") {
            type->kind = tv::TypeKind::dynamic;
        } else {
            return bad_type("unknown primitive type, expected one of: string, number, bool, dynamic");
        }
        return tv::TypePtr(type);
    }
    if (!json.is_array() || json.size() != 2 || !json[0].is_string()) {
        return bad_type("expected a type name or a [kind, argument] pair");
    }
    const auto& kind = json[0].get_ref<const std::string&>();
    const Json& argument = json[1];
    if (kind == "list" || kind == "set" || kind == "map") {
        type->kind = kind == "list" ? tv::TypeKind::list : kind == "set" ? tv::TypeKind::set : tv::TypeKind::map;
        auto element = from_json(argument, depth + 1);
        if (!element) {
            return element.error();
        }
        type->element = std::move(element.value());
    } else if (kind == "object") {
        if (!argument.is_object()) {
            return bad_type("an object type takes an object of attribute types");
        }
        type->kind = tv::TypeKind::object;
        for (const auto& [name, attribute_json] : argument.items()) {
            auto attribute = from_json(attribute_json, depth + 1);
            if (!attribute) {
                return attribute.error();
            }
            type->attributes.emplace_back(name, std::move(attribute.value()));
        }
        // nlohmann's object keeps keys sorted and unique already.
    } else if (kind == "tuple") {
        if (!argument.is_array()) {
            return bad_type("a tuple type takes an array of element types");
        }
        type->kind = tv::TypeKind::tuple;
        for (const auto& element_json : argument) {
            auto element = from_json(element_json, depth + 1);
            if (!element) {
                return element.error();
            }
            type->elements.push_back(std::move(element.value()));
        }
    } else {
        return bad_type("unknown type kind, expected one of: list, set, map, object, tuple");
    }
    return tv::TypePtr(type);
}

} // namespace

std::string type_json(const tv::Type& type)
{
    return to_json(type).dump();
}

Result<tv::TypePtr> parse_type_json(std::string_view json)
{
    // Nesting is bounded before the tree is built: nlohmann's parser recurses.
    std::size_t depth = 0;
    for (char c : json) {
        if (c == '[' || c == '{') {
            if (++depth > 2 * k_max_depth + 2) {
                return make_error(ErrorCode::limit,
                                  "type constraint nested deeper than " + std::to_string(k_max_depth));
            }
        } else if (c == ']' || c == '}') {
            depth = depth == 0 ? 0 : depth - 1;
        }
    }
    Json parsed = Json::parse(json, nullptr, false);
    if (parsed.is_discarded()) {
        return bad_type("not JSON");
    }
    return from_json(parsed, 0);
}

tv::TypePtr object_type_of(const tv::Schema& schema)
{
    auto type = std::make_shared<tv::Type>();
    type->kind = tv::TypeKind::object;
    for (const auto& attribute : schema.attributes) {
        type->attributes.emplace_back(attribute.name, attribute.type);
    }
    std::sort(type->attributes.begin(), type->attributes.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return type;
}

} // namespace certgate::msgpack_value
