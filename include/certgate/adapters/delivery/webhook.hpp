#pragma once
// Webhooks: a signed JSON POST for SMS gateways and chat tools.

#include "certgate/core/result.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace certgate::delivery {

/// Where and how to POST.
struct WebhookSettings {
    std::string url;    ///< http:// or https://host[:port][/path]
    std::string secret; ///< HMAC key; no signature header when empty
    std::optional<std::string> ca_file;
    std::chrono::milliseconds timeout{10000}; ///< connect, and each read/write
};

/// One POST.
struct WebhookRequest {
    std::string body;            ///< JSON
    std::string idempotency_key; ///< the same for every retry of one delivery
};

/// The value of X-Certgate-Signature: "sha256=" + lowercase hex
/// HMAC-SHA256(secret, body).
[[nodiscard]] std::string webhook_signature(const std::string& secret, const std::string& body);

/// Checks the URL form (scheme http or https, a host); `where` is "--webhook-url".
[[nodiscard]] Result<void> validate_webhook_url(const std::string& url);

/// POSTs `request` with Content-Type application/json, X-Certgate-Signature
/// and Idempotency-Key. Success is any 2xx answer. Fails with
/// ErrorCode::network (no connection, timeout) or ErrorCode::remote ("answered
/// HTTP 500"); `where` is the URL.
[[nodiscard]] Result<void> post_webhook(const WebhookSettings& settings, const WebhookRequest& request);

} // namespace certgate::delivery
