#pragma once
// HTTP(S) exchanges on the one network client (see transfer.hpp).

#include "certgate/adapters/net/transfer.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace certgate::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    Headers headers;
    std::string body;
};

/// An answer as received: no redirect followed, no content decoded (a
/// Content-Encoding answer is just bytes, capped like any other).
struct HttpResponse {
    long status = 0;
    Headers headers; ///< names as sent; values trimmed
    std::string body;

    /// The first header of that name (case-insensitive), "" when absent.
    [[nodiscard]] std::string header(std::string_view name) const;
};

/// One HTTP(S) client; keeps its connection alive between requests. Not
/// thread-safe.
class HttpClient {
public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends `request` and reads the answer within `limits`. Fails with
    /// ErrorCode::network (cannot connect, TLS, timed out, stalled, closed)
    /// or ErrorCode::limit (the answer is larger than the cap); messages
    /// never quote the URL: `where` is the caller's safe description of it.
    [[nodiscard]] Result<HttpResponse> exchange(const HttpRequest& request, const Tls& tls, const Limits& limits,
                                                const std::string& where);

    /// Why the last exchange failed (TransferFailure::none after success).
    [[nodiscard]] TransferFailure last_failure() const { return m_last_failure; }

    struct Handle;

private:
    std::unique_ptr<Handle> m_handle;
    TransferFailure m_last_failure = TransferFailure::none;
};

} // namespace certgate::net
