// The simulated client's own rules, where the real tools showed what they do
// (tests/e2e/terraform_real/query_strings_test.cpp): they stay tested on
// machines without Go.

#include "terraform_client.hpp"

#include <gtest/gtest.h>

namespace certgate::testing {
namespace {

using nlohmann::json;

TEST(TerraformClient, NumbersBecomeDecimalTextWithoutAnExponentAsTheRealToolsSendThem)
{
    // Regression: 1e20 was sent as "1e+20" and 1e-7 as "1e-07"; tofu 1.6.3
    // and terraform 1.5.7 send "100000000000000000000" and "0.0000001".
    EXPECT_EQ(terraform::terraform_string(json::parse("100000000000000000000")), "100000000000000000000");
    EXPECT_EQ(terraform::terraform_string(json::parse("1e-7")), "0.0000001");
    EXPECT_EQ(terraform::terraform_string(json::parse("-2500")), "-2500");
    EXPECT_EQ(terraform::terraform_string(json::parse("1.5")), "1.5");
    EXPECT_EQ(terraform::terraform_string(json::parse("10")), "10");
    EXPECT_EQ(terraform::terraform_string(json::parse("true")), "true");
    EXPECT_EQ(terraform::terraform_string(json::parse("false")), "false");
    EXPECT_EQ(terraform::terraform_string(json::parse("\"x\"")), "x");
    EXPECT_EQ(terraform::terraform_string(json::parse("null")), std::nullopt);
}

} // namespace
} // namespace certgate::testing
