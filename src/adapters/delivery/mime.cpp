// The RFC 5322 / MIME text of a notification email: every line 7-bit and at
// most 78 octets, so that strict MTAs (and those without 8BITMIME) take it.

#include "certgate/adapters/delivery/email.hpp"
#include "certgate/core/hex.hpp"

#include "base64.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstdio>

namespace certgate::delivery {

namespace {

using detail::base64;

constexpr std::size_t k_encoded_chunk = 36; // bytes per encoded word: 60 characters

bool is_printable_ascii(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x7f;
}

// Header values come from declarations: line breaks would inject headers,
// other control characters would confuse readers.
std::string header_text(std::string_view value)
{
    std::string clean;
    clean.reserve(value.size());
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        clean.push_back(byte < 0x20 || byte == 0x7f ? ' ' : c);
    }
    return clean;
}

/// Whether `value` can go as is, folded at its spaces: printable ASCII,
/// nothing that looks like an encoded word, no word too long for a line.
bool foldable_as_is(std::string_view value, std::size_t name_length)
{
    std::size_t word = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!is_printable_ascii(value[i]) || (value[i] == '=' && i + 1 < value.size() && value[i + 1] == '?')) {
            return false;
        }
        word = value[i] == ' ' ? 0 : word + 1;
        if (word + name_length + 3 > k_max_mail_line) {
            return false;
        }
    }
    return value.empty() || (value.front() != ' ' && value.back() != ' ');
}

/// "Name: value" folded before spaces so that no line passes 78 octets;
/// unfolding (removing each CRLF) gives the value back exactly.
std::string folded(std::string_view name, std::string_view value)
{
    std::string out = std::string(name) + ": ";
    std::size_t column = out.size();
    std::size_t start = 0;
    while (start < value.size()) {
        std::size_t end = value.find(' ', start + 1);
        if (end == std::string_view::npos) {
            end = value.size();
        }
        const std::string_view piece = value.substr(start, end - start); // " word" or the first word
        if (column + piece.size() > k_max_mail_line && start > 0) {
            out += "\r\n";
            column = 0;
        }
        out += piece;
        column += piece.size();
        start = end;
    }
    return out + "\r\n";
}

/// The start of the last UTF-8 sequence that fits in `limit` bytes from
/// `start`, so that no encoded word splits a character.
std::size_t chunk_end(std::string_view text, std::size_t start, std::size_t limit)
{
    std::size_t end = std::min(text.size(), start + limit);
    if (end == text.size()) {
        return end;
    }
    for (std::size_t back = 0; back < 4 && end - back > start; ++back) {
        if ((static_cast<unsigned char>(text[end - back]) & 0xC0U) != 0x80U) {
            return end - back == start ? end : end - back;
        }
    }
    return end; // not UTF-8: split anywhere
}

/// "Name: =?UTF-8?B?...?=" with one encoded word per folded line (RFC 2047;
/// the folding space between encoded words disappears on decoding).
std::string encoded_words(std::string_view name, std::string_view value)
{
    std::string out = std::string(name) + ":";
    std::size_t start = 0;
    bool first = true;
    while (start < value.size() || first) {
        const std::size_t end = chunk_end(value, start, k_encoded_chunk);
        out += (first ? " " : "\r\n ") + std::string("=?UTF-8?B?") + base64(value.substr(start, end - start)) + "?=";
        start = end;
        first = false;
    }
    return out + "\r\n";
}

std::string header(std::string_view name, std::string_view value)
{
    const std::string clean = header_text(value);
    return foldable_as_is(clean, name.size()) ? folded(name, clean) : encoded_words(name, clean);
}

/// Quoted-printable (RFC 2045 6.7) with CRLF hard breaks and soft breaks
/// keeping every line at most 76 octets. "\n" and "\r\n" end lines.
std::string quoted_printable(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t column = 0;
    const auto emit = [&](std::string_view piece) {
        if (column + piece.size() > 75) { // leave room for the soft break's "="
            out += "=\r\n";
            column = 0;
        }
        out += piece;
        column += piece.size();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
            if (c == '\r') {
                ++i;
            }
            out += "\r\n";
            column = 0;
            continue;
        }
        const bool line_end = i + 1 == text.size() || text[i + 1] == '\n' ||
                              (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n');
        const auto byte = static_cast<unsigned char>(c);
        const bool literal = (byte >= 33 && byte <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_end);
        if (literal) {
            emit(std::string_view(&c, 1));
        } else {
            std::string encoded = "=";
            append_hex(encoded, byte, HexCase::upper);
            emit(encoded);
        }
    }
    return out;
}

std::string random_boundary()
{
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        // Without randomness the boundary is still safe: quoted-printable
        // output never contains "=_".
        bytes.fill(0);
    }
    std::string boundary = "=_certgate_";
    for (const unsigned char byte : bytes) {
        append_hex(boundary, byte);
    }
    return boundary;
}

std::string rfc5322_date(Instant date)
{
    using namespace std::chrono;
    static constexpr std::array<const char*, 7> k_days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = floor<days>(date);
    const year_month_day ymd{day};
    const hh_mm_ss time{date - day};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02ld:%02ld:%02ld +0000", k_days[weekday{day}.c_encoding()],
                  static_cast<unsigned>(ymd.day()), k_months[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()), static_cast<long>(time.seconds().count()));
    return buffer;
}

} // namespace

bool valid_address(std::string_view address)
{
    if (address.empty() || address.size() > 254) {
        return false;
    }
    std::size_t at_signs = 0;
    for (const char c : address) {
        if (!is_printable_ascii(c) || c == ' ' || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' ||
            c == ',' || c == ';' || c == '\\') {
            return false;
        }
        at_signs += c == '@' ? 1 : 0;
    }
    return at_signs == 1 && address.front() != '@' && address.back() != '@';
}

std::string format_email(const EmailMessage& message, const std::string& from, Instant date)
{
    const std::string boundary = random_boundary();
    std::string text;
    text += header("From", from);
    text += header("To", message.to);
    text += header("Subject", message.subject);
    text += "Date: " + rfc5322_date(date) + "\r\n";
    text += header("Message-ID", "<" + message.message_id + ">");
    text += "Auto-Submitted: auto-generated\r\n";
    text += "MIME-Version: 1.0\r\n";
    text += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n";
    text += "\r\n";
    text += "--" + boundary + "\r\n";
    text += "Content-Type: text/plain; charset=utf-8\r\n";
    text += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    text += quoted_printable(message.text) + "\r\n";
    text += "--" + boundary + "\r\n";
    text += "Content-Type: text/html; charset=utf-8\r\n";
    text += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    text += quoted_printable(message.html) + "\r\n";
    text += "--" + boundary + "--\r\n";
    return text;
}

} // namespace certgate::delivery
