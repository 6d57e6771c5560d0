#include "certgate/adapters/delivery/codes.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace certgate::delivery {
namespace {

TEST(Codes, AreEightRandomDigits)
{
    const auto first = random_code();
    const auto second = random_code();
    ASSERT_EQ(first.size(), 8U);
    EXPECT_TRUE(std::all_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; }));
    EXPECT_NE(first, second);
    EXPECT_EQ(random_hex(16).size(), 32U);
}

// Regression (issue 12 item 13): a code's hash was one SHA-256, and all 10^8
// codes were tried against a stored hash in 28 s.
TEST(Codes, HashWithPbkdf2HmacSha256AndItsDocumentedIterationCount)
{
    EXPECT_EQ(k_code_hash_iterations, 600000U);
    // python3 -c "import hashlib; print(hashlib.pbkdf2_hmac('sha256', b'12345678', b'salt', 600000).hex())"
    EXPECT_EQ(hash_code("12345678", "salt"),
              "pbkdf2-sha256$600000$cc10bf81f483d3d158ac3419bf6783261d8c3de453cda8e50a12726617f23847");
    EXPECT_NE(hash_code("12345678", "salt"), hash_code("12345678", "pepper"));
}

TEST(Codes, MatchOnlyTheRightCodeUnderTheRightSalt)
{
    const auto stored = hash_code("12345678", "salt");
    EXPECT_TRUE(code_matches("12345678", "salt", stored));
    EXPECT_FALSE(code_matches("12345679", "salt", stored));
    EXPECT_FALSE(code_matches("12345678", "pepper", stored));
    EXPECT_FALSE(code_matches("12345678", "salt", stored.substr(0, stored.size() - 1)));
    // A hash of certgate before schema version 2, sha256("salt:12345678"),
    // never matches: those codes are void.
    EXPECT_FALSE(code_matches("12345678", "salt", "2967738c63034acf674d8d481d9ca87b6326d22662c8b053935e5510e40f6085"));
}

} // namespace
} // namespace certgate::delivery
