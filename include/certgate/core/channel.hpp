#pragma once
// The ways a notification reaches a recipient. `email` goes over SMTP, `sms`
// through the webhook (which an SMS gateway or chat tool receives).

#include <array>
#include <optional>
#include <string_view>

namespace certgate {

/// A recipient's channel.
enum class Channel { email, sms };

/// Every channel, in the order recipients get them by default.
inline constexpr std::array<Channel, 2> k_channels{Channel::email, Channel::sms};

/// "email", "sms": the one spelling in declarations, the store, webhook
/// payloads and output.
[[nodiscard]] std::string_view to_string(Channel channel);

/// The channel named `text` ("email" or "sms"), or nullopt.
[[nodiscard]] std::optional<Channel> parse_channel(std::string_view text);

} // namespace certgate
