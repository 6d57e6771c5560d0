#pragma once
// Fuzzes the DynamicValue reader (adapters/msgpack): any bytes decoded
// against a fixed object type (the shape of certgate's data sources: nested
// objects, lists, sets, maps, numbers, bools, a tuple) and against the
// dynamic type ([type JSON, value] pairs, so the type constraint parser is
// reached too). Whatever decodes against the fixed type must encode and
// decode again to the same value, else the harness aborts.
// Shared by the harness (msgpack_value_fuzzer.cpp) and the replay of its
// kept inputs in the normal suite (tests/unit/app/fuzz_regressions_test.cpp).

#include "certgate/adapters/msgpack/dynamic_value.hpp"
#include "certgate/adapters/msgpack/type_json.hpp"

#include <cmath>
#include <cstdlib>
#include <string_view>

namespace certgate::fuzz {
namespace detail {

inline bool same_value(const terraform_value::Value& a, const terraform_value::Value& b)
{
    if (a.kind != b.kind || a.boolean != b.boolean || a.string != b.string || a.items.size() != b.items.size() ||
        a.fields.size() != b.fields.size()) {
        return false;
    }
    if (a.number != b.number && !(std::isnan(a.number) && std::isnan(b.number))) {
        return false;
    }
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        if (!same_value(a.items[i], b.items[i])) {
            return false;
        }
    }
    for (std::size_t i = 0; i < a.fields.size(); ++i) {
        if (a.fields[i].first != b.fields[i].first || !same_value(a.fields[i].second, b.fields[i].second)) {
            return false;
        }
    }
    return true;
}

inline const terraform_value::Type& fixed_type()
{
    static const terraform_value::TypePtr type =
        msgpack_value::parse_type_json(
            R"(["object",{"a":"string","b":"number","c":"bool","d":["list",["object",{"e":"string","f":["set","number"]}]],)"
            R"("g":["map","string"],"h":["tuple",["string","number"]],"i":"dynamic"}])")
            .value();
    return *type;
}

} // namespace detail

inline void fuzz_msgpack_value(std::string_view input)
{
    static const terraform_value::Type dynamic{};
    (void)msgpack_value::decode(input, dynamic);
    auto decoded = msgpack_value::decode(input, detail::fixed_type());
    if (!decoded) {
        return;
    }
    auto encoded = msgpack_value::encode(decoded.value(), detail::fixed_type());
    if (!encoded) {
        // Attribute "i" is dynamic: a collection mixing element types cannot
        // be written back with one inferred type. Anything else must encode.
        return;
    }
    auto again = msgpack_value::decode(encoded.value(), detail::fixed_type());
    if (!again || !detail::same_value(decoded.value(), again.value())) {
        std::abort();
    }
}

} // namespace certgate::fuzz
