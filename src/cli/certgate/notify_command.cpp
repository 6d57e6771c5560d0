// certgate notify: milestone notifications to verified recipients.

#include "bounded_option.hpp"
#include "command_support.hpp"

#include "certgate/app/notify_run.hpp"
#include "certgate/cli/cli_support.hpp"

#include <boost/program_options.hpp>

#include <csignal>
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
    options.add_options()("help,h", "print this help");
    add_declaration_input_options(options, flags.inputs);
    options.add_options()("store", optional_string(flags.store),
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

app::NotifyCommand notify_command(NotifyFlags& flags)
{
    app::NotifyCommand command;
    command.inputs = std::move(flags.inputs);
    command.inputs.policy = policy_sources(flags.policy);
    command.now = flags.now;
    command.store = flags.store;
    command.store_timeout = std::chrono::milliseconds{flags.store_timeout_ms};
    command.dry_run = flags.dry_run;
    command.smtp = app::SmtpFlags{flags.smtp_host,
                                  flags.smtp_port,
                                  flags.smtp_tls,
                                  flags.smtp_user,
                                  flags.smtp_password_env,
                                  flags.smtp_from,
                                  flags.smtp_ca_file,
                                  flags.smtp_insecure,
                                  flags.smtp_allow_plaintext_auth,
                                  std::chrono::milliseconds{flags.smtp_timeout_ms}};
    command.webhook = app::WebhookFlags{flags.webhook_url, flags.webhook_secret_env, flags.webhook_ca_file,
                                        flags.webhook_allow_http, std::chrono::milliseconds{flags.webhook_timeout_ms}};
    command.lease = std::chrono::seconds{flags.lease_seconds};
    command.code_lifetime = std::chrono::hours{flags.code_hours};
    command.retry = app::RetryPolicy{flags.attempts, std::chrono::milliseconds{flags.backoff_ms}};
    return command;
}

} // namespace

int run_notify_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment)
{
    // A server that hangs up mid-write must give an error, not kill the run.
    std::signal(SIGPIPE, SIG_IGN);
    NotifyFlags flags;
    auto options = notify_options(flags);
    po::variables_map values;
    if (const auto done =
            parse_options(args, options, values, streams, "notify",
                          "exit status: 0 all sent, 1 a delivery failed (retried next run) or was "
                          "refused for good (not retried), 2 bad usage, unreadable declarations or store")) {
        return *done;
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
    auto report = app::run_notify_command(notify_command(flags), environment);
    if (!report) {
        return fail(streams, report.error());
    }
    streams.out << app::describe_report(*report);
    for (const auto& line : app::describe_failures(*report)) {
        streams.err << "certgate: error: notify: " << line << "\n";
    }
    return app::notify_exit_status(*report);
}

} // namespace certgate::cli
