#include "certgate/core/quote.hpp"

namespace certgate {
namespace {

// The length of the well-formed UTF-8 sequence at the start of `text`, 0 when
// it is not one (a stray continuation byte, a truncated or overlong sequence).
std::size_t utf8_sequence_length(std::string_view text)
{
    const auto lead = static_cast<unsigned char>(text[0]);
    std::size_t length = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
    } else {
        return 0;
    }
    if (text.size() < length) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
            return 0;
        }
    }
    return length;
}

} // namespace

std::string quote_for_message(std::string_view text, std::size_t limit)
{
    std::string out = "\"";
    std::size_t used = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = 1;
        if (byte >= 0x80) {
            length = utf8_sequence_length(text.substr(i));
        }
        const std::size_t width = length == 0 ? 1 : length;
        if (used + width > limit) {
            out += "…";
            break;
        }
        if (length == 0 || byte < 0x20 || byte == 0x7F) {
            out.push_back('?'); // control characters and bytes that are not UTF-8
        } else {
            out.append(text.substr(i, length));
        }
        used += width;
        i += width;
    }
    return out + "\"";
}

} // namespace certgate
