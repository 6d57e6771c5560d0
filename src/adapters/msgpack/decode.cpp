#include "certgate/adapters/msgpack/dynamic_value.hpp"
#include "certgate/adapters/msgpack/type_json.hpp"

#include "msgpack_tree.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace certgate::msgpack_value {
namespace tv = terraform_value;
using detail::Node;
namespace {

// Walks the msgpack tree against the type, keeping the attribute path of
// the value at hand for error messages.
class Decoder {
public:
    Result<tv::Value> value(const Node& node, const tv::Type& type)
    {
        tv::Value out;
        if (node.kind == Node::Kind::extension) {
            // Every extension is an unknown value; code 12's refinements
            // (prefix, bounds) are not needed by certgate and are ignored.
            out.kind = tv::ValueKind::unknown;
            return out;
        }
        if (node.kind == Node::Kind::nil) {
            return out;
        }
        switch (type.kind) {
        case tv::TypeKind::string:
            if (node.kind != Node::Kind::string) {
                return mismatch("a string");
            }
            out.kind = tv::ValueKind::string;
            out.string = std::string(node.bytes);
            return out;
        case tv::TypeKind::number:
            return number(node);
        case tv::TypeKind::boolean:
            if (node.kind != Node::Kind::boolean) {
                return mismatch("a bool");
            }
            out.kind = tv::ValueKind::boolean;
            out.boolean = node.boolean;
            return out;
        case tv::TypeKind::list:
        case tv::TypeKind::set:
            out.kind = type.kind == tv::TypeKind::list ? tv::ValueKind::list : tv::ValueKind::set;
            return elements(
                node, [&](std::size_t) { return type.element.get(); }, std::move(out));
        case tv::TypeKind::tuple:
            if (node.kind == Node::Kind::array && node.children.size() != type.elements.size()) {
                return fail("expected a tuple of " + std::to_string(type.elements.size()) + " elements");
            }
            out.kind = tv::ValueKind::tuple;
            return elements(
                node, [&](std::size_t i) { return type.elements[i].get(); }, std::move(out));
        case tv::TypeKind::map:
            return map(node, *type.element);
        case tv::TypeKind::object:
            return object(node, type);
        case tv::TypeKind::dynamic:
            return dynamic(node);
        }
        return fail("unsupported type");
    }

private:
    Result<tv::Value> number(const Node& node)
    {
        tv::Value out;
        out.kind = tv::ValueKind::number;
        switch (node.kind) {
        case Node::Kind::unsigned_integer:
            out.number = static_cast<double>(node.unsigned_integer);
            return out;
        case Node::Kind::signed_integer:
            out.number = static_cast<double>(node.signed_integer);
            return out;
        case Node::Kind::floating:
            out.number = node.floating;
            break;
        case Node::Kind::string: {
            // Numbers too long for a float64 mantissa travel as decimal text.
            const char* end = node.bytes.data() + node.bytes.size();
            auto [stop, failure] = std::from_chars(node.bytes.data(), end, out.number);
            if (failure != std::errc{} || stop != end) {
                return fail("expected a number, got text that is not a decimal number");
            }
            break;
        }
        default:
            return mismatch("a number");
        }
        if (!std::isfinite(out.number)) {
            return fail("expected a finite number");
        }
        return out;
    }

    template <typename ElementType>
    Result<tv::Value> elements(const Node& node, ElementType element_type, tv::Value out)
    {
        if (node.kind != Node::Kind::array) {
            return mismatch("an array");
        }
        out.items.reserve(node.children.size());
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            m_path.push_back("[" + std::to_string(i) + "]");
            auto item = value(node.children[i], *element_type(i));
            if (!item) {
                return item.error();
            }
            m_path.pop_back();
            out.items.push_back(std::move(item.value()));
        }
        return out;
    }

    Result<tv::Value> map(const Node& node, const tv::Type& element)
    {
        if (node.kind != Node::Kind::map) {
            return mismatch("a map");
        }
        tv::Value out;
        out.kind = tv::ValueKind::map;
        out.fields.reserve(node.children.size() / 2);
        for (std::size_t i = 0; i + 1 < node.children.size(); i += 2) {
            const Node& key = node.children[i];
            if (key.kind != Node::Kind::string) {
                return fail("expected string map keys");
            }
            m_path.push_back("[\"" + std::string(key.bytes) + "\"]");
            auto item = value(node.children[i + 1], element);
            if (!item) {
                return item.error();
            }
            m_path.pop_back();
            out.fields.emplace_back(std::string(key.bytes), std::move(item.value()));
        }
        std::sort(out.fields.begin(), out.fields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        auto duplicate = std::adjacent_find(out.fields.begin(), out.fields.end(),
                                            [](const auto& a, const auto& b) { return a.first == b.first; });
        if (duplicate != out.fields.end()) {
            return fail("map key \"" + duplicate->first + "\" appears twice");
        }
        return out;
    }

    Result<tv::Value> object(const Node& node, const tv::Type& type)
    {
        if (node.kind != Node::Kind::map) {
            return mismatch("an object (a map of attributes)");
        }
        tv::Value out;
        out.kind = tv::ValueKind::object;
        // Attributes absent from the map are null, in the type's order.
        out.fields.reserve(type.attributes.size());
        std::vector<bool> seen(type.attributes.size(), false);
        for (const auto& [name, attribute_type] : type.attributes) {
            out.fields.emplace_back(name, tv::Value{});
        }
        for (std::size_t i = 0; i + 1 < node.children.size(); i += 2) {
            const Node& key = node.children[i];
            if (key.kind != Node::Kind::string) {
                return fail("expected string attribute names");
            }
            auto found =
                std::lower_bound(type.attributes.begin(), type.attributes.end(), key.bytes,
                                 [](const auto& attribute, std::string_view name) { return attribute.first < name; });
            if (found == type.attributes.end() || found->first != key.bytes) {
                return fail("entry " + std::to_string(i / 2) + " names an attribute the schema does not declare");
            }
            auto index = static_cast<std::size_t>(found - type.attributes.begin());
            if (seen[index]) {
                return fail("attribute \"" + found->first + "\" appears twice");
            }
            seen[index] = true;
            m_path.push_back("." + found->first);
            auto item = value(node.children[i + 1], *found->second);
            if (!item) {
                return item.error();
            }
            m_path.pop_back();
            out.fields[index].second = std::move(item.value());
        }
        return out;
    }

    Result<tv::Value> dynamic(const Node& node)
    {
        if (node.kind != Node::Kind::array || node.children.size() != 2 ||
            (node.children[0].kind != Node::Kind::binary && node.children[0].kind != Node::Kind::string)) {
            return mismatch("a dynamic value ([type JSON, value])");
        }
        auto type = parse_type_json(node.children[0].bytes);
        if (!type) {
            return fail(type.error().message);
        }
        return value(node.children[1], *type.value());
    }

    Error mismatch(const std::string& expected) { return fail("expected " + expected); }
    Error fail(const std::string& why)
    {
        std::string where;
        for (const auto& step : m_path) {
            where += step;
        }
        return make_error(ErrorCode::input, "dynamic value: " + why, where.empty() ? "." : where);
    }

    std::vector<std::string> m_path;
};

} // namespace

Result<tv::Value> decode(std::string_view bytes, const tv::Type& type)
{
    auto tree = detail::read_tree(bytes);
    if (!tree) {
        Error error = tree.error();
        error.message = "dynamic value: " + error.message;
        return error;
    }
    return Decoder{}.value(tree.value(), type);
}

} // namespace certgate::msgpack_value
