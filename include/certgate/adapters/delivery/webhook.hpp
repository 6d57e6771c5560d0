#pragma once
// Webhooks: a JSON POST for SMS gateways and chat tools, signed the Standard
// Webhooks way (https://www.standardwebhooks.com/), over the one network
// client (adapters/net).

#include "certgate/adapters/delivery/send_failure.hpp"
#include "certgate/core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace certgate::delivery {

/// Where and how to POST.
struct WebhookSettings {
    std::string url; ///< https://host[:port][/path] (http:// only with allow_http)
    /// The signing key: "whsec_" + base64 (the Standard Webhooks form; the
    /// decoded bytes are the key), or any other non-empty text used as is.
    std::string secret;
    std::optional<std::string> ca_file;
    bool allow_http = false;                  ///< --webhook-allow-http
    std::chrono::milliseconds timeout{10000}; ///< the whole POST, answer included
};

/// One POST.
struct WebhookRequest {
    std::string body;            ///< JSON
    std::string idempotency_key; ///< the same for every retry of one delivery; also the webhook-id
};

/// The answer bytes read at most; a longer (or compressed) answer is cut off
/// and fails the send.
inline constexpr std::size_t k_webhook_max_response_bytes = 64U * 1024U;

/// The value of the webhook-signature header: "v1," + base64
/// HMAC-SHA256(key, id + "." + timestamp + "." + body).
[[nodiscard]] std::string webhook_signature(const std::string& secret, const std::string& id, std::int64_t timestamp,
                                            const std::string& body);

/// Checks the settings before anything is sent: an https:// URL (http://
/// only with allow_http) with a host and no user information, a non-empty
/// secret. Errors never quote the URL; `where` names the option.
[[nodiscard]] Result<void> validate_webhook_settings(const WebhookSettings& settings);

/// How a webhook answer status is classified: 2xx sent; 400, 410, 413, 415,
/// 422 permanent (this payload will never be taken); anything else temporary.
enum class WebhookStatus { sent, permanent, temporary };
[[nodiscard]] WebhookStatus classify_webhook_status(long status);

/// POSTs `request` with Content-Type application/json, webhook-id,
/// webhook-timestamp, webhook-signature and Idempotency-Key, within
/// settings.timeout and before `deadline`. Fails with ErrorCode::network
/// (temporary: no connection, timeout, HTTP 5xx), ErrorCode::remote
/// (permanent status), ErrorCode::limit (answer over the cap) or
/// ErrorCode::usage (bad settings); `where` is describe_endpoint(url).
[[nodiscard]] Result<void> post_webhook(const WebhookSettings& settings, const WebhookRequest& request,
                                        SendDeadline deadline = std::nullopt);

} // namespace certgate::delivery
