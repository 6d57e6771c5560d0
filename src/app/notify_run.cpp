#include "certgate/app/notify_run.hpp"

#include "certgate/adapters/delivery/send_failure.hpp"

#include <exception>

namespace certgate::app {
namespace {

std::optional<std::string> flag_or_env(const std::optional<std::string>& flag, const Environment& environment,
                                       std::string_view variable)
{
    if (flag) {
        return flag;
    }
    if (auto value = environment.lookup(variable); value && !value->empty()) {
        return value;
    }
    return std::nullopt;
}

Result<unsigned short> smtp_port(const std::string& text)
{
    unsigned long value = 0;
    try {
        std::size_t used = 0;
        value = std::stoul(text, &used);
        if (used != text.size()) {
            value = 0;
        }
    } catch (const std::exception&) {
        value = 0;
    }
    if (value == 0 || value > 65535) {
        return make_error(ErrorCode::usage, "invalid port \"" + text + "\", expected 1 to 65535", "--smtp-port");
    }
    return static_cast<unsigned short>(value);
}

Result<std::optional<delivery::SmtpSettings>> smtp_settings(const SmtpFlags& flags, const Environment& environment)
{
    const auto host = flag_or_env(flags.host, environment, "CERTGATE_SMTP_HOST");
    if (!host) {
        return std::optional<delivery::SmtpSettings>{};
    }
    delivery::SmtpSettings settings;
    settings.host = *host;
    if (const auto tls = flag_or_env(flags.tls, environment, "CERTGATE_SMTP_TLS")) {
        auto mode = delivery::parse_smtp_tls(*tls);
        if (!mode) {
            return mode.error();
        }
        settings.tls = *mode;
    }
    settings.port = settings.tls == delivery::SmtpTls::implicit ? 465
                    : settings.tls == delivery::SmtpTls::none   ? 25
                                                                : 587;
    if (const auto port = flag_or_env(flags.port, environment, "CERTGATE_SMTP_PORT")) {
        auto parsed = smtp_port(*port);
        if (!parsed) {
            return parsed.error();
        }
        settings.port = *parsed;
    }
    settings.user = flag_or_env(flags.user, environment, "CERTGATE_SMTP_USER");
    const std::string password_env = flags.password_env.value_or("CERTGATE_SMTP_PASSWORD");
    if (settings.user) {
        // An unset variable is a mistake, never an empty password.
        const auto password = environment.lookup(password_env);
        if (!password || password->empty()) {
            return make_error(ErrorCode::usage,
                              "environment variable \"" + password_env +
                                  "\" is not set or empty; it must hold the "
                                  "password of --smtp-user",
                              "--smtp-password-env");
        }
        settings.password = *password;
    }
    const auto from = flag_or_env(flags.from, environment, "CERTGATE_SMTP_FROM");
    if (!from) {
        return make_error(ErrorCode::usage, "missing; give the sender address with --smtp-from or CERTGATE_SMTP_FROM",
                          "--smtp-from");
    }
    settings.from = *from;
    settings.ca_file = flags.ca_file;
    settings.verify = flags.insecure ? delivery::TlsVerify::insecure : delivery::TlsVerify::verify;
    settings.timeout = flags.timeout;
    settings.allow_plaintext_auth = flags.allow_plaintext_auth;
    if (auto valid = delivery::validate_smtp_settings(settings); !valid) {
        return valid.error();
    }
    return std::optional<delivery::SmtpSettings>{std::move(settings)};
}

Result<std::optional<delivery::WebhookSettings>> webhook_settings(const WebhookFlags& flags,
                                                                  const Environment& environment)
{
    const auto url = flag_or_env(flags.url, environment, "CERTGATE_WEBHOOK_URL");
    if (!url) {
        return std::optional<delivery::WebhookSettings>{};
    }
    delivery::WebhookSettings settings;
    settings.url = *url;
    const std::string secret_env = flags.secret_env.value_or("CERTGATE_WEBHOOK_SECRET");
    if (auto secret = environment.lookup(secret_env)) {
        settings.secret = std::move(*secret);
    } else if (flags.secret_env) {
        return make_error(ErrorCode::usage, "environment variable \"" + secret_env + "\" is not set",
                          "--webhook-secret-env");
    }
    settings.ca_file = flags.ca_file;
    settings.timeout = flags.timeout;
    settings.allow_http = flags.allow_http;
    if (auto valid = delivery::validate_webhook_settings(settings); !valid) {
        return valid.error();
    }
    return std::optional<delivery::WebhookSettings>{std::move(settings)};
}

} // namespace

Result<NotifyReport> run_notify_command(const NotifyCommand& command, const Environment& environment)
{
    auto declared = load_declared_run(command.inputs, command.now, environment);
    if (!declared) {
        return declared.error();
    }
    auto smtp = smtp_settings(command.smtp, environment);
    if (!smtp) {
        return smtp.error();
    }
    auto webhook = webhook_settings(command.webhook, environment);
    if (!webhook) {
        return webhook.error();
    }
    auto path = store::resolve_store_path(store_location(command.store, environment));
    if (!path) {
        return path.error();
    }
    auto opened = store::open_store(*path, command.dry_run ? store::OpenMode::read_only : store::OpenMode::read_write,
                                    command.store_timeout);
    if (!opened) {
        return opened.error();
    }
    NotifyRequest request;
    request.declarations = std::move(declared->declarations);
    request.policy = std::move(declared->policy);
    request.now = declared->now;
    request.wall_clock = [] { return std::chrono::system_clock::now(); };
    request.dry_run = command.dry_run;
    request.lease = command.lease;
    request.code_lifetime = command.code_lifetime;
    request.retry = command.retry;
    auto channels = make_channels(std::move(*smtp), std::move(*webhook),
                                  std::chrono::floor<std::chrono::seconds>(request.wall_clock()));
    return run_notify(request, *opened, *channels);
}

std::string describe_report(const NotifyReport& report)
{
    std::string text;
    for (const auto& event : report.events) {
        text += describe_event(event) + "\n";
    }
    for (const auto& note : report.notes) {
        text += "note: " + delivery::printable_line(note) + "\n";
    }
    return text;
}

} // namespace certgate::app
