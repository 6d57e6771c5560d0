#include "certgate/core/quote.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

TEST(QuoteForMessage, QuotesHidesControlCharactersAndCuts)
{
    EXPECT_EQ(quote_for_message("80x"), "\"80x\"");
    EXPECT_EQ(quote_for_message(""), "\"\"");
    EXPECT_EQ(quote_for_message("a\nb\x1b[2J\x7f"), "\"a?b?[2J?\"");
    EXPECT_EQ(quote_for_message("abcdef", 3), "\"abc…\"");
    EXPECT_EQ(quote_for_message("abc", 3), "\"abc\"");
    // "运" is three bytes: a cut after four bytes keeps whole characters only.
    EXPECT_EQ(quote_for_message("a运b", 2), "\"a…\"");
    EXPECT_EQ(quote_for_message("a运b", 4), "\"a运…\"");
    EXPECT_EQ(quote_for_message(std::string("\x00\xff\xfe", 3)), "\"???\"");
    EXPECT_EQ(quote_for_message("\xe8\xbf"), "\"??\"");                         // a truncated sequence
    EXPECT_EQ(quote_for_message("\xc3\xa9t\xc3\xa9"), "\"\xc3\xa9t\xc3\xa9\""); // "été" stays
}

} // namespace
} // namespace certgate
