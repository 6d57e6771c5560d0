// Email over SMTP through the one network client; this file turns settings
// into a transfer and the outcome into a classified error.

#include "certgate/adapters/delivery/email.hpp"

#include "certgate/adapters/net/smtp_client.hpp"

namespace certgate::delivery {

namespace {

bool refused_for_good(const net::SmtpOutcome& outcome)
{
    return outcome.reply && net::classify_reply(outcome.reply->code) == net::ReplyClass::permanent &&
           (outcome.stage == "RCPT TO" || outcome.stage == "DATA" || outcome.stage == "the message");
}

} // namespace

Result<SmtpTls> parse_smtp_tls(std::string_view text)
{
    if (text == "none") {
        return SmtpTls::none;
    }
    if (text == "starttls") {
        return SmtpTls::starttls;
    }
    if (text == "implicit") {
        return SmtpTls::implicit;
    }
    return make_error(ErrorCode::usage,
                      "unknown TLS mode \"" + std::string(text) + "\", expected one of: none, starttls, implicit",
                      "--smtp-tls");
}

std::string smtp_endpoint(const SmtpSettings& settings)
{
    const bool ipv6 = settings.host.find(':') != std::string::npos;
    return std::string(settings.tls == SmtpTls::implicit ? "smtps" : "smtp") + "://" +
           (ipv6 ? "[" + settings.host + "]" : settings.host) + ":" + std::to_string(settings.port);
}

Result<void> validate_smtp_settings(const SmtpSettings& settings)
{
    if (!valid_address(settings.from)) {
        return make_error(ErrorCode::usage,
                          "invalid sender address; expected a plain address like certgate@example.com", "--smtp-from");
    }
    if (settings.user && settings.tls == SmtpTls::none && !settings.allow_plaintext_auth) {
        return make_error(ErrorCode::usage,
                          "refusing to send the SMTP password in clear text with --smtp-tls none; use starttls or "
                          "implicit, or --smtp-allow-plaintext-auth for a relay on a trusted network",
                          "--smtp-user");
    }
    return {};
}

Result<void> send_email(const SmtpSettings& settings, const EmailMessage& message, Instant date, SendDeadline deadline)
{
    const std::string where = smtp_endpoint(settings);
    if (auto valid = validate_smtp_settings(settings); !valid) {
        return valid.error();
    }
    if (!valid_address(message.to)) {
        return make_error(ErrorCode::input, "invalid recipient address; expected a plain address like ops@example.com",
                          where);
    }
    net::SmtpTransfer transfer;
    transfer.host = settings.host;
    transfer.port = settings.port;
    transfer.security = settings.tls == SmtpTls::none       ? net::SmtpSecurity::none
                        : settings.tls == SmtpTls::starttls ? net::SmtpSecurity::starttls
                                                            : net::SmtpSecurity::implicit;
    transfer.helo_name = settings.helo_name;
    transfer.user = settings.user;
    transfer.password = settings.password;
    transfer.from = settings.from;
    transfer.to = message.to;
    transfer.message = format_email(message, settings.from, date);
    net::Tls tls;
    tls.ca_file = settings.ca_file;
    tls.verify = settings.verify == TlsVerify::verify;
    net::Limits limits;
    limits.total = settings.timeout;
    limits.deadline = deadline;
    limits.max_response_bytes = 64U * 1024U; // every reply of the dialogue together
    const auto outcome = net::send_mail(transfer, tls, limits);
    if (outcome.sent) {
        return {};
    }
    if (outcome.reply) {
        const std::string reply = std::to_string(outcome.reply->code) + " " + outcome.reply->text;
        if (refused_for_good(outcome)) {
            return make_error(ErrorCode::remote, "permanently refused " + outcome.stage + ": " + reply, where);
        }
        return make_error(ErrorCode::network, "refused " + outcome.stage + ": " + reply, where);
    }
    if (outcome.transport_error.find("STARTTLS") != std::string::npos) {
        return make_error(ErrorCode::network,
                          "does not offer STARTTLS, which --smtp-tls starttls requires (use implicit, or none for a "
                          "relay on a trusted network)",
                          where);
    }
    // A failure before the greeting needs no stage; later ones say where they happened.
    const std::string stage = outcome.transport_error.rfind("cannot", 0) == 0 ? "" : " (during " + outcome.stage + ")";
    return make_error(ErrorCode::network, outcome.transport_error + stage, where);
}

} // namespace certgate::delivery
