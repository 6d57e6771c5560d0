#include "certgate/adapters/msgpack/dynamic_value.hpp"
#include "certgate/adapters/msgpack/type_json.hpp"

#include <msgpack.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace certgate::msgpack_value {
namespace tv = terraform_value;
namespace {

// msgpack-cxx's packer writes into any stream with write().
struct StringStream {
    std::string bytes;
    void write(const char* data, std::size_t size) { bytes.append(data, size); }
};

tv::TypePtr primitive(tv::TypeKind kind)
{
    auto type = std::make_shared<tv::Type>();
    type->kind = kind;
    return type;
}

// A value of the dynamic type travels with its type; certgate's values do
// not carry one, so it is read off the value (collections take the type of
// their first element).
tv::TypePtr type_of(const tv::Value& value)
{
    auto type = std::make_shared<tv::Type>();
    switch (value.kind) {
    case tv::ValueKind::null:
    case tv::ValueKind::unknown:
        type->kind = tv::TypeKind::dynamic;
        break;
    case tv::ValueKind::boolean:
        type->kind = tv::TypeKind::boolean;
        break;
    case tv::ValueKind::number:
        type->kind = tv::TypeKind::number;
        break;
    case tv::ValueKind::string:
        type->kind = tv::TypeKind::string;
        break;
    case tv::ValueKind::list:
    case tv::ValueKind::set:
        type->kind = value.kind == tv::ValueKind::list ? tv::TypeKind::list : tv::TypeKind::set;
        type->element = value.items.empty() ? primitive(tv::TypeKind::dynamic) : type_of(value.items.front());
        break;
    case tv::ValueKind::map:
        type->kind = tv::TypeKind::map;
        type->element = value.fields.empty() ? primitive(tv::TypeKind::dynamic) : type_of(value.fields.front().second);
        break;
    case tv::ValueKind::object:
        type->kind = tv::TypeKind::object;
        for (const auto& [name, field] : value.fields) {
            type->attributes.emplace_back(name, type_of(field));
        }
        break;
    case tv::ValueKind::tuple:
        type->kind = tv::TypeKind::tuple;
        for (const auto& item : value.items) {
            type->elements.push_back(type_of(item));
        }
        break;
    }
    return type;
}

class Encoder {
public:
    Result<std::string> run(const tv::Value& value, const tv::Type& type)
    {
        if (auto done = write(value, type, 0); !done) {
            return done.error();
        }
        return std::move(m_out.bytes);
    }

private:
    Result<bool> write(const tv::Value& value, const tv::Type& type, std::size_t depth)
    {
        if (depth > k_max_depth) {
            return fail("nested deeper than " + std::to_string(k_max_depth) + " levels");
        }
        if (value.kind == tv::ValueKind::unknown) {
            // The plain unknown: extension 0 with a one-byte payload, as
            // Terraform writes it (refinements are never produced).
            m_packer.pack_ext(1, 0);
            m_packer.pack_ext_body("\0", 1);
            return true;
        }
        if (value.kind == tv::ValueKind::null) {
            m_packer.pack_nil();
            return true;
        }
        switch (type.kind) {
        case tv::TypeKind::string:
            if (value.kind != tv::ValueKind::string) {
                return mismatch("a string");
            }
            m_packer.pack_str(static_cast<std::uint32_t>(value.string.size()));
            m_packer.pack_str_body(value.string.data(), static_cast<std::uint32_t>(value.string.size()));
            return true;
        case tv::TypeKind::number:
            return number(value);
        case tv::TypeKind::boolean:
            if (value.kind != tv::ValueKind::boolean) {
                return mismatch("a bool");
            }
            value.boolean ? m_packer.pack_true() : m_packer.pack_false();
            return true;
        case tv::TypeKind::list:
        case tv::TypeKind::set:
            if (value.kind != tv::ValueKind::list && value.kind != tv::ValueKind::set) {
                return mismatch("a list or set");
            }
            return sequence(
                value, [&](std::size_t) -> const tv::Type& { return *type.element; }, depth);
        case tv::TypeKind::tuple:
            if (value.kind != tv::ValueKind::tuple || value.items.size() != type.elements.size()) {
                return mismatch("a tuple of " + std::to_string(type.elements.size()) + " elements");
            }
            return sequence(
                value, [&](std::size_t i) -> const tv::Type& { return *type.elements[i]; }, depth);
        case tv::TypeKind::map:
            if (value.kind != tv::ValueKind::map && value.kind != tv::ValueKind::object) {
                return mismatch("a map");
            }
            m_packer.pack_map(static_cast<std::uint32_t>(value.fields.size()));
            for (const auto& [key, field] : value.fields) {
                m_packer.pack_str(static_cast<std::uint32_t>(key.size()));
                m_packer.pack_str_body(key.data(), static_cast<std::uint32_t>(key.size()));
                if (auto done = write(field, *type.element, depth + 1); !done) {
                    return done;
                }
            }
            return true;
        case tv::TypeKind::object:
            return object(value, type, depth);
        case tv::TypeKind::dynamic: {
            auto actual = type_of(value);
            std::string json = type_json(*actual);
            m_packer.pack_array(2);
            m_packer.pack_bin(static_cast<std::uint32_t>(json.size()));
            m_packer.pack_bin_body(json.data(), static_cast<std::uint32_t>(json.size()));
            return write(value, *actual, depth + 1);
        }
        }
        return fail("unsupported type");
    }

    Result<bool> number(const tv::Value& value)
    {
        if (value.kind != tv::ValueKind::number) {
            return mismatch("a number");
        }
        if (!std::isfinite(value.number)) {
            return fail("a number that is not finite");
        }
        // Whole numbers inside int64 go out as integers, the rest as float64.
        constexpr double k_limit = 9223372036854775808.0; // 2^63
        if (std::trunc(value.number) == value.number && value.number >= -k_limit && value.number < k_limit) {
            m_packer.pack_int64(static_cast<std::int64_t>(value.number));
        } else {
            // float64 written by hand: msgpack-cxx's pack_double converts the
            // double to an integer first, undefined past 2^64.
            std::uint64_t bits = 0;
            std::memcpy(&bits, &value.number, sizeof bits);
            char wire[9] = {static_cast<char>(0xcb)};
            for (int i = 0; i < 8; ++i) {
                wire[1 + i] = static_cast<char>((bits >> (56 - 8 * i)) & 0xff);
            }
            m_out.bytes.append(wire, sizeof wire);
        }
        return true;
    }

    template <typename ElementType>
    Result<bool> sequence(const tv::Value& value, ElementType element, std::size_t depth)
    {
        m_packer.pack_array(static_cast<std::uint32_t>(value.items.size()));
        for (std::size_t i = 0; i < value.items.size(); ++i) {
            if (auto done = write(value.items[i], element(i), depth + 1); !done) {
                return done;
            }
        }
        return true;
    }

    Result<bool> object(const tv::Value& value, const tv::Type& type, std::size_t depth)
    {
        if (value.kind != tv::ValueKind::object && value.kind != tv::ValueKind::map) {
            return mismatch("an object");
        }
        // One pass over each side: the fields by name, then the type's attributes.
        std::unordered_map<std::string_view, const tv::Value*> fields;
        fields.reserve(value.fields.size());
        for (const auto& [name, field] : value.fields) {
            fields.emplace(name, &field);
        }
        std::size_t matched = 0;
        static const tv::Value k_null;
        m_packer.pack_map(static_cast<std::uint32_t>(type.attributes.size()));
        for (const auto& [name, attribute_type] : type.attributes) {
            auto field = fields.find(name);
            const tv::Value* written = &k_null;
            if (field != fields.end()) {
                written = field->second;
                ++matched;
            }
            m_packer.pack_str(static_cast<std::uint32_t>(name.size()));
            m_packer.pack_str_body(name.data(), static_cast<std::uint32_t>(name.size()));
            if (auto done = write(*written, *attribute_type, depth + 1); !done) {
                return done;
            }
        }
        if (matched != fields.size()) {
            return fail("an object holds an attribute its type does not declare");
        }
        return true;
    }

    Error mismatch(const std::string& expected) { return fail("expected " + expected); }
    static Error fail(const std::string& why)
    {
        return make_error(ErrorCode::internal, "the provider's answer does not fit its schema: " + why);
    }

    StringStream m_out;
    msgpack::packer<StringStream> m_packer{m_out};
};

} // namespace

Result<std::string> encode(const tv::Value& value, const tv::Type& type)
{
    return Encoder{}.run(value, type);
}

} // namespace certgate::msgpack_value
