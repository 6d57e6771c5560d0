#include "certgate/core/channel.hpp"
#include "certgate/core/enum_names.hpp"

namespace certgate {
namespace {

constexpr std::array<EnumName<Channel>, 2> k_channel_names{{
    {Channel::email, "email"},
    {Channel::sms, "sms"},
}};
static_assert(lists_in_order(k_channel_names));
static_assert(k_channel_names.size() == k_channels.size());

} // namespace

std::string_view to_string(Channel channel)
{
    return name_of(k_channel_names, channel);
}

std::optional<Channel> parse_channel(std::string_view text)
{
    return value_named(k_channel_names, text);
}

} // namespace certgate
