#include "certgate/core/channel.hpp"

namespace certgate {

std::string_view to_string(Channel channel)
{
    switch (channel) {
    case Channel::email:
        return "email";
    case Channel::sms:
        break;
    }
    return "sms";
}

std::optional<Channel> parse_channel(std::string_view text)
{
    for (const Channel channel : k_channels) {
        if (text == to_string(channel)) {
            return channel;
        }
    }
    return std::nullopt;
}

} // namespace certgate
