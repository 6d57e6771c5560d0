#pragma once
// certgate's one network client for outgoing exchanges (webhook POSTs, SMTP,
// the Huawei Cloud API), on libcurl: every transfer has a total deadline, a
// low-speed limit and a cap on what it reads; TLS peers are verified by
// OpenSSL, host name included; no signal is raised (SIGPIPE-safe).

#include "certgate/core/result.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace certgate::net {

using Clock = std::chrono::steady_clock;

/// Time and size bounds of one transfer.
struct Limits {
    /// The whole transfer: resolve, connect, TLS, request and answer.
    std::chrono::milliseconds total{10000};
    /// Connecting (TCP and TLS) at most this long; within `total` either way.
    std::optional<std::chrono::milliseconds> connect;
    /// An absolute end (e.g. a delivery's lease); the earlier of the two wins.
    std::optional<Clock::time_point> deadline;
    /// Abort when fewer than `min_bytes_per_second` arrive for this long.
    std::chrono::seconds stall{10};
    long min_bytes_per_second = 1;
    /// Answer bytes (headers and body) read at most; the transfer stops there.
    std::size_t max_response_bytes = 64U * 1024U;
};

/// How the TLS peer is checked.
struct Tls {
    /// PEM bundle of trusted CAs; without it OpenSSL's defaults apply, which
    /// honour SSL_CERT_FILE and SSL_CERT_DIR.
    std::optional<std::string> ca_file;
    bool verify = true; ///< false: neither chain nor host name is checked
};

/// Why a transfer failed, for callers that word their own messages.
enum class TransferFailure {
    none,
    resolve,       ///< the host name does not resolve
    connect,       ///< refused, unreachable, or no connection within the connect limit
    timeout,       ///< the total time (or the deadline) ran out
    stalled,       ///< below the low-speed limit for too long
    closed,        ///< the peer closed or reset the connection
    tls_untrusted, ///< chain or host name not verified
    tls_ca,        ///< the CA bundle cannot be loaded
    tls_handshake, ///< another TLS failure
    too_large,     ///< the answer passed the cap
    other,
};

/// Milliseconds left for a transfer that starts at `now`: the smaller of
/// `limits.total` and the time to `limits.deadline`, never negative.
[[nodiscard]] std::chrono::milliseconds time_budget(const Limits& limits, Clock::time_point now);

/// The parts of a URL that are safe to print and store: "scheme://host" or
/// "scheme://host:port" (an explicit port only). Path, query, fragment and
/// user information (which carry tokens and passwords) are never included.
/// "(invalid URL)" when the text does not parse.
[[nodiscard]] std::string safe_endpoint(const std::string& url);

/// A parsed absolute URL.
struct Url {
    std::string scheme; ///< lowercase
    std::string host;   ///< without brackets for IPv6
    unsigned port = 0;  ///< explicit or the scheme's default
    bool has_user_info = false;
};

/// Parses an absolute URL with libcurl's parser (the one that later
/// connects). Fails with ErrorCode::usage without quoting the URL.
[[nodiscard]] Result<Url> parse_url(const std::string& url);

} // namespace certgate::net
