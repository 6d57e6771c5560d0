#pragma once
// User values in messages: `certgate: error: …: invalid port "80x"`.

#include <cstddef>
#include <string>
#include <string_view>

namespace certgate {

/// `text` in double quotes for an error message: control characters, DEL and
/// bytes that are not well-formed UTF-8 shown as '?', so a value cannot
/// repaint a terminal, forge a line or break the message's encoding; cut
/// after `limit` bytes (on a character boundary) with "…".
[[nodiscard]] std::string quote_for_message(std::string_view text, std::size_t limit = 200);

} // namespace certgate
