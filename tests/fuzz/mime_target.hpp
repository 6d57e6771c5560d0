#pragma once
// Fuzzes the MIME builder as a round trip: the message format_email builds
// from any subject, recipient and bodies keeps every line 7-bit and at most
// 78 octets, and parses back (tests/support/mime_message.cpp: headers
// unfolded, encoded words and quoted-printable decoded) to the same parts.
// Fields are separated by a NUL byte: subject, to, text, html.
// Shared by the harness (mime_fuzzer.cpp) and the replay of its kept
// inputs in the normal suite (tests/unit/app/fuzz_regressions_test.cpp).

#include "certgate/adapters/delivery/email.hpp"
#include "support/mime_message.hpp"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::fuzz::detail {

inline std::string header_text(std::string_view value)
{
    std::string clean(value);
    for (char& c : clean) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            c = ' ';
        }
    }
    return clean;
}

inline std::string without_crlf(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
            out.push_back(text[i]);
        }
    }
    return out;
}

} // namespace certgate::fuzz::detail

namespace certgate::fuzz {

inline void fuzz_mime(std::string_view input)
{
    using namespace certgate::fuzz::detail;
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    const std::size_t size = input.size();
    std::vector<std::string> fields(4);
    std::size_t field = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0 && field < 3) {
            ++field;
        } else {
            fields[field].push_back(static_cast<char>(data[i]));
        }
    }
    const certgate::delivery::EmailMessage message{fields[1], fields[0], fields[2], fields[3], "fuzz@certgate"};
    const std::string text =
        certgate::delivery::format_email(message, "certgate@example.com", certgate::Instant{std::chrono::seconds{0}});
    std::size_t column = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x80 || byte == 0) {
            std::abort(); // 8-bit or NUL in a 7-bit message
        }
        if (text[i] == '\r') {
            if (i + 1 >= text.size() || text[i + 1] != '\n') {
                std::abort(); // a bare CR
            }
            column = 0;
            ++i;
            continue;
        }
        if (text[i] == '\n' || ++column > certgate::delivery::k_max_mail_line) {
            std::abort(); // a bare LF or a line too long
        }
    }
    const auto parsed = certgate::testing::parse_mime(text);
    if (!parsed.error.empty() || parsed.parts.size() != 2 || parsed.header("Subject") != header_text(fields[0]) ||
        parsed.header("To") != header_text(fields[1]) || parsed.parts[0].body != without_crlf(fields[2]) ||
        parsed.parts[1].body != without_crlf(fields[3])) {
        std::abort();
    }
}

} // namespace certgate::fuzz
