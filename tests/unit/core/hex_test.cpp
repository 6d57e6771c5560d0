#include "certgate/core/hex.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

TEST(Hex, EncodesEveryByteAsTwoDigits)
{
    EXPECT_EQ(hex_encode(""), "");
    EXPECT_EQ(hex_encode(std::string("\x00\x01\x7f\x80\xff", 5)), "00017f80ff");
    EXPECT_EQ(hex_encode("\xab\xcd", HexCase::upper), "ABCD");
    std::string out = "%";
    append_hex(out, 0x2F, HexCase::upper);
    EXPECT_EQ(out, "%2F");
    append_hex(out, 0xE9);
    EXPECT_EQ(out, "%2Fe9");
}

} // namespace
} // namespace certgate
