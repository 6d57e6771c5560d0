#include "certgate/core/escape.hpp"

#include <gtest/gtest.h>

#include <array>

namespace certgate {
namespace {

constexpr std::array<Replacement, 2> k_rules{{{'<', "&lt;"}, {'\n', "\\n"}}};

TEST(Escape, ListedBytesAreReplacedAndTheRestCopied)
{
    EXPECT_EQ(escape("a<b\nc\xc3\xa9", {k_rules}), "a&lt;b\\nc\xc3\xa9");
    EXPECT_EQ(escape("", {k_rules}), "");
}

TEST(Escape, OtherControlBytesAreKeptOrReplacedAsTheRulesSay)
{
    const std::string text = std::string("a\x01\tb\x7f", 5) + std::string(1, '\0') + "\n";
    EXPECT_EQ(escape(text, {k_rules}), std::string("a\x01\tb\x7f", 5) + std::string(1, '\0') + "\\n");
    EXPECT_EQ(escape(text, {k_rules, '?'}), "a??b??\\n");
    EXPECT_EQ(escape(text, {{}, ' '}), "a  b   ");
}

} // namespace
} // namespace certgate

namespace certgate {
namespace {

TEST(EscapeHtml, EveryMarkupByteBecomesAReference)
{
    EXPECT_EQ(escape_html("<script>alert(1)</script>\"onmouseover=x 'y' & z"),
              "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=x &#39;y&#39; &amp; z");
    EXPECT_EQ(escape_html("web.example.com"), "web.example.com");
    EXPECT_EQ(escape_html(""), "");
}

} // namespace
} // namespace certgate
