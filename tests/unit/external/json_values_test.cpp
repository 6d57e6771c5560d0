#include "certgate/adapters/external/json_values.hpp"

#include <gtest/gtest.h>

namespace certgate::external {
namespace {

TEST(JsonValues, EncodesStringLists)
{
    EXPECT_EQ(encode_string_list({}), "[]");
    EXPECT_EQ(encode_string_list({"DNS:a.example.com", "IP:127.0.0.1"}), R"(["DNS:a.example.com","IP:127.0.0.1"])");
}

TEST(JsonValues, EncodesObjectListsInKeyOrder)
{
    EXPECT_EQ(encode_object_list({{{"milestone", "1w"}, {"date", "2026-12-04"}}}),
              R"([{"milestone":"1w","date":"2026-12-04"}])");
    EXPECT_EQ(encode_object_list({}), "[]");
}

TEST(JsonValues, DecodesStringLists)
{
    auto decoded = decode_string_list(R"(["rcpt-1","rcpt-2"])");
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, (std::vector<std::string>{"rcpt-1", "rcpt-2"}));
}

TEST(JsonValues, RefusesOtherJsonWithoutQuotingIt)
{
    auto object = decode_string_list(R"({"a":"b"})");
    ASSERT_FALSE(object.has_value());
    EXPECT_EQ(object.error().message, "expected a JSON list of strings such as [\"a\",\"b\"]");
    auto numbers = decode_string_list("[1,2]");
    ASSERT_FALSE(numbers.has_value());
    EXPECT_EQ(numbers.error().message, "every item of the JSON list must be a string");
    auto broken = decode_string_list("[\"secret");
    ASSERT_FALSE(broken.has_value());
    EXPECT_EQ(broken.error().message,
              "invalid JSON list; expected a JSON list of strings such as [\"a\",\"b\"] or a comma-separated string");
}

} // namespace
} // namespace certgate::external
