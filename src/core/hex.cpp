#include "certgate/core/hex.hpp"

namespace certgate {

void append_hex(std::string& out, unsigned char byte, HexCase letters)
{
    static constexpr std::string_view k_lower = "0123456789abcdef";
    static constexpr std::string_view k_upper = "0123456789ABCDEF";
    const std::string_view digits = letters == HexCase::lower ? k_lower : k_upper;
    out.push_back(digits[byte >> 4U]);
    out.push_back(digits[byte & 0x0FU]);
}

std::string hex_encode(std::string_view bytes, HexCase letters)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        append_hex(out, static_cast<unsigned char>(c), letters);
    }
    return out;
}

} // namespace certgate
