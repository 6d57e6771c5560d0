// JSON text to typed Terraform values: every type certgate uses, the JSON
// pointer of a mismatch, and the size limit.

#include "certgate/adapters/tfjson/value_json.hpp"

#include <gtest/gtest.h>

namespace certgate::tfjson {
namespace {

namespace tv = terraform_value;

TEST(ValueJson, EveryTypeIsDecodedAndMissingAttributesAreNull)
{
    const auto type = tv::object_of({{"name", tv::string_type()},
                                     {"days", tv::number_type()},
                                     {"on", tv::bool_type()},
                                     {"tags", tv::set_of(tv::string_type())},
                                     {"labels", tv::map_of(tv::string_type())},
                                     {"schedule", tv::list_of(tv::object_of({{"milestone", tv::string_type()}}))},
                                     {"absent", tv::string_type()}});
    auto value = value_from_json(R"({"name":"web","days":-3.5,"on":true,"tags":["a","b"],"labels":{"k":"v"},)"
                                 R"("schedule":[{"milestone":"1w","extra":1}],"dropped":{}})",
                                 type);
    ASSERT_TRUE(value) << value.error().describe();
    EXPECT_EQ(tv::find_field(*value, "name")->string, "web");
    EXPECT_EQ(tv::find_field(*value, "days")->number, -3.5);
    EXPECT_TRUE(tv::find_field(*value, "on")->boolean);
    EXPECT_EQ(tv::find_field(*value, "tags")->kind, tv::ValueKind::set);
    EXPECT_EQ(tv::find_field(*value, "tags")->items.size(), 2U);
    EXPECT_EQ(tv::find_field(*value, "labels")->kind, tv::ValueKind::map);
    EXPECT_EQ(tv::find_field(*tv::find_field(*value, "labels"), "k")->string, "v");
    const tv::Value& entry = tv::find_field(*value, "schedule")->items.at(0);
    EXPECT_EQ(tv::find_field(entry, "milestone")->string, "1w");
    EXPECT_EQ(tv::find_field(entry, "extra"), nullptr);
    EXPECT_EQ(tv::find_field(*value, "absent")->kind, tv::ValueKind::null);
    EXPECT_EQ(tv::find_field(*value, "dropped"), nullptr);
}

TEST(ValueJson, AMismatchNamesItsPointerAndNeverTheText)
{
    const auto type = tv::object_of({{"schedule", tv::list_of(tv::object_of({{"date", tv::string_type()}}))}});
    auto value = value_from_json(R"({"schedule":[{"date":"x"},{"date":12345}]})", type);
    ASSERT_FALSE(value);
    EXPECT_EQ(value.error().describe(), "/schedule/1/date: expected a string");
    value = value_from_json("[1]", type);
    ASSERT_FALSE(value);
    EXPECT_EQ(value.error().describe(), "/: expected an object");
    value = value_from_json(R"({"schedule":"secret-text"})", type);
    ASSERT_FALSE(value);
    EXPECT_EQ(value.error().describe(), "/schedule: expected an array");
    value = value_from_json(R"({"schedule": [)", type);
    ASSERT_FALSE(value);
    EXPECT_EQ(value.error().describe(), "state: not valid JSON (at byte 15)");
    EXPECT_FALSE(value_from_json("{}", tv::dynamic_type()));
}

TEST(ValueJson, NullIsNullAndTheSizeIsBounded)
{
    auto value = value_from_json("null", tv::object_of({}));
    ASSERT_TRUE(value);
    EXPECT_EQ(value->kind, tv::ValueKind::null);
    const std::string large = "\"" + std::string(16U * 1024U * 1024U, 'a') + "\"";
    value = value_from_json(large, tv::string_type());
    ASSERT_FALSE(value);
    EXPECT_EQ(value.error().code, ErrorCode::limit);
    EXPECT_EQ(value.error().describe(), "state: larger than 16 MiB");
}

// Found by the tfjson fuzzer: nlohmann throws out_of_range, not parse_error,
// for a number beyond a double; it escaped and ended the process.
TEST(ValueJson, ANumberOutOfRangeIsAnErrorNotACrash)
{
    auto value = value_from_json("[1e99999]", tv::list_of(tv::number_type()));
    ASSERT_FALSE(value);
    EXPECT_EQ(value.error().describe(), "state: not valid JSON (a number out of range)");
}

} // namespace
} // namespace certgate::tfjson
