#include "certgate/core/json_syntax.hpp"

#include <algorithm>

namespace certgate {

JsonPosition json_position_in(std::string_view document, std::uint64_t byte)
{
    const std::size_t end = static_cast<std::size_t>(std::min<std::uint64_t>(byte, document.size()));
    const std::string_view before = document.substr(0, end);
    const std::size_t last_newline = before.rfind('\n');
    JsonPosition position;
    position.byte = byte;
    position.line = 1 + static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
    position.column = 1 + (last_newline == std::string_view::npos ? end : end - last_newline - 1);
    return position;
}

std::string json_syntax_error(const JsonPosition& position, std::string_view reason)
{
    std::string text = "invalid JSON at line " + std::to_string(position.line) + ", column " +
                       std::to_string(position.column) + " (byte " + std::to_string(position.byte) + ")";
    if (!reason.empty()) {
        text += ": ";
        text += reason;
    }
    return text;
}

} // namespace certgate
