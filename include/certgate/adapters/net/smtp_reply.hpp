#pragma once
// The SMTP dialogue as libcurl reports it (its debug callback): which
// command the client sent last and the server's last complete reply. Pure,
// bounded, and fuzzed (tests/fuzz/smtp_replies_fuzzer.cpp).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace certgate::net {

/// A complete reply: the code of its last line and its text (all lines,
/// joined by spaces, control characters replaced, at most 300 bytes).
struct SmtpReply {
    int code = 0;
    std::string text;
};

/// Whether a reply code refuses for good (5yz), for now (4yz) or accepts.
enum class ReplyClass { positive, transient, permanent, malformed };
[[nodiscard]] ReplyClass classify_reply(int code);

/// Follows a dialogue from the bytes libcurl shows it. Memory stays bounded
/// whatever the server sends.
class SmtpDialogue {
public:
    /// Bytes the server sent (CURLINFO_HEADER_IN), any chunking.
    void server_bytes(std::string_view bytes);
    /// A line the client sent (CURLINFO_HEADER_OUT). Only the command verb
    /// is kept, and only a known verb: AUTH continuation lines (credentials)
    /// are never stored.
    void client_line(std::string_view line);
    /// The client began sending the message body (CURLINFO_DATA_OUT).
    void body_started() { m_body_started = true; }

    [[nodiscard]] const std::optional<SmtpReply>& last_reply() const { return m_last; }
    /// What the last reply answered, for messages ("the greeting", "RCPT TO", "the message").
    [[nodiscard]] std::string stage() const;
    /// Replies seen that were not valid SMTP ("xyz" code, separator).
    [[nodiscard]] std::size_t malformed_lines() const { return m_malformed; }

private:
    void complete_line(std::string_view line);

    std::string m_partial;    ///< the current line so far (bounded)
    std::string m_reply_text; ///< the reply so far (bounded)
    std::optional<SmtpReply> m_last;
    std::string m_verb = "the greeting";
    bool m_body_started = false;
    bool m_closing = false; ///< QUIT sent: later replies are not kept
    std::size_t m_malformed = 0;
};

} // namespace certgate::net
