#pragma once
// A client of the Certificate Manager (SCM) v3 API over HTTPS: every request
// signed with AK/SK, retried with backoff on 429 and 5xx, each request within
// an overall deadline, over the one network client (adapters/net).

#include "certgate/adapters/huaweicloud/api_model.hpp"
#include "certgate/adapters/huaweicloud/credentials.hpp"
#include "certgate/adapters/huaweicloud/endpoint.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace certgate::huaweicloud {

/// The system clock, to the second (X-Sdk-Date is always the real time,
/// never the --now of an evaluation).
[[nodiscard]] Instant system_clock_now();

/// How the client connects and retries.
struct ClientOptions {
    Endpoint endpoint;
    Credentials credentials;
    /// PEM bundle of CAs to trust instead of the system's (a private
    /// endpoint, tests). Without it OpenSSL's defaults apply, which honour
    /// SSL_CERT_FILE and SSL_CERT_DIR.
    std::optional<std::string> ca_file;
    std::chrono::milliseconds connect_timeout{10000}; ///< TCP and TLS, within read_timeout
    /// The whole of one request (connect, TLS, request and answer): a server
    /// that drips its answer is cut off here. Retries get their own.
    std::chrono::milliseconds read_timeout{30000};
    /// Attempts per request, the first included; retried on 429, 5xx and
    /// transport failures.
    int max_attempts = 4;
    std::chrono::milliseconds initial_backoff{500}; ///< doubled per retry
    std::chrono::milliseconds max_backoff{8000};    ///< also caps Retry-After
    std::size_t max_response_bytes = 16U * 1024U * 1024U;
    std::function<Instant()> clock = system_clock_now;
    std::function<void(std::chrono::milliseconds)> sleep; ///< default: sleep the thread
};

/// Notification types switched by the toggle calls.
inline constexpr const char* k_notice_types_json = R"(["CERT_EXPIRING","CERT_EXPIRED"])";

/// The SCM API. Not thread-safe; one connection, kept alive.
class ScmClient {
public:
    explicit ScmClient(ClientOptions options);
    ~ScmClient();
    ScmClient(const ScmClient&) = delete;
    ScmClient& operator=(const ScmClient&) = delete;

    /// GET /v3/scm/certificates?limit=LIMIT&offset=OFFSET (sorted by expiry).
    [[nodiscard]] Result<CertificatePage> list_certificates(std::int64_t offset, int limit);

    /// GET /v3/scm/certificates/{id}.
    [[nodiscard]] Result<CertificateDetails> show_certificate(const std::string& id);

    /// POST /v3/scm/notification/enable or /disable with
    /// [{"resource_id": ID, "notice_type": ["CERT_EXPIRING","CERT_EXPIRED"]}, …].
    [[nodiscard]] Result<void> set_notification(const std::vector<std::string>& ids, bool enabled);

    /// Requests sent so far, retries included (for diagnostics and tests).
    [[nodiscard]] int requests_sent() const { return m_requests_sent; }

    struct Impl;

private:
    struct Response {
        int status = 0;
        std::string body;
    };
    [[nodiscard]] Result<Response> call(const std::string& method, const std::string& path,
                                        const std::vector<std::pair<std::string, std::string>>& query,
                                        const std::string& body);

    ClientOptions m_options;
    std::unique_ptr<Impl> m_impl;
    int m_requests_sent = 0;
};

/// Lists every certificate: pages of `page_size` with item offsets until
/// `total_count` is reached. Fails loudly when a page repeats a certificate
/// already listed, when a page comes back empty before `total_count`, or
/// after `max_pages` pages.
[[nodiscard]] Result<std::vector<ListedCertificate>> list_all_certificates(ScmClient& client, int page_size = 50,
                                                                           int max_pages = 2000);

} // namespace certgate::huaweicloud
