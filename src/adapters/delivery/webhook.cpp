#include "certgate/adapters/delivery/webhook.hpp"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <exception>

namespace certgate::delivery {

namespace {

struct ParsedUrl {
    std::string origin; ///< scheme://host[:port]
    std::string path;   ///< "/..." (at least "/")
};

Result<ParsedUrl> parse_url(const std::string& url)
{
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) {
        return make_error(ErrorCode::usage, "expected an http:// or https:// URL, got \"" + url + "\"",
                          "--webhook-url");
    }
    const std::string scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") {
        return make_error(ErrorCode::usage, "expected an http:// or https:// URL, got \"" + url + "\"",
                          "--webhook-url");
    }
    const auto host_start = scheme_end + 3;
    const auto path_start = url.find('/', host_start);
    ParsedUrl parsed;
    parsed.origin = url.substr(0, path_start);
    parsed.path = path_start == std::string::npos ? "/" : url.substr(path_start);
    if (parsed.origin.size() <= host_start || url.find_first_of(" \r\n\t") != std::string::npos) {
        return make_error(ErrorCode::usage, "expected an http:// or https:// URL with a host, got \"" + url + "\"",
                          "--webhook-url");
    }
    return parsed;
}

} // namespace

std::string webhook_signature(const std::string& secret, const std::string& body)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest.data(), &size);
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string hex = "sha256=";
    for (unsigned int i = 0; i < size; ++i) {
        hex.push_back(k_digits[digest[i] >> 4U]);
        hex.push_back(k_digits[digest[i] & 0x0fU]);
    }
    return hex;
}

Result<void> validate_webhook_url(const std::string& url)
{
    auto parsed = parse_url(url);
    if (!parsed) {
        return parsed.error();
    }
    return {};
}

Result<void> post_webhook(const WebhookSettings& settings, const WebhookRequest& request)
{
    auto parsed = parse_url(settings.url);
    if (!parsed) {
        return parsed.error();
    }
    try {
        httplib::Client client(parsed->origin);
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(settings.timeout);
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(settings.timeout - seconds);
        client.set_connection_timeout(seconds.count(), micros.count());
        client.set_read_timeout(seconds.count(), micros.count());
        client.set_write_timeout(seconds.count(), micros.count());
        client.set_follow_location(false);
        if (settings.ca_file) {
            client.set_ca_cert_path(settings.ca_file->c_str());
        }
        client.enable_server_certificate_verification(true);
        httplib::Headers headers{{"Idempotency-Key", request.idempotency_key}, {"User-Agent", "certgate"}};
        if (!settings.secret.empty()) {
            headers.emplace("X-Certgate-Signature", webhook_signature(settings.secret, request.body));
        }
        auto response = client.Post(parsed->path, headers, request.body, "application/json");
        if (!response) {
            const auto error = response.error();
            const bool timed_out = error == httplib::Error::Read || error == httplib::Error::Write ||
                                   error == httplib::Error::ConnectionTimeout;
            std::string detail = httplib::to_string(error);
            for (auto& c : detail) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            return make_error(ErrorCode::network,
                              timed_out ? "no answer within " + std::to_string(settings.timeout.count()) + " ms (" +
                                              detail + ")"
                                        : "cannot post (" + detail + ")",
                              settings.url);
        }
        if (response->status < 200 || response->status > 299) {
            return make_error(ErrorCode::remote, "answered HTTP " + std::to_string(response->status) + ", expected 2xx",
                              settings.url);
        }
        return {};
    } catch (const std::exception& failure) {
        return make_error(ErrorCode::network, std::string("cannot post: ") + failure.what(), settings.url);
    }
}

} // namespace certgate::delivery
