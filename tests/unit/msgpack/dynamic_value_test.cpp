#include "certgate/adapters/msgpack/dynamic_value.hpp"
#include "certgate/adapters/msgpack/type_json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace certgate::msgpack_value {
namespace {

namespace tv = terraform_value;

tv::TypePtr type(std::string_view json)
{
    auto parsed = parse_type_json(json);
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().describe());
    return parsed ? parsed.value() : std::make_shared<tv::Type>();
}

// A readable rendering of a value, so that failures show what differs.
std::string show(const tv::Value& value)
{
    switch (value.kind) {
    case tv::ValueKind::null:
        return "null";
    case tv::ValueKind::unknown:
        return "?";
    case tv::ValueKind::boolean:
        return value.boolean ? "true" : "false";
    case tv::ValueKind::number: {
        char text[64];
        std::snprintf(text, sizeof text, "%.17g", value.number);
        return text;
    }
    case tv::ValueKind::string:
        return "\"" + value.string + "\"";
    case tv::ValueKind::list:
    case tv::ValueKind::set:
    case tv::ValueKind::tuple: {
        std::string out = value.kind == tv::ValueKind::set     ? "set["
                          : value.kind == tv::ValueKind::tuple ? "tuple["
                                                               : "[";
        for (const auto& item : value.items) {
            out += show(item) + ",";
        }
        return out + "]";
    }
    case tv::ValueKind::map:
    case tv::ValueKind::object: {
        std::string out = value.kind == tv::ValueKind::map ? "map{" : "{";
        for (const auto& [key, field] : value.fields) {
            out += key + "=" + show(field) + ",";
        }
        return out + "}";
    }
    }
    return "";
}

tv::Value string_value(std::string text)
{
    tv::Value v;
    v.kind = tv::ValueKind::string;
    v.string = std::move(text);
    return v;
}
tv::Value number_value(double n)
{
    tv::Value v;
    v.kind = tv::ValueKind::number;
    v.number = n;
    return v;
}
tv::Value unknown_value()
{
    tv::Value v;
    v.kind = tv::ValueKind::unknown;
    return v;
}

std::string bytes(std::initializer_list<int> list)
{
    std::string out;
    for (int b : list) {
        out.push_back(static_cast<char>(b));
    }
    return out;
}

std::string round_trip(const tv::Value& value, const tv::Type& t)
{
    auto encoded = encode(value, t);
    EXPECT_TRUE(encoded) << (encoded ? "" : encoded.error().describe());
    if (!encoded) {
        return "";
    }
    auto decoded = decode(encoded.value(), t);
    EXPECT_TRUE(decoded) << (decoded ? "" : decoded.error().describe());
    return decoded ? show(decoded.value()) : "";
}

constexpr const char* k_certificate_type =
    R"(["object",{"finding":["object",{"days":"number","severity":"string"}],"name":"string",)"
    R"("notifications":["list",["object",{"date":"string","milestone":"string"}]],"sans":["set","string"],)"
    R"("valid":"bool"}])";

TEST(DynamicValue, NestedObjectWithNullUnknownSetAndListRoundTrips)
{
    auto t = type(k_certificate_type);
    tv::Value finding;
    finding.kind = tv::ValueKind::object;
    finding.fields = {{"days", number_value(-3)}, {"severity", unknown_value()}};
    tv::Value sans;
    sans.kind = tv::ValueKind::set;
    sans.items = {string_value("a.example"), string_value("b.example")};
    tv::Value notification;
    notification.kind = tv::ValueKind::object;
    notification.fields = {{"date", string_value("2026-12-04")}, {"milestone", string_value("1w")}};
    tv::Value notifications;
    notifications.kind = tv::ValueKind::list;
    notifications.items = {notification};
    tv::Value root;
    root.kind = tv::ValueKind::object;
    root.fields = {{"finding", finding},
                   {"name", tv::Value{}},
                   {"notifications", notifications},
                   {"sans", sans},
                   {"valid", unknown_value()}};
    EXPECT_EQ(round_trip(root, *t),
              "{finding={days=-3,severity=?,},name=null,notifications=[{date=\"2026-12-04\",milestone=\"1w\",},],"
              "sans=set[\"a.example\",\"b.example\",],valid=?,}");
}

TEST(DynamicValue, MissingAttributesEncodeAsNull)
{
    auto t = type(R"(["object",{"a":"string","b":"number"}])");
    tv::Value root;
    root.kind = tv::ValueKind::object;
    root.fields = {{"b", number_value(7)}};
    EXPECT_EQ(round_trip(root, *t), "{a=null,b=7,}");
}

TEST(DynamicValue, BigAndFractionalNumbersRoundTrip)
{
    auto t = type(R"(["list","number"])");
    tv::Value list;
    list.kind = tv::ValueKind::list;
    list.items = {number_value(0),      number_value(-1),   number_value(4294967296.0),      number_value(1e20),
                  number_value(-1e300), number_value(0.25), number_value(9007199254740993.0)};
    EXPECT_EQ(round_trip(list, *t), "[0,-1,4294967296,1e+20,-1.0000000000000001e+300,0.25,9007199254740992,]");
}

TEST(DynamicValue, NumbersAreReadFromEveryMsgpackForm)
{
    auto t = type(R"(["tuple",["number","number","number","number","number"]])");
    // [uint64 2^64-1, int8 -5, float32 1.5, float64 0.1, str "1e3"]
    std::string wire = bytes({0x95, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xd0, 0xfb, 0xca, 0x3f, 0xc0,
                              0x00, 0x00, 0xcb, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a, 0xa3, '1',  'e',  '3'});
    auto decoded = decode(wire, *t);
    ASSERT_TRUE(decoded) << decoded.error().describe();
    EXPECT_EQ(show(decoded.value()), "tuple[1.8446744073709552e+19,-5,1.5,0.10000000000000001,1000,]");
}

TEST(DynamicValue, RefinedUnknownAndAnyExtensionAreUnknown)
{
    auto t = type(R"(["object",{"a":"string","b":"number","c":"bool"}])");
    // {a: ext12 {2: "web"}, b: ext 0 (fixext1), c: ext 5 (ext8 of 0 bytes)}
    std::string wire = bytes({0x83, 0xa1, 'a', 0xc7, 0x06, 0x0c, 0x81, 0x02, 0xa3, 'w',  'e',
                              'b',  0xa1, 'b', 0xd4, 0x00, 0x00, 0xa1, 'c',  0xc7, 0x00, 0x05});
    auto decoded = decode(wire, *t);
    ASSERT_TRUE(decoded) << decoded.error().describe();
    EXPECT_EQ(show(decoded.value()), "{a=?,b=?,c=?,}");
}

TEST(DynamicValue, UnknownIsWrittenAsTerraformWritesIt)
{
    auto t = type("\"string\"");
    auto encoded = encode(unknown_value(), *t);
    ASSERT_TRUE(encoded);
    EXPECT_EQ(encoded.value(), bytes({0xd4, 0x00, 0x00}));
    auto null_encoded = encode(tv::Value{}, *t);
    ASSERT_TRUE(null_encoded);
    EXPECT_EQ(null_encoded.value(), bytes({0xc0}));
}

TEST(DynamicValue, DynamicTypeIsTheTypeJsonAndValuePair)
{
    auto t = type("\"dynamic\"");
    // [bin "[\"list\",\"string\"]", ["x"]]
    std::string json = R"(["list","string"])";
    std::string wire = bytes({0x92, 0xc4, static_cast<int>(json.size())}) + json + bytes({0x91, 0xa1, 'x'});
    auto decoded = decode(wire, *t);
    ASSERT_TRUE(decoded) << decoded.error().describe();
    EXPECT_EQ(show(decoded.value()), "[\"x\",]");
    auto encoded = encode(decoded.value(), *t);
    ASSERT_TRUE(encoded);
    EXPECT_EQ(encoded.value(), wire);
}

TEST(DynamicValue, MapsAreSortedByKeyAndDuplicatesRefused)
{
    auto t = type(R"(["map","string"])");
    std::string wire = bytes({0x82, 0xa1, 'z', 0xa1, '1', 0xa1, 'a', 0xa1, '2'});
    auto decoded = decode(wire, *t);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(show(decoded.value()), "map{a=\"2\",z=\"1\",}");
    auto duplicate = decode(bytes({0x82, 0xa1, 'a', 0xa1, '1', 0xa1, 'a', 0xa1, '2'}), *t);
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().describe(), ".: dynamic value: map key \"a\" appears twice");
}

TEST(DynamicValue, TypeMismatchNamesThePath)
{
    auto t = type(k_certificate_type);
    // {notifications: [{date: 5}]}
    std::string wire = bytes({0x81, 0xad}) + "notifications" + bytes({0x91, 0x81, 0xa4}) + "date" + bytes({0x05});
    auto decoded = decode(wire, *t);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, ErrorCode::input);
    EXPECT_EQ(decoded.error().describe(), ".notifications[0].date: dynamic value: expected a string");
}

TEST(DynamicValue, AttributeOutsideTheSchemaIsRefused)
{
    auto t = type(R"(["object",{"a":"string"}])");
    auto decoded = decode(bytes({0x81, 0xa1, 'b', 0xc0}), *t);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().describe(), ".: dynamic value: entry 0 names an attribute the schema does not declare");
}

TEST(DynamicValue, TruncatedTrailingAndEmptyInputsAreRefused)
{
    auto t = type(R"(["list","string"])");
    auto truncated = decode(bytes({0x92, 0xa1, 'x'}), *t);
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().message, "dynamic value: msgpack value is truncated");
    auto trailing = decode(bytes({0x90, 0xc0}), *t);
    ASSERT_FALSE(trailing);
    EXPECT_EQ(trailing.error().message, "dynamic value: 1 bytes after the msgpack value");
    auto empty = decode("", *t);
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().message, "dynamic value: empty msgpack value");
}

TEST(DynamicValue, HugeLengthFieldsAllocateNothing)
{
    auto t = type(R"(["list","string"])");
    // array32 claiming 2^32-1 elements, then nothing: refused as truncated at once.
    auto decoded = decode(bytes({0xdd, 0xff, 0xff, 0xff, 0xff}), *t);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().message, "dynamic value: msgpack value is truncated");
    auto string32 = decode(bytes({0x91, 0xdb, 0xff, 0xff, 0xff, 0xff, 'x'}), *t);
    ASSERT_FALSE(string32);
    EXPECT_EQ(string32.error().message, "dynamic value: msgpack value is truncated");
}

TEST(DynamicValue, NestingDeeperThanTheLimitIsRefused)
{
    auto t = type("\"dynamic\"");
    std::string deep(k_max_depth + 1, static_cast<char>(0x91));
    deep.push_back(static_cast<char>(0xc0));
    auto decoded = decode(deep, *t);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, ErrorCode::limit);
    EXPECT_EQ(decoded.error().message, "dynamic value: nested deeper than 64 levels");
}

TEST(DynamicValue, NumberTextThatIsNotANumberIsRefused)
{
    auto t = type("\"number\"");
    auto decoded = decode(bytes({0xa3, '1', 'x', '2'}), *t);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().message, "dynamic value: expected a number, got text that is not a decimal number");
}

TEST(DynamicValue, EncodingAValueOutsideItsTypeIsAnInternalError)
{
    auto t = type(R"(["object",{"a":"string"}])");
    tv::Value root;
    root.kind = tv::ValueKind::object;
    root.fields = {{"a", number_value(1)}};
    auto encoded = encode(root, *t);
    ASSERT_FALSE(encoded);
    EXPECT_EQ(encoded.error().code, ErrorCode::internal);
    EXPECT_EQ(encoded.error().message, "the provider's answer does not fit its schema: expected a string");
    root.fields = {{"b", string_value("x")}};
    auto extra = encode(root, *t);
    ASSERT_FALSE(extra);
    EXPECT_EQ(extra.error().message,
              "the provider's answer does not fit its schema: an object holds an attribute its type does not declare");
}

TEST(TypeJson, EveryKindRoundTrips)
{
    for (std::string_view json :
         {R"("string")", R"("number")", R"("bool")", R"("dynamic")", R"(["list","string"])", R"(["set","number"])",
          R"(["map","bool"])", R"(["object",{"a":"string","b":["list","number"]}])",
          R"(["tuple",["string","bool"]])"}) {
        EXPECT_EQ(type_json(*type(json)), json);
    }
}

TEST(TypeJson, BadConstraintsAreRefused)
{
    auto unknown = parse_type_json(R"("text")");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message,
              "type constraint: unknown primitive type, expected one of: string, number, bool, dynamic");
    auto not_json = parse_type_json("[");
    ASSERT_FALSE(not_json);
    EXPECT_EQ(not_json.error().message, "type constraint: not JSON");
    auto bad_kind = parse_type_json(R"(["array","string"])");
    ASSERT_FALSE(bad_kind);
    EXPECT_EQ(bad_kind.error().message,
              "type constraint: unknown type kind, expected one of: list, set, map, object, tuple");
}

TEST(TypeJson, SchemaBecomesAnObjectTypeInNameOrder)
{
    tv::Schema schema;
    schema.attributes.push_back({"name", type("\"string\""), "", true});
    schema.attributes.push_back({"id", type("\"string\""), "", false, false, true});
    EXPECT_EQ(type_json(*object_type_of(schema)), R"(["object",{"id":"string","name":"string"}])");
}

} // namespace
} // namespace certgate::msgpack_value
