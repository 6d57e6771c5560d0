// Malformed, truncated, foreign, deep and huge input: clean errors with exact
// messages, never a crash, never a quoted value.

#include "plan_test_support.hpp"

#include <gtest/gtest.h>

namespace certgate::terraform {
namespace {

using testing::read_text;

Error read_error(const std::string& text, const ReadOptions& options = {})
{
    auto discovery = read_text(text, options);
    EXPECT_FALSE(discovery);
    return discovery ? Error{} : discovery.error();
}

TEST(TerraformMalformed, SyntaxErrorGivesOffsetLineAndColumn)
{
    const Error error = read_error("{\"format_version\":\"1.0\",\n \"values\": {x}}");
    EXPECT_EQ(error.code, ErrorCode::input);
    EXPECT_EQ(error.where, "plan.json");
    EXPECT_EQ(error.message, "invalid JSON at line 2, column 13 (byte 37): expected an object key in double quotes");
}

TEST(TerraformMalformed, TruncatedJson)
{
    const Error error = read_error("{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[");
    EXPECT_EQ(error.message, "truncated JSON: the input ends after 62 bytes, before the document is complete");
}

TEST(TerraformMalformed, TruncatedInsideAStringDoesNotQuoteIt)
{
    const Error error = read_error("{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[{"
                                   "\"values\":{\"private_key_pem\":\"-----BEGIN PRIVATE KEY-----\\nTOPSECRET");
    EXPECT_EQ(error.message.find("TOPSECRET"), std::string::npos);
    EXPECT_EQ(error.message.rfind("truncated JSON: the input ends after ", 0), 0U);
}

TEST(TerraformMalformed, InvalidLiteralAfterASecretDoesNotQuoteIt)
{
    const Error error = read_error("{\"format_version\":\"1.0\",\"password\":\"TOPSECRET\" TOPSECRET}");
    EXPECT_EQ(error.message.find("TOPSECRET"), std::string::npos);
    EXPECT_EQ(error.message, "invalid JSON at line 1, column 48 (byte 47): expected ',' or '}' after an object member");
}

TEST(TerraformMalformed, EmptyInput)
{
    EXPECT_EQ(read_error("").message, "empty input, expected Terraform JSON");
}

TEST(TerraformMalformed, TrailingContentAfterTheDocument)
{
    EXPECT_EQ(read_error("{\"format_version\":\"1.0\"} {}").message,
              "invalid JSON at line 1, column 26 (byte 25): more content after the end of the document");
}

// Each reason RapidJSON can give, in the reader's words (one table in
// reader.cpp: a row out of place would give another code's words).
TEST(TerraformMalformed, EverySyntaxErrorIsNamedInWords)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        {"{\"a\": x}", "column 7 (byte 6): expected a JSON value"},
        {"{x}", "column 2 (byte 1): expected an object key in double quotes"},
        {"{\"a\" 1}", "column 6 (byte 5): expected ':' after an object key"},
        {"{\"a\":1 \"b\":2}", "column 8 (byte 7): expected ',' or '}' after an object member"},
        {"{\"a\":[1 2]}", "column 9 (byte 8): expected ',' or ']' after an array element"},
        {"{\"a\":\"\\u12G4\"}", "column 7 (byte 6): a \\u escape without four hexadecimal digits"},
        {"{\"a\":\"\\uD800x\"}", "column 7 (byte 6): a \\u escape with an unpaired UTF-16 surrogate"},
        {"{\"a\":\"\\q\"}", "column 7 (byte 6): an invalid escape sequence in a string"},
        // RapidJSON 1.1.0 reports a raw control character as an invalid escape.
        {std::string("{\"a\":\"\x01\"}"), "column 7 (byte 6): an invalid escape sequence in a string"},
        {"{\"a\":1.}", "column 8 (byte 7): a number without digits after its decimal point"},
        {"{\"a\":1e}", "column 8 (byte 7): a number without digits in its exponent"},
        {"{} {}", "column 4 (byte 3): more content after the end of the document"},
    };
    for (const auto& [text, reason] : cases) {
        EXPECT_EQ(read_error(text).message, "invalid JSON at line 1, " + reason) << text;
    }
}

TEST(TerraformMalformed, JsonThatIsNotTerraforms)
{
    EXPECT_EQ(read_error("[1,2,3]").message, "not Terraform JSON: the document is an array, expected an object with "
                                             "\"format_version\" (the output of terraform show -json)");
    EXPECT_EQ(read_error("\"text\"").message, "not Terraform JSON: the document is a string, expected an object "
                                              "with \"format_version\" (the output of terraform show -json)");
    EXPECT_EQ(read_error("{\"name\":\"web\",\"milestones\":[\"1d\"]}").message,
              "not Terraform JSON: no \"format_version\" key, expected the output of terraform show -json (a plan "
              "or a state)");
    EXPECT_EQ(read_error("{\"format_version\":\"1.0\",\"rules\":[]}").message,
              "not Terraform JSON: \"format_version\" without any key of a plan or a state (\"planned_values\", "
              "\"resource_changes\", \"values\", …)");
    EXPECT_EQ(read_error("{\"format_version\":1}").message,
              "not Terraform JSON: \"format_version\" is not a version such as \"1.2\"");
    EXPECT_EQ(read_error("{\"format_version\":\"2.0\",\"values\":{}}").message,
              "unsupported Terraform JSON format_version \"2.0\", expected 0.x or 1.x (this certgate reads plans and "
              "states of Terraform 0.12 up to 1.x)");
    EXPECT_EQ(read_error("{\"format_version\":\"1.0\",\"planned_values\":\"x\"}").message,
              "not Terraform JSON: /planned_values is a string, expected an object");
    EXPECT_EQ(read_error("{\"format_version\":\"1.0\",\"resource_changes\":{}}").message,
              "not Terraform JSON: /resource_changes is an object, expected an array");
    EXPECT_EQ(read_error("{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[1]}}}").message,
              "not Terraform JSON: /values/root_module/resources/0 is a number, expected an object");
}

TEST(TerraformMalformed, HundredThousandLevelsOfNesting)
{
    const std::string prefix = "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[{\"values\":"
                               "{\"deep\":";
    const std::string text = prefix + std::string(100000, '[') + std::string(100000, ']') + "}}]}}}";
    const Error error = read_error(text);
    EXPECT_EQ(error.code, ErrorCode::limit);
    EXPECT_EQ(error.message,
              "JSON nested deeper than the limit of 512 levels at byte offset " + std::to_string(prefix.size() + 506));
}

TEST(TerraformMalformed, DeepNestingInAnIgnoredSectionIsAlsoBounded)
{
    const std::string text = "{\"format_version\":\"1.0\",\"configuration\":" + std::string(100000, '[') + "}";
    const Error error = read_error(text);
    EXPECT_EQ(error.code, ErrorCode::limit);
    EXPECT_EQ(error.message.rfind("JSON nested deeper than the limit of 512 levels", 0), 0U);
}

TEST(TerraformMalformed, StringOverTheLimit)
{
    ReadOptions options;
    options.limits.max_string_bytes = 1024;
    const std::string text = "{\"format_version\":\"1.0\",\"values\":\"" + std::string(5000, 'a') + "\"}";
    const Error error = read_error(text, options);
    EXPECT_EQ(error.code, ErrorCode::limit);
    EXPECT_EQ(error.message, "a JSON string at byte offset 1058 is longer than the limit of 1024 bytes");
}

TEST(TerraformMalformed, LongStretchWithoutStringsOverTheLimit)
{
    ReadOptions options;
    options.limits.max_string_bytes = 1024;
    std::string text = "{\"format_version\":\"1.0\",\"x\":[";
    for (int i = 0; i < 1000; ++i) {
        text += "true, ";
    }
    text += "true]}";
    const Error error = read_error(text, options);
    EXPECT_EQ(error.code, ErrorCode::limit);
    EXPECT_EQ(error.message, "more than 1024 bytes of JSON without a string or number, at byte offset 1051");
}

TEST(TerraformMalformed, InvalidUtf8)
{
    const Error error = read_error("{\"format_version\":\"1.0\",\"x\":\"\xff\"}");
    EXPECT_EQ(error.code, ErrorCode::input);
    EXPECT_EQ(error.message, "invalid JSON at line 1, column 30 (byte 29): bytes that are not UTF-8");
}

} // namespace
} // namespace certgate::terraform
