#include "certgate/adapters/external/protocol.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace certgate::external {
namespace {

std::string error_of(std::string_view text)
{
    auto parsed = parse_query(text);
    EXPECT_FALSE(parsed.has_value());
    return parsed ? std::string("(parsed)") : parsed.error().describe();
}

TEST(ParseQuery, ReadsGoMarshalledObject)
{
    // The bytes Go's json.Marshal sends for { a = "<tag>&'\"", e = "", m = "line\nbreak\u2028", u = "é😀" }.
    auto parsed = parse_query(R"({"a":"\u003ctag\u003e\u0026'\"","e":"","m":"line\nbreak\u2028","u":"é😀"})");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
    EXPECT_EQ(parsed->at("a"), "<tag>&'\"");
    EXPECT_EQ(parsed->at("e"), "");
    EXPECT_EQ(parsed->at("m"), "line\nbreak\xE2\x80\xA8");
    EXPECT_EQ(parsed->at("u"), "é😀");
    EXPECT_EQ(parsed->size(), 4U);
}

TEST(ParseQuery, EmptyObjectAndWhitespace)
{
    auto parsed = parse_query("{}");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_TRUE(parsed->empty());
    auto spaced = parse_query(" \n{ \"a\" : \"b\" }\r\n");
    ASSERT_TRUE(spaced.has_value());
    EXPECT_EQ(spaced->at("a"), "b");
}

TEST(ParseQuery, RefusesValuesThatAreNotStrings)
{
    EXPECT_EQ(error_of(R"({"days":3})"),
              "days: the value is a number, expected a string (Terraform sends every query value as a string)");
    EXPECT_EQ(error_of(R"({"a":"x","flag":true})"),
              "flag: the value is a boolean, expected a string (Terraform sends every query value as a string)");
    EXPECT_EQ(error_of(R"({"n":null})"),
              "n: the value is null, expected a string (Terraform sends every query value as a string)");
    EXPECT_EQ(error_of(R"({"l":["a"]})"),
              "l: the value is a list, expected a string (Terraform sends every query value as a string)");
    EXPECT_EQ(error_of(R"({"o":{"a":"b"}})"),
              "o: the value is an object, expected a string (Terraform sends every query value as a string)");
}

TEST(ParseQuery, RefusesTopLevelsThatAreNotObjects)
{
    const std::string tail = ", expected one JSON object whose values are strings, as Terraform's data \"external\" "
                             "query sends it";
    EXPECT_EQ(error_of("[]"), "stdin: the query is a list" + tail);
    EXPECT_EQ(error_of("\"str\""), "stdin: the query is a string" + tail);
    EXPECT_EQ(error_of("42"), "stdin: the query is a number" + tail);
    EXPECT_EQ(error_of("null"), "stdin: the query is null" + tail);
}

TEST(ParseQuery, RefusesDuplicateKeys)
{
    EXPECT_EQ(error_of(R"({"name":"a","name":"b"})"),
              "name: duplicate key: the query may name each key once; remove the repeated one");
}

TEST(ParseQuery, RefusesTrailingDataTruncationAndEmptyInput)
{
    EXPECT_EQ(error_of(R"({"a":"b"}{"c":"d"})"), "stdin: invalid JSON at line 1, column 10 (byte 9): unexpected '{'; "
                                                 "expected end of input; expected one JSON object whose "
                                                 "values are strings, as Terraform's data \"external\" query sends it");
    EXPECT_EQ(error_of(R"({"a":"b")"), "stdin: invalid JSON at line 1, column 9 (byte 8): unexpected end of input; "
                                       "expected '}'; expected one JSON object whose "
                                       "values are strings, as Terraform's data \"external\" query sends it");
    EXPECT_EQ(error_of(""), "stdin: empty query; expected one JSON object whose values are strings, as Terraform's "
                            "data \"external\" query sends it ({} when empty)");
    EXPECT_EQ(error_of(" \n"), "stdin: empty query; expected one JSON object whose values are strings, as "
                               "Terraform's data \"external\" query sends it ({} when empty)");
}

TEST(ParseQuery, RefusesInvalidUtf8WithoutEchoingTheValue)
{
    const std::string text = "{\"private_key\":\"SECRETKEYBYTES\xC3\x28\"}";
    const std::string message = error_of(text);
    EXPECT_EQ(message.find("SECRETKEYBYTES"), std::string::npos) << message;
    EXPECT_EQ(
        message,
        "stdin: invalid JSON at line 1, column 32 (byte 31): invalid string: ill-formed UTF-8 byte; expected one JSON "
        "object whose values are strings, as Terraform's data \"external\" query sends it");
}

TEST(ParseQuery, MalformedJsonIsWordedAsEveryReaderWordsItWithLineAndColumn)
{
    // A query as Terraform never sends it, spread over lines: the position
    // counts them, and the literal after the secret is not echoed.
    const std::string message = error_of("{\n  \"private_key\": \"SECRET\",\n  \"x\": SECRET\n}");
    EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
    EXPECT_EQ(message, "stdin: invalid JSON at line 3, column 8 (byte 36): invalid literal; expected one JSON object "
                       "whose values are strings, as Terraform's data \"external\" query sends it");
}

TEST(ParseQuery, RefusesByteOrderMarkAndLoneSurrogates)
{
    EXPECT_EQ(error_of("\xEF\xBB\xBF{}"), "stdin: a UTF-8 byte order mark precedes the JSON; expected one JSON object "
                                          "whose values are strings, as Terraform's data \"external\" query sends it");
    EXPECT_NE(error_of(R"({"a":"\ud800"})").find("stdin: invalid JSON"), std::string::npos);
}

TEST(ParseQuery, RefusesNestedDepthBombWithoutCrashing)
{
    const std::string bomb = "{\"a\":" + std::string(100000, '[');
    EXPECT_EQ(error_of(bomb),
              "a: the value is a list, expected a string (Terraform sends every query value as a string)");
}

TEST(ReadQueryText, RefusesMoreThanTheLimit)
{
    std::istringstream small("{\"a\":\"b\"}");
    auto read = read_query_text(small, 100);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(*read, "{\"a\":\"b\"}");

    std::istringstream big(std::string(101, ' '));
    auto refused = read_query_text(big, 100);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::limit);
    EXPECT_EQ(refused.error().describe(),
              "stdin: query larger than 100 bytes refused; pass large certificates by path with certificate_file");

    std::istringstream exact(std::string(100, ' '));
    EXPECT_TRUE(read_query_text(exact, 100).has_value());
}

TEST(WriteResult, CompactSortedStringsWithNewline)
{
    EXPECT_EQ(write_result({}), "{}\n");
    EXPECT_EQ(write_result({{"b", "2"}, {"a", "é<&>\"\n"}}), "{\"a\":\"é<&>\\\"\\n\",\"b\":\"2\"}\n");
}

TEST(WriteResult, RoundTripsThroughParseQuery)
{
    const StringMap values{{"sans", "[\"DNS:a\"]"}, {"name", "运维"}, {"empty", ""}};
    auto parsed = parse_query(write_result(values));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, values);
}

} // namespace
} // namespace certgate::external
