#include "certgate/adapters/net/smtp_reply.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace certgate::net {

namespace {

constexpr std::size_t k_max_line = 1024; // RFC 5321 allows 512; the rest is dropped
constexpr std::size_t k_max_text = 300;

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

void append_printable(std::string& text, std::string_view more)
{
    for (const char c : more) {
        if (text.size() >= k_max_text) {
            return;
        }
        const auto byte = static_cast<unsigned char>(c);
        text.push_back(byte < 0x20 || byte == 0x7f ? ' ' : c);
    }
}

} // namespace

ReplyClass classify_reply(int code)
{
    if (code >= 200 && code <= 399) {
        return ReplyClass::positive;
    }
    if (code >= 400 && code <= 499) {
        return ReplyClass::transient;
    }
    if (code >= 500 && code <= 599) {
        return ReplyClass::permanent;
    }
    return ReplyClass::malformed;
}

void SmtpDialogue::server_bytes(std::string_view bytes)
{
    if (m_closing) {
        return; // the answer to QUIT says nothing about the message
    }
    for (const char c : bytes) {
        if (c == '\n') {
            std::string_view line(m_partial);
            if (!line.empty() && line.back() == '\r') {
                line.remove_suffix(1);
            }
            complete_line(line);
            m_partial.clear();
        } else if (m_partial.size() < k_max_line) {
            m_partial.push_back(c);
        }
    }
}

void SmtpDialogue::complete_line(std::string_view line)
{
    if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]) ||
        (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
        ++m_malformed;
        return;
    }
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    const std::string_view text = line.size() > 4 ? line.substr(4) : std::string_view{};
    if (!m_reply_text.empty() && m_reply_text.size() < k_max_text) {
        m_reply_text.push_back(' ');
    }
    append_printable(m_reply_text, text);
    if (line.size() == 3 || line[3] == ' ') {
        m_last = SmtpReply{code, std::move(m_reply_text)};
        m_reply_text.clear();
    }
}

void SmtpDialogue::client_line(std::string_view line)
{
    // Only these verbs name a stage; anything else (an AUTH continuation,
    // which carries credentials) is neither kept nor looked at further.
    static constexpr std::array<std::string_view, 9> k_verbs{"EHLO", "HELO", "STARTTLS", "AUTH", "MAIL",
                                                             "RCPT", "DATA", "QUIT",     "RSET"};
    const auto end = line.find_first_of(" \r\n");
    std::string verb(line.substr(0, std::min(end, std::size_t{8})));
    std::transform(verb.begin(), verb.end(), verb.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (std::find(k_verbs.begin(), k_verbs.end(), verb) == k_verbs.end()) {
        return;
    }
    if (verb == "QUIT") {
        m_closing = true;
        return;
    }
    if (verb == "MAIL") {
        verb = "MAIL FROM";
    } else if (verb == "RCPT") {
        verb = "RCPT TO";
    }
    m_verb = std::move(verb);
    m_body_started = false;
}

std::string SmtpDialogue::stage() const
{
    return m_body_started ? "the message" : m_verb;
}

} // namespace certgate::net
