#pragma once
// Hexadecimal digits of bytes: fingerprints, digests, percent-encoding,
// quoted-printable, escapes. One table for every layer.

#include <string>
#include <string_view>

namespace certgate {

/// Lowercase ("ab") or uppercase ("AB") letters.
enum class HexCase { lower, upper };

/// Appends the two hex digits of `byte` to `out`.
void append_hex(std::string& out, unsigned char byte, HexCase letters = HexCase::lower);

/// Two hex digits for each byte of `bytes`, in order ("\x01\xff" -> "01ff").
[[nodiscard]] std::string hex_encode(std::string_view bytes, HexCase letters = HexCase::lower);

} // namespace certgate
