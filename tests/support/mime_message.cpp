#include "support/mime_message.hpp"

#include <openssl/evp.h>

#include <cctype>
#include <strings.h>

namespace certgate::testing {

namespace {

int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

std::string base64_decode(std::string_view text)
{
    std::string clean;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/' || c == '=') {
            clean.push_back(c);
        }
    }
    if (clean.empty() || clean.size() % 4 != 0) {
        return {};
    }
    std::string out(clean.size() / 4 * 3, '\0');
    const int size =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
    if (size < 0) {
        return {};
    }
    std::size_t padding = 0;
    for (auto it = clean.rbegin(); it != clean.rend() && *it == '=' && padding < 2; ++it) {
        ++padding;
    }
    out.resize(static_cast<std::size_t>(size) - padding);
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_headers(std::string_view block)
{
    std::vector<std::pair<std::string, std::string>> headers;
    std::string current;
    const auto flush = [&] {
        const auto colon = current.find(':');
        if (colon != std::string::npos) {
            std::string value = current.substr(colon + 1);
            if (!value.empty() && value.front() == ' ') {
                value.erase(0, 1);
            }
            headers.emplace_back(current.substr(0, colon), decode_encoded_words(value));
        }
        current.clear();
    };
    std::size_t start = 0;
    while (start < block.size()) {
        auto end = block.find("\r\n", start);
        if (end == std::string_view::npos) {
            end = block.size();
        }
        const std::string_view line = block.substr(start, end - start);
        if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            current += line; // unfolding removes the CRLF only
        } else {
            flush();
            current = line;
        }
        start = end + 2;
    }
    flush();
    return headers;
}

std::string header_of(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name)
{
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
            return value;
        }
    }
    return {};
}

std::string crlf_to_lf(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;
        }
        out.push_back(text[i]);
    }
    return out;
}

} // namespace

std::string MimeMessage::header(std::string_view name) const
{
    return header_of(headers, name);
}

std::string decode_encoded_words(std::string_view value)
{
    std::string out;
    std::string pending_space;
    bool previous_encoded = false;
    std::size_t i = 0;
    while (i < value.size()) {
        if (value.substr(i, 2) == "=?") {
            const auto charset_end = value.find('?', i + 2);
            const auto encoding_end =
                charset_end == std::string_view::npos ? charset_end : value.find('?', charset_end + 1);
            const auto text_end =
                encoding_end == std::string_view::npos ? encoding_end : value.find("?=", encoding_end + 1);
            if (text_end != std::string_view::npos && encoding_end == charset_end + 2) {
                const char encoding =
                    static_cast<char>(std::toupper(static_cast<unsigned char>(value[charset_end + 1])));
                const std::string_view text = value.substr(encoding_end + 1, text_end - encoding_end - 1);
                std::string decoded;
                if (encoding == 'B') {
                    decoded = base64_decode(text);
                } else {
                    for (std::size_t k = 0; k < text.size(); ++k) {
                        if (text[k] == '_') {
                            decoded.push_back(' ');
                        } else if (text[k] == '=' && k + 2 < text.size() && hex_value(text[k + 1]) >= 0 &&
                                   hex_value(text[k + 2]) >= 0) {
                            decoded.push_back(static_cast<char>(hex_value(text[k + 1]) * 16 + hex_value(text[k + 2])));
                            k += 2;
                        } else {
                            decoded.push_back(text[k]);
                        }
                    }
                }
                if (!previous_encoded) {
                    out += pending_space;
                }
                pending_space.clear();
                out += decoded;
                previous_encoded = true;
                i = text_end + 2;
                continue;
            }
        }
        if (value[i] == ' ' || value[i] == '\t') {
            pending_space.push_back(value[i]);
            ++i;
            continue;
        }
        out += pending_space;
        pending_space.clear();
        out.push_back(value[i]);
        previous_encoded = false;
        ++i;
    }
    return out + pending_space;
}

std::string decode_quoted_printable(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out.push_back(text[i]);
            continue;
        }
        if (text.substr(i, 3) == "=\r\n") {
            i += 2;
            continue;
        }
        if (i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
            continue;
        }
        out.push_back('=');
    }
    return out;
}

MimeMessage parse_mime(std::string_view raw)
{
    MimeMessage message;
    const auto head_end = raw.find("\r\n\r\n");
    if (head_end == std::string_view::npos) {
        message.error = "no blank line after the headers";
        return message;
    }
    message.headers = parse_headers(raw.substr(0, head_end));
    const std::string_view body = raw.substr(head_end + 4);
    const std::string type = message.header("Content-Type");
    const auto boundary_at = type.find("boundary=\"");
    if (boundary_at == std::string::npos) {
        message.error = "no multipart boundary";
        return message;
    }
    const auto boundary_end = type.find('"', boundary_at + 10);
    const std::string delimiter = "--" + type.substr(boundary_at + 10, boundary_end - boundary_at - 10);
    std::size_t at = body.rfind(delimiter + "\r\n", 0) == 0 ? 0 : body.find("\r\n" + delimiter + "\r\n");
    if (at == std::string_view::npos) {
        message.error = "no first boundary";
        return message;
    }
    at = body.find("\r\n", at + (at == 0 ? 0 : 2)) + 2;
    while (true) {
        const auto next = body.find("\r\n" + delimiter, at);
        if (next == std::string_view::npos) {
            message.error = "no closing boundary";
            return message;
        }
        const std::string_view part = body.substr(at, next - at);
        const auto part_head_end = part.find("\r\n\r\n");
        if (part_head_end == std::string_view::npos) {
            message.error = "a part without headers";
            return message;
        }
        MimePart parsed;
        parsed.headers = parse_headers(part.substr(0, part_head_end));
        const std::string_view content = part.substr(part_head_end + 4);
        const std::string encoding = header_of(parsed.headers, "Content-Transfer-Encoding");
        parsed.body =
            crlf_to_lf(strcasecmp(encoding.c_str(), "quoted-printable") == 0 ? decode_quoted_printable(content)
                       : strcasecmp(encoding.c_str(), "base64") == 0         ? base64_decode(content)
                                                                             : std::string(content));
        message.parts.push_back(std::move(parsed));
        const std::size_t after = next + 2 + delimiter.size();
        if (body.substr(after, 2) == "--") {
            return message;
        }
        at = after + 2;
    }
}

} // namespace certgate::testing
