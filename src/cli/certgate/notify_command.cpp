// certgate notify: milestone notifications to verified recipients.

#include "bounded_option.hpp"
#include "command_support.hpp"

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/notify.hpp"
#include "certgate/app/notify_inputs.hpp"
#include "certgate/cli/cli_support.hpp"

#include <boost/program_options.hpp>

#include <csignal>
#include <cstdlib>
#include <ostream>

namespace certgate::cli {
namespace {

namespace po = boost::program_options;

struct NotifyFlags {
    app::DeclarationInputs inputs;
    PolicyFlags policy;
    std::optional<std::string> now;
    std::optional<std::string> store;
    bool dry_run = false;
    std::optional<std::string> smtp_host;
    std::optional<std::string> smtp_port;
    std::optional<std::string> smtp_tls;
    std::optional<std::string> smtp_user;
    std::optional<std::string> smtp_password_env;
    std::optional<std::string> smtp_from;
    std::optional<std::string> smtp_ca_file;
    bool smtp_insecure = false;
    bool smtp_allow_plaintext_auth = false;
    TimeoutMs smtp_timeout_ms = 10000;
    std::optional<std::string> webhook_url;
    std::optional<std::string> webhook_secret_env;
    std::optional<std::string> webhook_ca_file;
    bool webhook_allow_http = false;
    TimeoutMs webhook_timeout_ms = 10000;
    unsigned attempts = 3;     // 1 to 10, checked below
    unsigned backoff_ms = 500; // at most 60000, checked below
    Bounded<1, 86'400> lease_seconds = 600;
    Bounded<1, 8'760> code_hours = 24;
    Bounded<0, 3'600'000> store_timeout_ms = 5000;
};

po::options_description notify_options(NotifyFlags& flags)
{
    po::options_description options(
        "certgate notify (--state FILE | --declarations FILE) [OPTIONS]\n\n"
        "Sends verification codes to new recipients and milestone messages (2mo,1mo,1w,3d,1d,0d by default) to "
        "verified ones, each exactly once. Settings also come from CERTGATE_STORE, CERTGATE_SMTP_HOST, "
        "CERTGATE_SMTP_PORT, CERTGATE_SMTP_TLS, CERTGATE_SMTP_USER, CERTGATE_SMTP_FROM, CERTGATE_WEBHOOK_URL.\n\n"
        "options");
    options.add_options()("help,h", "print this help")("state", optional_string(flags.inputs.state),
                                                       "terraform show -json output of a state or plan ('-' = stdin)")(
        "declarations", optional_string(flags.inputs.declarations),
        "declarations file (schemas/declarations.schema.json)")("store", optional_string(flags.store),
                                                                "the store (default $CERTGATE_STORE, else "
                                                                "$XDG_STATE_HOME/certgate/certgate.db, else "
                                                                "~/.local/state/certgate/certgate.db)")(
        "store-timeout", po::value(&flags.store_timeout_ms),
        "milliseconds to wait for another run's lock on the store (5000)")(
        "now", optional_string(flags.now), "act as of this instant (RFC 3339 or YYYY-MM-DD)")(
        "dry-run", po::bool_switch(&flags.dry_run), "print what would be sent; send and record nothing")(
        "smtp-host", optional_string(flags.smtp_host), "SMTP server host")(
        "smtp-port", optional_string(flags.smtp_port),
        "SMTP port (default 587, 465 with --smtp-tls implicit, 25 "
        "with none)")("smtp-tls", optional_string(flags.smtp_tls), "starttls (default), implicit or none")(
        "smtp-user", optional_string(flags.smtp_user), "SMTP user name (AUTH PLAIN or LOGIN)")(
        "smtp-password-env", optional_string(flags.smtp_password_env),
        "environment variable holding the SMTP password (default CERTGATE_SMTP_PASSWORD)")(
        "smtp-from", optional_string(flags.smtp_from),
        "sender address")("smtp-ca-file", optional_string(flags.smtp_ca_file), "CA bundle to verify the SMTP server")(
        "smtp-insecure", po::bool_switch(&flags.smtp_insecure), "do not verify the SMTP server's certificate")(
        "smtp-allow-plaintext-auth", po::bool_switch(&flags.smtp_allow_plaintext_auth),
        "allow AUTH (the password) over --smtp-tls none")(
        "smtp-timeout", po::value(&flags.smtp_timeout_ms),
        "milliseconds one message may take in all: connect, TLS, dialogue (10000)")(
        "webhook-url", optional_string(flags.webhook_url), "webhook URL (JSON POST; carries SMS)")(
        "webhook-secret-env", optional_string(flags.webhook_secret_env),
        "environment variable holding the HMAC secret (default CERTGATE_WEBHOOK_SECRET)")(
        "webhook-ca-file", optional_string(flags.webhook_ca_file), "CA bundle to verify an https webhook")(
        "webhook-allow-http", po::bool_switch(&flags.webhook_allow_http), "allow an http:// webhook URL (clear text)")(
        "webhook-timeout", po::value(&flags.webhook_timeout_ms),
        "milliseconds one POST may take in all, answer included (10000)")("attempts", po::value(&flags.attempts),
                                                                          "tries per message within a run (3)")(
        "backoff", po::value(&flags.backoff_ms), "wait before the first retry in milliseconds, doubled after (500)")(
        "lease", po::value(&flags.lease_seconds),
        "seconds a claim on a delivery lasts (600): each send ends within its first three quarters, and another "
        "run may take over a claim only after it")("code-lifetime", po::value(&flags.code_hours),
                                                   "hours a verification code stays valid (24)");
    add_policy_options(options, flags.policy);
    return options;
}

std::optional<std::string> flag_or_env(const std::optional<std::string>& flag, const char* variable)
{
    if (flag) {
        return flag;
    }
    if (const char* value = std::getenv(variable); value != nullptr && *value != '\0') {
        return std::string(value);
    }
    return std::nullopt;
}

Result<std::optional<delivery::SmtpSettings>> smtp_settings(const NotifyFlags& flags)
{
    const auto host = flag_or_env(flags.smtp_host, "CERTGATE_SMTP_HOST");
    if (!host) {
        return std::optional<delivery::SmtpSettings>{};
    }
    delivery::SmtpSettings settings;
    settings.host = *host;
    if (const auto tls = flag_or_env(flags.smtp_tls, "CERTGATE_SMTP_TLS")) {
        auto mode = delivery::parse_smtp_tls(*tls);
        if (!mode) {
            return mode.error();
        }
        settings.tls = *mode;
    }
    settings.port = settings.tls == delivery::SmtpTls::implicit ? 465
                    : settings.tls == delivery::SmtpTls::none   ? 25
                                                                : 587;
    if (const auto port = flag_or_env(flags.smtp_port, "CERTGATE_SMTP_PORT")) {
        unsigned long value = 0;
        try {
            std::size_t used = 0;
            value = std::stoul(*port, &used);
            if (used != port->size()) {
                value = 0;
            }
        } catch (const std::exception&) {
            value = 0;
        }
        if (value == 0 || value > 65535) {
            return make_error(ErrorCode::usage, "invalid port \"" + *port + "\", expected 1 to 65535", "--smtp-port");
        }
        settings.port = static_cast<unsigned short>(value);
    }
    settings.user = flag_or_env(flags.smtp_user, "CERTGATE_SMTP_USER");
    const std::string password_env = flags.smtp_password_env.value_or("CERTGATE_SMTP_PASSWORD");
    if (settings.user) {
        // An unset variable is a mistake, never an empty password.
        const char* password = std::getenv(password_env.c_str());
        if (password == nullptr || *password == '\0') {
            return make_error(ErrorCode::usage,
                              "environment variable \"" + password_env +
                                  "\" is not set or empty; it must hold the "
                                  "password of --smtp-user",
                              "--smtp-password-env");
        }
        settings.password = password;
    }
    const auto from = flag_or_env(flags.smtp_from, "CERTGATE_SMTP_FROM");
    if (!from) {
        return make_error(ErrorCode::usage, "missing; give the sender address with --smtp-from or CERTGATE_SMTP_FROM",
                          "--smtp-from");
    }
    settings.from = *from;
    settings.ca_file = flags.smtp_ca_file;
    settings.verify = flags.smtp_insecure ? delivery::TlsVerify::insecure : delivery::TlsVerify::verify;
    settings.timeout = std::chrono::milliseconds{flags.smtp_timeout_ms};
    settings.allow_plaintext_auth = flags.smtp_allow_plaintext_auth;
    if (auto valid = delivery::validate_smtp_settings(settings); !valid) {
        return valid.error();
    }
    return std::optional<delivery::SmtpSettings>{std::move(settings)};
}

Result<std::optional<delivery::WebhookSettings>> webhook_settings(const NotifyFlags& flags)
{
    const auto url = flag_or_env(flags.webhook_url, "CERTGATE_WEBHOOK_URL");
    if (!url) {
        return std::optional<delivery::WebhookSettings>{};
    }
    delivery::WebhookSettings settings;
    settings.url = *url;
    const std::string secret_env = flags.webhook_secret_env.value_or("CERTGATE_WEBHOOK_SECRET");
    if (const char* secret = std::getenv(secret_env.c_str()); secret != nullptr) {
        settings.secret = secret;
    } else if (flags.webhook_secret_env) {
        return make_error(ErrorCode::usage, "environment variable \"" + secret_env + "\" is not set",
                          "--webhook-secret-env");
    }
    settings.ca_file = flags.webhook_ca_file;
    settings.timeout = std::chrono::milliseconds{flags.webhook_timeout_ms};
    settings.allow_http = flags.webhook_allow_http;
    if (auto valid = delivery::validate_webhook_settings(settings); !valid) {
        return valid.error();
    }
    return std::optional<delivery::WebhookSettings>{std::move(settings)};
}

} // namespace

int run_notify_command(const std::vector<std::string>& args, Streams streams)
{
    // A server that hangs up mid-write must give an error, not kill the run.
    std::signal(SIGPIPE, SIG_IGN);
    NotifyFlags flags;
    auto options = notify_options(flags);
    po::variables_map values;
    try {
        po::store(po::command_line_parser(args).options(options).run(), values);
        po::notify(values);
    } catch (const po::error& failure) {
        return fail(streams, make_error(ErrorCode::usage, failure.what(), "notify"));
    }
    if (values.count("help") != 0U) {
        streams.out << options
                    << "\nexit status: 0 all sent, 1 a delivery failed (retried next run) or was refused for good (not "
                       "retried), 2 bad usage, unreadable declarations or store\n";
        return k_exit_pass;
    }
    if (flags.attempts == 0 || flags.attempts > 10) {
        return fail(streams, make_error(ErrorCode::usage, "expected 1 to 10", "--attempts"));
    }
    if (flags.lease_seconds == 0) {
        return fail(streams, make_error(ErrorCode::usage, "expected at least 1 second", "--lease"));
    }
    if (flags.backoff_ms > 60000) {
        return fail(streams, make_error(ErrorCode::usage, "expected at most 60000", "--backoff"));
    }
    flags.inputs.policy = policy_sources(flags.policy);
    auto policy = app::load_policy(flags.inputs);
    if (!policy) {
        return fail(streams, policy.error());
    }
    auto now = resolve_now(flags.now, *policy->time_zone);
    if (!now) {
        return fail(streams, now.error());
    }
    auto declarations = app::load_declarations(flags.inputs, true);
    if (!declarations) {
        return fail(streams, declarations.error());
    }
    auto smtp = smtp_settings(flags);
    if (!smtp) {
        return fail(streams, smtp.error());
    }
    auto webhook = webhook_settings(flags);
    if (!webhook) {
        return fail(streams, webhook.error());
    }
    auto path = store::resolve_store_path(flags.store);
    if (!path) {
        return fail(streams, path.error());
    }
    auto opened = store::open_store(*path, flags.dry_run ? store::OpenMode::read_only : store::OpenMode::read_write,
                                    std::chrono::milliseconds{flags.store_timeout_ms});
    if (!opened) {
        return fail(streams, opened.error());
    }
    app::NotifyRequest request;
    request.declarations = std::move(*declarations);
    request.policy = *policy;
    request.now = *now;
    request.wall_clock = [] { return std::chrono::system_clock::now(); };
    request.dry_run = flags.dry_run;
    request.lease = std::chrono::seconds{flags.lease_seconds};
    request.code_lifetime = std::chrono::hours{flags.code_hours};
    request.retry = app::RetryPolicy{flags.attempts, std::chrono::milliseconds{flags.backoff_ms}};
    auto channels = app::make_channels(std::move(*smtp), std::move(*webhook),
                                       std::chrono::floor<std::chrono::seconds>(request.wall_clock()));
    auto report = app::run_notify(request, *opened, *channels);
    if (!report) {
        return fail(streams, report.error());
    }
    for (const auto& event : report->events) {
        streams.out << app::describe_event(event) << "\n";
    }
    for (const auto& note : report->notes) {
        streams.out << "note: " << delivery::printable_line(note) << "\n";
    }
    for (const auto& line : app::describe_failures(*report)) {
        streams.err << "certgate: error: notify: " << line << "\n";
    }
    return app::notify_exit_status(*report);
}

} // namespace certgate::cli
