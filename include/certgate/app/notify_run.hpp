#pragma once
// The `certgate notify` command as one call: the delivery settings from the
// flags and the environment, the policy, now, the declarations, the store,
// then run_notify with the real channels.

#include "certgate/app/environment.hpp"
#include "certgate/app/notify.hpp"
#include "certgate/app/notify_inputs.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace certgate::app {

/// The --smtp-* flags as given; unset ones fall back to CERTGATE_SMTP_HOST,
/// CERTGATE_SMTP_PORT, CERTGATE_SMTP_TLS, CERTGATE_SMTP_USER and CERTGATE_SMTP_FROM.
struct SmtpFlags {
    std::optional<std::string> host;
    std::optional<std::string> port;
    std::optional<std::string> tls;
    std::optional<std::string> user;
    std::optional<std::string> password_env; ///< default CERTGATE_SMTP_PASSWORD
    std::optional<std::string> from;
    std::optional<std::string> ca_file;
    bool insecure = false;
    bool allow_plaintext_auth = false;
    std::chrono::milliseconds timeout{10000};
};

/// The --webhook-* flags as given; the URL falls back to CERTGATE_WEBHOOK_URL.
struct WebhookFlags {
    std::optional<std::string> url;
    std::optional<std::string> secret_env; ///< default CERTGATE_WEBHOOK_SECRET
    std::optional<std::string> ca_file;
    bool allow_http = false;
    std::chrono::milliseconds timeout{10000};
};

/// What `certgate notify` is asked.
struct NotifyCommand {
    DeclarationInputs inputs;
    std::optional<std::string> now;   ///< --now: which milestones are due
    std::optional<std::string> store; ///< --store
    std::chrono::milliseconds store_timeout{5000};
    bool dry_run = false;
    SmtpFlags smtp;
    WebhookFlags webhook;
    std::chrono::seconds lease{600};
    std::chrono::seconds code_lifetime{24 * 3600};
    RetryPolicy retry;
};

/// Runs one notification pass with the real channels and the system clock.
/// Fails (ErrorCode::usage) on a bad policy, --now, delivery setting or
/// missing secret variable, and on unreadable declarations or store; failed
/// deliveries are events of the report.
[[nodiscard]] Result<NotifyReport> run_notify_command(const NotifyCommand& command, const Environment& environment);

/// What notify prints: one line per event, then "note: …" per note.
[[nodiscard]] std::string describe_report(const NotifyReport& report);

} // namespace certgate::app
