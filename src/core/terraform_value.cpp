#include "certgate/core/terraform_value.hpp"

#include <algorithm>

namespace certgate::terraform_value {

namespace {

TypePtr make_type(TypeKind kind, TypePtr element = nullptr)
{
    auto type = std::make_shared<Type>();
    type->kind = kind;
    type->element = std::move(element);
    return type;
}

} // namespace

TypePtr string_type()
{
    static const TypePtr type = make_type(TypeKind::string);
    return type;
}

TypePtr number_type()
{
    static const TypePtr type = make_type(TypeKind::number);
    return type;
}

TypePtr bool_type()
{
    static const TypePtr type = make_type(TypeKind::boolean);
    return type;
}

TypePtr dynamic_type()
{
    static const TypePtr type = make_type(TypeKind::dynamic);
    return type;
}

TypePtr list_of(TypePtr element)
{
    return make_type(TypeKind::list, std::move(element));
}

TypePtr set_of(TypePtr element)
{
    return make_type(TypeKind::set, std::move(element));
}

TypePtr map_of(TypePtr element)
{
    return make_type(TypeKind::map, std::move(element));
}

TypePtr object_of(std::vector<std::pair<std::string, TypePtr>> attributes)
{
    std::sort(attributes.begin(), attributes.end(),
              [](const auto& left, const auto& right) { return left.first < right.first; });
    auto type = std::make_shared<Type>();
    type->kind = TypeKind::object;
    type->attributes = std::move(attributes);
    return type;
}

Value null_value()
{
    return Value{};
}

Value unknown_value()
{
    Value value;
    value.kind = ValueKind::unknown;
    return value;
}

Value string_value(std::string text)
{
    Value value;
    value.kind = ValueKind::string;
    value.string = std::move(text);
    return value;
}

Value number_value(double number)
{
    Value value;
    value.kind = ValueKind::number;
    value.number = number;
    return value;
}

Value bool_value(bool boolean)
{
    Value value;
    value.kind = ValueKind::boolean;
    value.boolean = boolean;
    return value;
}

Value list_value(std::vector<Value> items)
{
    Value value;
    value.kind = ValueKind::list;
    value.items = std::move(items);
    return value;
}

Value object_value(std::vector<std::pair<std::string, Value>> fields)
{
    std::sort(fields.begin(), fields.end(),
              [](const auto& left, const auto& right) { return left.first < right.first; });
    Value value;
    value.kind = ValueKind::object;
    value.fields = std::move(fields);
    return value;
}

const Value* find_field(const Value& object, std::string_view name)
{
    const auto found = std::lower_bound(object.fields.begin(), object.fields.end(), name,
                                        [](const auto& field, std::string_view key) { return field.first < key; });
    if (found == object.fields.end() || found->first != name) {
        return nullptr;
    }
    return &found->second;
}

bool is_wholly_known(const Value& value)
{
    if (value.kind == ValueKind::unknown) {
        return false;
    }
    return std::all_of(value.items.begin(), value.items.end(),
                       [](const Value& item) { return is_wholly_known(item); }) &&
           std::all_of(value.fields.begin(), value.fields.end(),
                       [](const auto& field) { return is_wholly_known(field.second); });
}

AttributePath attribute_path(std::string name)
{
    PathStep step;
    step.kind = PathStep::Kind::attribute;
    step.name = std::move(name);
    return {std::move(step)};
}

} // namespace certgate::terraform_value
