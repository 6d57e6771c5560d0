#pragma once
// Terraform's value model as the plugin protocol carries it (cty): types,
// values that may be null or unknown, attribute paths, diagnostics and
// schemas. Plain data, no I/O: the msgpack adapter turns these into
// DynamicValue bytes, the gRPC adapter into protocol messages, and the app's
// provider decides with them. Known-ness is part of the value because a
// plan may hold results only apply can produce.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace certgate::terraform_value {

struct Type;
/// Types are shared and never change once built.
using TypePtr = std::shared_ptr<const Type>;

enum class TypeKind { string, number, boolean, list, set, map, object, tuple, dynamic };

/// A cty type. `element` for list, set and map; `attributes` (sorted by name,
/// unique) for object; `elements` for tuple.
struct Type {
    TypeKind kind = TypeKind::dynamic;
    TypePtr element;
    std::vector<std::pair<std::string, TypePtr>> attributes;
    std::vector<TypePtr> elements;
};

enum class ValueKind { null, unknown, boolean, number, string, list, set, map, object, tuple };

/// A cty value. Numbers are doubles: certgate's numbers are counts of days
/// and seconds, far inside the exact range. `items` holds list, set and tuple
/// elements; `fields` (sorted by key, unique) holds map entries and object
/// attributes.
struct Value {
    ValueKind kind = ValueKind::null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<Value> items;
    std::vector<std::pair<std::string, Value>> fields;

    // Declared here and defaulted after the class: clang cannot complete
    // std::pair<std::string, Value> while it defines Value's implicit members.
    Value();
    Value(const Value&);
    Value(Value&&) noexcept;
    Value& operator=(const Value&);
    Value& operator=(Value&&) noexcept;
    ~Value();
};
inline Value::Value() = default;
inline Value::Value(const Value&) = default;
inline Value::Value(Value&&) noexcept = default;
inline Value& Value::operator=(const Value&) = default;
inline Value& Value::operator=(Value&&) noexcept = default;
inline Value::~Value() = default;

/// One step of an attribute path: an attribute name, a map key or a list
/// index.
struct PathStep {
    enum class Kind { attribute, key, index };
    Kind kind = Kind::attribute;
    std::string name; ///< attribute name or map key
    std::int64_t index = 0;
};
using AttributePath = std::vector<PathStep>;

enum class Severity { error, warning };

/// What Terraform prints under "Error:" or "Warning:", pointing at
/// `attribute` when it is not empty.
struct Diagnostic {
    Severity severity = Severity::error;
    std::string summary;
    std::string detail;
    AttributePath attribute;
};
using Diagnostics = std::vector<Diagnostic>;

/// One attribute of a schema block. Exactly one of required, optional,
/// computed-only is meant; optional together with computed is allowed.
struct Attribute {
    std::string name;
    TypePtr type;
    std::string description;
    bool required = false;
    bool optional = false;
    bool computed = false;
    bool sensitive = false;
};

/// The schema of the provider block, a resource or a data source: one block
/// of attributes (nested data is an attribute of list-of-object type).
struct Schema {
    std::int64_t version = 0;
    std::string description;
    std::vector<Attribute> attributes;
};

// --- Building and reading values --------------------------------------
// Small helpers both sides of the contract use, so that the provider and
// the wire adapter build types and values the same way.

/// The primitive types, shared.
[[nodiscard]] TypePtr string_type();
[[nodiscard]] TypePtr number_type();
[[nodiscard]] TypePtr bool_type();
[[nodiscard]] TypePtr dynamic_type();
/// list(element), set(element), map(element).
[[nodiscard]] TypePtr list_of(TypePtr element);
[[nodiscard]] TypePtr set_of(TypePtr element);
[[nodiscard]] TypePtr map_of(TypePtr element);
/// object({name = type, …}); the attributes are sorted by name here.
[[nodiscard]] TypePtr object_of(std::vector<std::pair<std::string, TypePtr>> attributes);

[[nodiscard]] Value null_value();
[[nodiscard]] Value unknown_value();
[[nodiscard]] Value string_value(std::string text);
[[nodiscard]] Value number_value(double number);
[[nodiscard]] Value bool_value(bool boolean);
[[nodiscard]] Value list_value(std::vector<Value> items);
/// An object value; the fields are sorted by name here (names must be unique).
[[nodiscard]] Value object_value(std::vector<std::pair<std::string, Value>> fields);

/// The attribute `name` of an object (or the entry of a map), nullptr when
/// absent or when `object` holds no fields. Logarithmic in the field count.
[[nodiscard]] const Value* find_field(const Value& object, std::string_view name);

/// True when neither `value` nor anything inside it is unknown.
[[nodiscard]] bool is_wholly_known(const Value& value);

/// An attribute path of one attribute name.
[[nodiscard]] AttributePath attribute_path(std::string name);

} // namespace certgate::terraform_value
