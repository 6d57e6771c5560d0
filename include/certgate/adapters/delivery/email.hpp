#pragma once
// Email over SMTP: a small client on OpenSSL (plain, STARTTLS or implicit
// TLS; AUTH PLAIN/LOGIN) and the MIME text it sends.

#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace certgate::delivery {

/// How the SMTP connection is protected.
enum class SmtpTls {
    none,     ///< plain text (loopback relays, tests)
    starttls, ///< plain connect, then STARTTLS (required: fails if not offered)
    implicit, ///< TLS from the first byte (port 465)
};

/// Parses "none", "starttls", "implicit" (the Error's `where` is "--smtp-tls").
[[nodiscard]] Result<SmtpTls> parse_smtp_tls(std::string_view text);

/// Whether the server's certificate is checked.
enum class TlsVerify { verify, insecure };

/// Where and how to send mail.
struct SmtpSettings {
    std::string host;
    unsigned short port = 25;
    SmtpTls tls = SmtpTls::starttls;
    TlsVerify verify = TlsVerify::verify;
    std::optional<std::string> ca_file; ///< extra CA bundle; default: the system's
    std::optional<std::string> user;    ///< AUTH when set (PLAIN, else LOGIN)
    std::string password;
    std::string from; ///< envelope and header sender
    std::string helo_name = "localhost";
    std::chrono::milliseconds timeout{10000}; ///< connect and each read/write
};

/// One message: plain text plus HTML.
struct EmailMessage {
    std::string to;
    std::string subject;
    std::string text;
    std::string html;
    std::string message_id; ///< without angle brackets, e.g. "key@certgate"
};

/// The RFC 5322 text of `message` (headers, multipart/alternative body,
/// CRLF line ends, UTF-8 subject encoded when needed); `date` fills Date:.
[[nodiscard]] std::string format_email(const EmailMessage& message, const std::string& from, Instant date);

/// Applies SMTP dot-stuffing and CRLF normalisation to a message and appends
/// the terminating "\r\n.\r\n".
[[nodiscard]] std::string smtp_data(const std::string& message);

/// Sends one message: EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA, QUIT.
/// Fails with ErrorCode::network (cannot connect, timeout, TLS failure) or
/// ErrorCode::remote (the server refused a command; the message quotes its
/// reply). `where` is "smtp://host:port".
[[nodiscard]] Result<void> send_email(const SmtpSettings& settings, const EmailMessage& message, Instant date);

} // namespace certgate::delivery
