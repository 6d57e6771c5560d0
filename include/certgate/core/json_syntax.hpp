#pragma once
// One wording for malformed JSON, whichever reader found it (plan and state
// JSON, the declarations file, the policy file, the external protocol's
// query): `invalid JSON at line 3, column 14 (byte 57): expected ':'`.
// The reason names what was wrong, never the bytes that were there, so a
// message cannot quote a document (or a secret in it).

#include <cstdint>
#include <string>
#include <string_view>

namespace certgate {

/// Where in a document a reader stopped. Lines and columns count from 1;
/// columns count bytes, as editors' "go to byte" and `jq` do; `byte` counts
/// from 0.
struct JsonPosition {
    std::uint64_t byte = 0;
    std::uint64_t line = 1;
    std::uint64_t column = 1;
};

/// The position of `byte` in `document` (newlines before it counted); a
/// byte past the end is the position just after the last byte.
[[nodiscard]] JsonPosition json_position_in(std::string_view document, std::uint64_t byte);

/// "invalid JSON at line L, column C (byte B): REASON".
[[nodiscard]] std::string json_syntax_error(const JsonPosition& position, std::string_view reason);

/// The reason in a parse error message of nlohmann/json (the parser of the
/// policy file, the declarations file and the external protocol), for
/// json_syntax_error: the text after its position, without "syntax error
/// while parsing … - " and without "; last read: '…'", which quotes the
/// document. "[json.exception.parse_error.101] parse error at line 1, column
/// 4: syntax error while parsing value - invalid literal; last read: 'tru'"
/// gives "invalid literal". What is left names token kinds, never bytes.
[[nodiscard]] std::string json_parse_reason(std::string_view message);

} // namespace certgate
