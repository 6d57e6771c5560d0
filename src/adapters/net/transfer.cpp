#include "certgate/adapters/net/transfer.hpp"

#include "curl_support.hpp"

#include <algorithm>
#include <charconv>
#include <memory>

namespace certgate::net {

namespace {

using UrlDeleter = FreeWith<curl_url_cleanup>;

struct CurlString {
    char* text = nullptr;
    CurlString() = default;
    CurlString(const CurlString&) = delete;
    CurlString& operator=(const CurlString&) = delete;
    ~CurlString() { curl_free(text); }
};

std::optional<std::string> part(CURLU* url, CURLUPart which, unsigned flags = 0)
{
    CurlString value;
    if (curl_url_get(url, which, &value.text, flags) != CURLUE_OK || value.text == nullptr) {
        return std::nullopt;
    }
    return std::string(value.text);
}

bool has_control_or_space(const std::string& text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7f;
    });
}

} // namespace

std::chrono::milliseconds time_budget(const Limits& limits, Clock::time_point now)
{
    auto budget = std::max(limits.total, std::chrono::milliseconds{0});
    if (limits.deadline) {
        budget = std::min(budget, std::chrono::duration_cast<std::chrono::milliseconds>(*limits.deadline - now));
    }
    return std::max(budget, std::chrono::milliseconds{0});
}

Result<Url> parse_url(const std::string& url)
{
    const auto invalid = [](const std::string& why) { return make_error(ErrorCode::usage, why); };
    if (has_control_or_space(url)) {
        return invalid("the URL contains spaces or control characters");
    }
    detail::initialise();
    std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
    if (!handle) {
        return make_error(ErrorCode::internal, "out of memory");
    }
    if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        return invalid("not an absolute URL (expected scheme://host[:port][/path])");
    }
    Url parsed;
    const auto scheme = part(handle.get(), CURLUPART_SCHEME);
    const auto host = part(handle.get(), CURLUPART_HOST);
    const auto port = part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
    if (!scheme || !host || host->empty() || !port) {
        return invalid("not an absolute URL with a host");
    }
    parsed.scheme = *scheme;
    parsed.host = *host;
    if (parsed.host.size() > 2 && parsed.host.front() == '[' && parsed.host.back() == ']') {
        parsed.host = parsed.host.substr(1, parsed.host.size() - 2);
    }
    std::from_chars(port->data(), port->data() + port->size(), parsed.port);
    parsed.has_user_info = part(handle.get(), CURLUPART_USER).has_value();
    return parsed;
}

std::string safe_endpoint(const std::string& url)
{
    if (has_control_or_space(url)) {
        return "(invalid URL)";
    }
    detail::initialise();
    std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        return "(invalid URL)";
    }
    const auto scheme = part(handle.get(), CURLUPART_SCHEME);
    const auto host = part(handle.get(), CURLUPART_HOST);
    if (!scheme || !host || host->empty()) {
        return "(invalid URL)";
    }
    const auto port = part(handle.get(), CURLUPART_PORT); // explicit ports only
    return *scheme + "://" + *host + (port ? ":" + *port : std::string());
}

} // namespace certgate::net
