#include "certgate/adapters/net/http_client.hpp"

#include "certgate/adapters/net/response_collector.hpp"

#include "curl_support.hpp"

#include <strings.h>

namespace certgate::net {

namespace {

using ListDeleter = FreeWith<curl_slist_free_all>;

struct Exchange {
    detail::TransferState state;
    ResponseCollector collector;
    explicit Exchange(std::size_t cap) : collector(cap) {}
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
    auto& exchange = *static_cast<Exchange*>(user);
    const std::size_t length = size * count;
    if (!exchange.collector.header_line(std::string_view(data, length))) {
        exchange.state.over_cap = true;
        return 0;
    }
    return length;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user)
{
    auto& exchange = *static_cast<Exchange*>(user);
    const std::size_t length = size * count;
    if (!exchange.collector.body_bytes(std::string_view(data, length))) {
        exchange.state.over_cap = true;
        return 0;
    }
    return length;
}

} // namespace

struct HttpClient::Handle {
    detail::Easy easy = detail::new_easy();
};

std::string HttpResponse::header(std::string_view name) const
{
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
            return value;
        }
    }
    return {};
}

HttpClient::HttpClient() : m_handle(std::make_unique<Handle>()) {}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::exchange(const HttpRequest& request, const Tls& tls, const Limits& limits,
                                          const std::string& where)
{
    CURL* handle = m_handle->easy.get();
    m_last_failure = TransferFailure::other;
    if (handle == nullptr) {
        return make_error(ErrorCode::internal, "cannot start the network client (out of memory)", where);
    }
    // A reset keeps the connection cache: the next request to the same
    // origin reuses the connection.
    curl_easy_reset(handle);
    auto parsed = parse_url(request.url);
    if (!parsed) {
        return make_error(parsed.error().code, parsed.error().message, where);
    }
    Exchange exchange(limits.max_response_bytes);
    exchange.state.host = parsed->host;
    exchange.state.tls = tls;
    if (auto set = detail::set_common_options(handle, exchange.state, limits, "http,https", where); !set) {
        m_last_failure = set.error().code == ErrorCode::network ? TransferFailure::timeout : TransferFailure::other;
        return set.error();
    }
    std::unique_ptr<curl_slist, ListDeleter> headers;
    const auto add_header = [&](const std::string& line) {
        curl_slist* extended = curl_slist_append(headers.get(), line.c_str());
        if (extended != nullptr) {
            (void)headers.release();
            headers.reset(extended);
        }
    };
    for (const auto& [name, value] : request.headers) {
        add_header(name + ": " + value);
    }
    add_header("Expect:"); // no 100-continue round trip
    curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "certgate");
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    // Never ask for, nor decode, compressed answers: a small gzip answer must
    // not become a large one in memory.
    curl_easy_setopt(handle, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_response_bytes));
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange);
    if (request.method == "GET") {
        curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    const auto budget = time_budget(limits, Clock::now());
    const CURLcode code = curl_easy_perform(handle);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
    m_last_failure = detail::failure_kind(code, exchange.state);
    if (code != CURLE_OK) {
        return make_error(detail::failure_code(code, exchange.state),
                          detail::failure_text(code, handle, exchange.state, limits, budget), where);
    }
    HttpResponse response;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
    response.headers = exchange.collector.headers();
    response.body = exchange.collector.take_body();
    return response;
}

} // namespace certgate::net
