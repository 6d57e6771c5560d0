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

std::string json_parse_reason(std::string_view message)
{
    if (const auto colon = message.find(": "); colon != std::string_view::npos) {
        message.remove_prefix(colon + 2);
    }
    constexpr std::string_view k_preface = "syntax error while parsing ";
    if (message.substr(0, k_preface.size()) == k_preface) {
        if (const auto dash = message.find(" - "); dash != std::string_view::npos) {
            message.remove_prefix(dash + 3);
        }
    }
    if (const auto echo = message.find("; last read"); echo != std::string_view::npos) {
        message = message.substr(0, echo);
    }
    return std::string(message);
}

} // namespace certgate
