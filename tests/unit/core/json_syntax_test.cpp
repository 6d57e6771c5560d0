#include "certgate/core/json_syntax.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

TEST(JsonSyntax, CountsLinesAndColumnsBeforeTheByte)
{
    const std::string_view document = "{\n  \"a\": 1,\n  \"b\" 2\n}";
    const JsonPosition at_two = json_position_in(document, document.find('2'));
    EXPECT_EQ(at_two.line, 3U);
    EXPECT_EQ(at_two.column, 7U);
    EXPECT_EQ(at_two.byte, document.find('2'));

    const JsonPosition first = json_position_in(document, 0);
    EXPECT_EQ(first.line, 1U);
    EXPECT_EQ(first.column, 1U);

    // Just after a newline is the first column of the next line.
    const JsonPosition after_newline = json_position_in(document, 2);
    EXPECT_EQ(after_newline.line, 2U);
    EXPECT_EQ(after_newline.column, 1U);

    // Past the end: the position after the last byte, the byte kept as given.
    const JsonPosition past = json_position_in("[1,", 10);
    EXPECT_EQ(past.line, 1U);
    EXPECT_EQ(past.column, 4U);
    EXPECT_EQ(past.byte, 10U);
}

TEST(JsonSyntax, OneWordingForEveryReader)
{
    EXPECT_EQ(json_syntax_error({57, 3, 14}, "expected ':'"),
              "invalid JSON at line 3, column 14 (byte 57): expected ':'");
    EXPECT_EQ(json_syntax_error({0, 1, 1}, ""), "invalid JSON at line 1, column 1 (byte 0)");
}

TEST(JsonSyntax, TheParsersReasonWithoutItsPositionOrItsEchoOfTheDocument)
{
    EXPECT_EQ(json_parse_reason("[json.exception.parse_error.101] parse error at line 1, column 4: syntax error while "
                                "parsing value - invalid literal; last read: 'TOPSECRET'"),
              "invalid literal");
    EXPECT_EQ(json_parse_reason("[json.exception.parse_error.101] parse error at line 2, column 24: syntax error "
                                "while parsing value - unexpected ']'; expected '[', '{', or a literal"),
              "unexpected ']'; expected '[', '{', or a literal");
    EXPECT_EQ(json_parse_reason("[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while "
                                "parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"x'"),
              "invalid string: ill-formed UTF-8 byte");
    EXPECT_EQ(json_parse_reason("no position here"), "no position here");
}

} // namespace
} // namespace certgate
