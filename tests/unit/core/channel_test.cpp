#include "certgate/core/channel.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

TEST(Channel, OneSpellingEachWayRoundTrips)
{
    EXPECT_EQ(to_string(Channel::email), "email");
    EXPECT_EQ(to_string(Channel::sms), "sms");
    for (const Channel channel : k_channels) {
        EXPECT_EQ(parse_channel(to_string(channel)), channel);
    }
    EXPECT_EQ(parse_channel("webhook"), std::nullopt);
    EXPECT_EQ(parse_channel("Email"), std::nullopt);
    EXPECT_EQ(parse_channel(""), std::nullopt);
}

} // namespace
} // namespace certgate
