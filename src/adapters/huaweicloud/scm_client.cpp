#include "certgate/adapters/huaweicloud/scm_client.hpp"

#include "certgate/adapters/huaweicloud/signer.hpp"

#include "certgate/adapters/net/http_client.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <thread>

namespace certgate::huaweicloud {

struct ScmClient::Impl {
    net::HttpClient client; // keeps the connection alive between requests
};

namespace {

constexpr std::string_view k_certificates_path = "/v3/scm/certificates";

std::string transport_message(net::TransferFailure failure, const Error& error, const ClientOptions& options)
{
    const std::string host = options.endpoint.host_header();
    switch (failure) {
    case net::TransferFailure::resolve:
    case net::TransferFailure::connect:
        return "cannot connect to " + host;
    case net::TransferFailure::timeout:
    case net::TransferFailure::stalled:
    case net::TransferFailure::closed:
        return "no complete answer from " + host + " within " + std::to_string(options.read_timeout.count()) +
               " ms (timed out or connection closed)";
    case net::TransferFailure::tls_handshake:
        return "TLS handshake with " + host + " failed";
    case net::TransferFailure::tls_ca:
        return "cannot load the trusted CA certificates" +
               (options.ca_file ? " from " + quote_for_message(*options.ca_file) : std::string());
    case net::TransferFailure::tls_untrusted:
        return "the TLS certificate of " + host +
               " could not be verified; for a private endpoint give its CA bundle (--ca-file or SSL_CERT_FILE)";
    case net::TransferFailure::too_large:
        return "the answer from " + host + " is larger than " + std::to_string(options.max_response_bytes) + " bytes";
    case net::TransferFailure::none:
    case net::TransferFailure::other:
        break;
    }
    return "request to " + host + " failed (" + error.message + ")";
}

bool worth_retrying(net::TransferFailure failure)
{
    return failure != net::TransferFailure::too_large && failure != net::TransferFailure::tls_untrusted &&
           failure != net::TransferFailure::tls_ca;
}

bool retryable_status(int status)
{
    return status == 429 || (status >= 500 && status <= 599);
}

std::string hint_for(int status, const std::string& code)
{
    if (code == "APIGW.0303") {
        return "; the system clock differs from the gateway's by more than 15 minutes";
    }
    if (code.rfind("APIGW.03", 0) == 0 || status == 401) {
        return "; check HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary credentials)";
    }
    if (status == 403) {
        return "; the IAM user needs permission for Cloud Certificate Manager (SCM)";
    }
    return "";
}

std::chrono::milliseconds retry_after(const net::HttpResponse& response, std::chrono::milliseconds fallback,
                                      std::chrono::milliseconds cap)
{
    const std::string value = response.header("Retry-After");
    long long seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (value.empty() || error != std::errc{} || end != value.data() + value.size() || seconds < 0) {
        return std::min(fallback, cap);
    }
    return std::min(std::chrono::milliseconds{std::chrono::seconds{std::min(seconds, 3600LL)}}, cap);
}

} // namespace

Instant system_clock_now()
{
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

ScmClient::ScmClient(ClientOptions options) : m_options(std::move(options)), m_impl(std::make_unique<Impl>())
{
    if (!m_options.sleep) {
        m_options.sleep = [](std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); };
    }
    if (!m_options.clock) {
        m_options.clock = system_clock_now;
    }
    m_options.max_attempts = std::max(1, m_options.max_attempts);
}

ScmClient::~ScmClient() = default;

Result<ScmClient::Response> ScmClient::call(const std::string& method, const std::string& path,
                                            const std::vector<std::pair<std::string, std::string>>& query,
                                            const std::string& body)
{
    const std::string full_path = m_options.endpoint.base_path + path;
    std::string target = full_path;
    for (std::size_t i = 0; i < query.size(); ++i) {
        target += (i == 0 ? "?" : "&") + uri_escape(query[i].first) + "=" + uri_escape(query[i].second);
    }
    const std::string what = method + " " + path;
    std::chrono::milliseconds backoff = m_options.initial_backoff;
    std::string last_failure;
    for (int attempt = 1; attempt <= m_options.max_attempts; ++attempt) {
        SigningInput input;
        input.method = method;
        input.path = full_path;
        input.query = query;
        input.body = body;
        input.headers = {{"Host", m_options.endpoint.host_header()},
                         {"X-Sdk-Date", format_sdk_date(m_options.clock())}};
        if (!body.empty()) {
            input.headers.emplace_back("Content-Type", "application/json;charset=UTF-8");
        }
        if (m_options.credentials.security_token) {
            input.headers.emplace_back("X-Security-Token", *m_options.credentials.security_token);
        }
        auto signature = sign(input, m_options.credentials.access_key, m_options.credentials.secret_key);
        if (!signature) {
            return make_error(signature.error().code, what + ": " + signature.error().message);
        }

        net::HttpRequest request;
        request.method = method;
        request.url = "https://" + m_options.endpoint.host_header() + target;
        // The Host header is signed as it is sent; libcurl writes the same
        // value for an https URL on this host and port.
        for (const auto& [name, value] : input.headers) {
            if (name != "Host") {
                request.headers.emplace_back(name, value);
            }
        }
        request.headers.emplace_back("Host", m_options.endpoint.host_header());
        request.headers.emplace_back("Authorization", signature->authorization);
        request.headers.emplace_back("Accept", "application/json");
        request.body = body;
        net::Limits limits;
        limits.total = m_options.read_timeout;
        limits.connect = m_options.connect_timeout;
        limits.max_response_bytes = m_options.max_response_bytes;
        net::Tls tls;
        tls.ca_file = m_options.ca_file;
        ++m_requests_sent;
        auto exchanged = m_impl->client.exchange(request, tls, limits, m_options.endpoint.host_header());
        if (!exchanged) {
            const auto failure = m_impl->client.last_failure();
            last_failure = transport_message(failure, exchanged.error(), m_options);
            if (!worth_retrying(failure) || attempt == m_options.max_attempts) {
                break;
            }
            m_options.sleep(std::min(backoff, m_options.max_backoff));
            backoff *= 2;
            continue;
        }
        net::HttpResponse& response = *exchanged;
        const int status = static_cast<int>(response.status);
        if (status >= 200 && status <= 299) {
            return Response{status, std::move(response.body)};
        }
        std::string& received = response.body;
        const std::string request_id = response.header("X-Request-Id");
        const auto api_error = parse_api_error(received);
        std::string message = what + ": HTTP " + std::to_string(status);
        std::string code;
        if (api_error) {
            code = api_error->code;
            if (!code.empty()) {
                message += " " + code;
            }
            if (!api_error->message.empty()) {
                message += " \"" + api_error->message + "\"";
            }
        }
        message += request_id.empty() ? " (no request id)" : " (request id " + quote_for_message(request_id, 80) + ")";
        message += hint_for(status, code);
        last_failure = message;
        if (!retryable_status(status) || attempt == m_options.max_attempts) {
            if (retryable_status(status)) {
                last_failure += "; gave up after " + std::to_string(attempt) + " attempts";
            }
            return make_error(ErrorCode::remote, last_failure);
        }
        m_options.sleep(retry_after(response, backoff, m_options.max_backoff));
        backoff *= 2;
    }
    return make_error(ErrorCode::network, what + ": " + last_failure);
}

Result<CertificatePage> ScmClient::list_certificates(std::int64_t offset, int limit)
{
    auto response = call("GET", std::string(k_certificates_path),
                         {{"limit", std::to_string(limit)},
                          {"offset", std::to_string(offset)},
                          {"sort_dir", "ASC"},
                          {"sort_key", "certExpiredTime"}},
                         "");
    if (!response) {
        return response.error();
    }
    auto page = parse_certificate_page(response->body);
    if (!page) {
        const Error& error = page.error();
        return make_error(error.code, "GET " + std::string(k_certificates_path) + " at offset " +
                                          std::to_string(offset) + ": " +
                                          (error.where.empty() ? "" : error.where + ": ") + error.message);
    }
    return page;
}

Result<CertificateDetails> ScmClient::show_certificate(const std::string& id)
{
    const std::string path = std::string(k_certificates_path) + "/" + id;
    auto response = call("GET", path, {}, "");
    if (!response) {
        return response.error();
    }
    auto details = parse_certificate_details(response->body);
    if (!details) {
        const Error& error = details.error();
        return make_error(error.code,
                          "GET " + path + ": " + (error.where.empty() ? "" : error.where + ": ") + error.message);
    }
    if (details->id != id) {
        return make_error(ErrorCode::remote, "GET " + path + ": unexpected API response: it describes certificate " +
                                                 quote_for_message(details->id, 80));
    }
    return details;
}

Result<void> ScmClient::set_notification(const std::vector<std::string>& ids, bool enabled)
{
    std::string body = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        // Ids are validated to [A-Za-z0-9_-], so they need no JSON escaping.
        body += (i == 0 ? "" : ",") + std::string(R"({"resource_id":")") + ids[i] + R"(","notice_type":)" +
                k_notice_types_json + "}";
    }
    body += "]";
    auto response = call("POST", enabled ? "/v3/scm/notification/enable" : "/v3/scm/notification/disable", {}, body);
    if (!response) {
        return response.error();
    }
    return {};
}

Result<std::vector<ListedCertificate>> list_all_certificates(ScmClient& client, int page_size, int max_pages)
{
    std::vector<ListedCertificate> all;
    std::set<std::string> seen;
    std::int64_t offset = 0;
    for (int page_number = 0; page_number < max_pages; ++page_number) {
        auto page = client.list_certificates(offset, page_size);
        if (!page) {
            return page.error();
        }
        if (page->certificates.empty()) {
            if (static_cast<std::int64_t>(all.size()) >= page->total_count) {
                return all;
            }
            return make_error(ErrorCode::remote, "GET /v3/scm/certificates at offset " + std::to_string(offset) +
                                                     ": empty page, but total_count says " +
                                                     std::to_string(page->total_count) + " certificates and only " +
                                                     std::to_string(all.size()) + " were listed");
        }
        for (ListedCertificate& certificate : page->certificates) {
            if (!seen.insert(certificate.id).second) {
                return make_error(ErrorCode::remote, "GET /v3/scm/certificates at offset " + std::to_string(offset) +
                                                         ": the page repeats certificate " +
                                                         quote_for_message(certificate.id) +
                                                         " already listed; paging is not advancing, refusing to guess");
            }
            all.push_back(std::move(certificate));
        }
        offset += static_cast<std::int64_t>(page->certificates.size());
        if (static_cast<std::int64_t>(all.size()) >= page->total_count) {
            return all;
        }
    }
    return make_error(ErrorCode::remote,
                      "GET /v3/scm/certificates: more than " + std::to_string(max_pages) + " pages; stopped");
}

} // namespace certgate::huaweicloud
