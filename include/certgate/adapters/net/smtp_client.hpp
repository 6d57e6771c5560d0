#pragma once
// SMTP submission on the one network client (see transfer.hpp).

#include "certgate/adapters/net/smtp_reply.hpp"
#include "certgate/adapters/net/transfer.hpp"

#include <optional>
#include <string>

namespace certgate::net {

/// How the SMTP connection is protected.
enum class SmtpSecurity {
    none,     ///< plain text
    starttls, ///< plain connect, then STARTTLS, required (CURLUSESSL_ALL)
    implicit, ///< TLS from the first byte (smtps)
};

/// One message to one recipient.
struct SmtpTransfer {
    std::string host;
    unsigned port = 25;
    SmtpSecurity security = SmtpSecurity::starttls;
    std::string helo_name = "localhost";
    std::optional<std::string> user; ///< AUTH (the best mechanism offered) when set
    std::string password;
    std::string from;
    std::string to;
    std::string message; ///< RFC 5322 text, CRLF line ends, lines of at most 998 octets
};

/// What became of a transfer.
struct SmtpOutcome {
    bool sent = false;
    /// The last complete reply of the server and the command it answered.
    std::optional<SmtpReply> reply;
    std::string stage; ///< "the greeting", "EHLO", "AUTH", "MAIL FROM", "RCPT TO", "DATA", "the message"
    /// Why it failed, when not refused by a reply (timeout, TLS, connection).
    std::string transport_error;
    bool timed_out = false;
};

/// Sends one message within `limits`. The server's replies are what
/// `SmtpOutcome::reply` reports; nothing the client sent (AUTH lines
/// included) is ever kept.
[[nodiscard]] SmtpOutcome send_mail(const SmtpTransfer& transfer, const Tls& tls, const Limits& limits);

} // namespace certgate::net
