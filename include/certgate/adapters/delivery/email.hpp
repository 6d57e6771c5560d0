#pragma once
// Email over SMTP through the one network client (adapters/net: plain,
// required STARTTLS or implicit TLS; AUTH with the best mechanism offered)
// and the MIME text it sends.

#include "certgate/adapters/delivery/send_failure.hpp"
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
    std::optional<std::string> user;    ///< AUTH when set
    std::string password;
    /// AUTH over a connection without TLS (--smtp-tls none) sends the
    /// password in clear text: refused unless this is set
    /// (--smtp-allow-plaintext-auth).
    bool allow_plaintext_auth = false;
    std::string from; ///< envelope and header sender
    std::string helo_name = "localhost";
    /// The whole exchange for one message: connect, TLS, every command and
    /// the message itself. A server that drips bytes is cut off here.
    std::chrono::milliseconds timeout{10000};
};

/// One message: plain text plus HTML.
struct EmailMessage {
    std::string to;
    std::string subject;
    std::string text;
    std::string html;
    std::string message_id; ///< without angle brackets, e.g. "key@certgate"
};

/// The lines of a message are at most this long (RFC 5322 allows 998
/// octets; certgate keeps to the recommended 78 wherever it can).
inline constexpr std::size_t k_max_mail_line = 78;

/// The RFC 5322 text of `message`: headers folded (a Subject that is not
/// short printable ASCII becomes RFC 2047 encoded words, each on its own
/// folded line), a multipart/alternative body with quoted-printable parts and
/// a random boundary, CRLF line ends, every line 7-bit and at most 78
/// octets. Control characters in header values become spaces. `date` fills
/// Date:.
[[nodiscard]] std::string format_email(const EmailMessage& message, const std::string& from, Instant date);

/// Checks an address for the envelope and the To:/From: headers: printable
/// ASCII, one "@", no spaces, angle brackets or quotes, at most 254 octets.
[[nodiscard]] bool valid_address(std::string_view address);

/// Checks the settings before anything is sent (clear-text AUTH, the sender
/// address); `where` names the option.
[[nodiscard]] Result<void> validate_smtp_settings(const SmtpSettings& settings);

/// "smtp://host:port", the endpoint as messages and the store name it.
[[nodiscard]] std::string smtp_endpoint(const SmtpSettings& settings);

/// Sends one message within settings.timeout and before `deadline`. Fails
/// with ErrorCode::remote when the server refused this message or recipient
/// for good (5yz to RCPT TO, DATA or the message: "permanently refused RCPT
/// TO: 550 ..."), ErrorCode::input for an invalid recipient address,
/// ErrorCode::network for everything temporary (cannot connect, timeout,
/// TLS, reset, a 4yz reply, a refused login), ErrorCode::usage for bad
/// settings. `where` is smtp_endpoint(settings).
[[nodiscard]] Result<void> send_email(const SmtpSettings& settings, const EmailMessage& message, Instant date,
                                      SendDeadline deadline = std::nullopt);

} // namespace certgate::delivery
