#include "certgate/adapters/huaweicloud/scm_client.hpp"

#include "certgate/adapters/huaweicloud/signer.hpp"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <thread>

namespace certgate::huaweicloud {

struct ScmClient::Impl {
    httplib::SSLClient client;
    Impl(const std::string& host, int port) : client(host, port) {}
};

namespace {

constexpr std::string_view k_certificates_path = "/v3/scm/certificates";

std::string transport_message(httplib::Error error, const ClientOptions& options)
{
    switch (error) {
    case httplib::Error::Connection:
        return "cannot connect to " + options.endpoint.host_header();
    case httplib::Error::ConnectionTimeout:
        return "connecting to " + options.endpoint.host_header() + " timed out after " +
               std::to_string(options.connect_timeout.count()) + " ms";
    case httplib::Error::Read:
        return "no complete answer from " + options.endpoint.host_header() + " within " +
               std::to_string(options.read_timeout.count()) + " ms (timed out or connection closed)";
    case httplib::Error::Write:
        return "the connection to " + options.endpoint.host_header() + " closed while sending the request";
    case httplib::Error::SSLConnection:
        return "TLS handshake with " + options.endpoint.host_header() + " failed";
    case httplib::Error::SSLLoadingCerts:
        return "cannot load the trusted CA certificates" +
               (options.ca_file ? " from " + quote_for_message(*options.ca_file) : std::string());
    case httplib::Error::SSLServerVerification:
        return "the TLS certificate of " + options.endpoint.host_header() +
               " could not be verified; for a private endpoint give its CA bundle (--ca-file or SSL_CERT_FILE)";
    case httplib::Error::Canceled:
        return "the answer from " + options.endpoint.host_header() + " is larger than " +
               std::to_string(options.max_response_bytes) + " bytes";
    default:
        return "request to " + options.endpoint.host_header() + " failed (" + httplib::to_string(error) + ")";
    }
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

std::chrono::milliseconds retry_after(const httplib::Response& response, std::chrono::milliseconds fallback,
                                      std::chrono::milliseconds cap)
{
    const std::string value = response.get_header_value("Retry-After");
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

ScmClient::ScmClient(ClientOptions options)
    : m_options(std::move(options)), m_impl(std::make_unique<Impl>(m_options.endpoint.host, m_options.endpoint.port))
{
    httplib::SSLClient& client = m_impl->client;
    client.enable_server_certificate_verification(true);
    if (m_options.ca_file) {
        client.set_ca_cert_path(*m_options.ca_file);
    }
    client.set_connection_timeout(m_options.connect_timeout);
    client.set_read_timeout(m_options.read_timeout);
    client.set_write_timeout(m_options.read_timeout);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    client.set_follow_location(false);
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

        httplib::Request request;
        request.method = method;
        request.path = target;
        for (const auto& [name, value] : input.headers) {
            request.headers.emplace(name, value);
        }
        request.headers.emplace("Authorization", signature->authorization);
        request.headers.emplace("Accept", "application/json");
        request.body = body;
        std::string received;
        bool too_large = false;
        request.content_receiver = [&](const char* data, std::size_t size, std::uint64_t, std::uint64_t) {
            if (received.size() + size > m_options.max_response_bytes) {
                too_large = true;
                return false;
            }
            received.append(data, size);
            return true;
        };
        httplib::Response response;
        httplib::Error error = httplib::Error::Success;
        ++m_requests_sent;
        const bool sent = m_impl->client.send(request, response, error);
        if (!sent || error != httplib::Error::Success) {
            last_failure = transport_message(too_large ? httplib::Error::Canceled : error, m_options);
            if (too_large || error == httplib::Error::SSLServerVerification ||
                error == httplib::Error::SSLLoadingCerts || attempt == m_options.max_attempts) {
                break;
            }
            m_options.sleep(std::min(backoff, m_options.max_backoff));
            backoff *= 2;
            continue;
        }
        if (response.status >= 200 && response.status <= 299) {
            return Response{response.status, std::move(received)};
        }
        const std::string request_id = response.get_header_value("X-Request-Id");
        const auto api_error = parse_api_error(received);
        std::string message = what + ": HTTP " + std::to_string(response.status);
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
        message += hint_for(response.status, code);
        last_failure = message;
        if (!retryable_status(response.status) || attempt == m_options.max_attempts) {
            if (retryable_status(response.status)) {
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
