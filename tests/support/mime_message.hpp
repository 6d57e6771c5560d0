#pragma once
// Reads back the emails certgate writes (RFC 5322 with folded headers, RFC
// 2047 encoded words, multipart bodies in quoted-printable or base64), so that
// tests and the MIME fuzz harness compare what a mail reader would show.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::testing {

struct MimePart {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body; ///< decoded; CRLF line ends become "\n"
};

struct MimeMessage {
    std::vector<std::pair<std::string, std::string>> headers; ///< unfolded, encoded words decoded
    std::vector<MimePart> parts;                              ///< the multipart body's parts
    std::string error;                                        ///< "" when the message parsed

    /// The first header of that name (case-insensitive), "" when absent.
    [[nodiscard]] std::string header(std::string_view name) const;
};

/// Parses `raw` (CRLF line ends). Envelope lines added by a test sink
/// ("X-Envelope-To: ...") are headers like any other.
[[nodiscard]] MimeMessage parse_mime(std::string_view raw);

/// Decodes RFC 2047 encoded words (B and Q, any charset taken as bytes);
/// white space between two encoded words is dropped.
[[nodiscard]] std::string decode_encoded_words(std::string_view value);

[[nodiscard]] std::string decode_quoted_printable(std::string_view text);

} // namespace certgate::testing
