#include "certgate/adapters/delivery/webhook.hpp"

#include "certgate/adapters/net/http_client.hpp"

#include "base64.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace certgate::delivery {

namespace {

using detail::base64;

constexpr std::string_view k_secret_prefix = "whsec_";

/// The HMAC key: the decoded bytes of a "whsec_" secret, else the text.
std::string signing_key(const std::string& secret)
{
    if (secret.rfind(k_secret_prefix, 0) != 0) {
        return secret;
    }
    const std::string encoded = secret.substr(k_secret_prefix.size());
    std::string decoded(3 * ((encoded.size() + 3) / 4), '\0');
    const int size =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                        reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
    if (size < 0 || encoded.empty() || encoded.size() % 4 != 0) {
        return secret; // not base64 after all: the whole text is the key
    }
    // EVP_DecodeBlock counts padding bytes as data.
    std::size_t padding = 0;
    for (auto it = encoded.rbegin(); it != encoded.rend() && *it == '=' && padding < 2; ++it) {
        ++padding;
    }
    decoded.resize(static_cast<std::size_t>(size) - padding);
    return decoded;
}

} // namespace

std::string webhook_signature(const std::string& secret, const std::string& id, std::int64_t timestamp,
                              const std::string& body)
{
    const std::string key = signing_key(secret);
    const std::string signed_content = id + "." + std::to_string(timestamp) + "." + body;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), digest.data(), &size);
    return "v1," + base64(std::string_view(reinterpret_cast<const char*>(digest.data()), size));
}

Result<void> validate_webhook_settings(const WebhookSettings& settings)
{
    auto url = net::parse_url(settings.url);
    if (!url) {
        return make_error(ErrorCode::usage, url.error().message + "; expected https://host[:port][/path]",
                          "--webhook-url");
    }
    if (url->scheme != "https" && url->scheme != "http") {
        return make_error(ErrorCode::usage, "expected an https:// URL, got scheme \"" + url->scheme + "\"",
                          "--webhook-url");
    }
    if (url->scheme == "http" && !settings.allow_http) {
        return make_error(ErrorCode::usage,
                          "refusing http:// (the payload and its signature would travel in clear text); use "
                          "https:// or, for a receiver on a trusted network, --webhook-allow-http",
                          "--webhook-url");
    }
    if (settings.secret.empty()) {
        return make_error(ErrorCode::usage,
                          "the webhook needs a signing secret: set CERTGATE_WEBHOOK_SECRET (or the variable named by "
                          "--webhook-secret-env) to a non-empty value",
                          "--webhook-secret-env");
    }
    return {};
}

WebhookStatus classify_webhook_status(long status)
{
    if (status >= 200 && status <= 299) {
        return WebhookStatus::sent;
    }
    switch (status) {
    case 400:
    case 410:
    case 413:
    case 415:
    case 422:
        return WebhookStatus::permanent;
    default:
        return WebhookStatus::temporary;
    }
}

Result<void> post_webhook(const WebhookSettings& settings, const WebhookRequest& request, SendDeadline deadline)
{
    const std::string where = describe_endpoint(settings.url);
    if (auto valid = validate_webhook_settings(settings); !valid) {
        return make_error(valid.error().code, valid.error().message, where);
    }
    const auto timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    net::HttpRequest http;
    http.method = "POST";
    http.url = settings.url;
    http.body = request.body;
    http.headers = {
        {"Content-Type", "application/json"},
        {"webhook-id", request.idempotency_key},
        {"webhook-timestamp", std::to_string(timestamp)},
        {"webhook-signature", webhook_signature(settings.secret, request.idempotency_key, timestamp, request.body)},
        {"Idempotency-Key", request.idempotency_key}};
    net::Limits limits;
    limits.total = settings.timeout;
    limits.deadline = deadline;
    limits.max_response_bytes = k_webhook_max_response_bytes;
    net::Tls tls;
    tls.ca_file = settings.ca_file;
    net::HttpClient client;
    auto response = client.exchange(http, tls, limits, where);
    if (!response) {
        return response.error();
    }
    switch (classify_webhook_status(response->status)) {
    case WebhookStatus::sent:
        return {};
    case WebhookStatus::permanent:
        return make_error(ErrorCode::remote,
                          "permanently refused: answered HTTP " + std::to_string(response->status) + ", expected 2xx",
                          where);
    case WebhookStatus::temporary:
        break;
    }
    return make_error(ErrorCode::network, "answered HTTP " + std::to_string(response->status) + ", expected 2xx",
                      where);
}

} // namespace certgate::delivery
