#pragma once
// Where the Certificate Manager API lives: https://scm.REGION.myhuaweicloud.com
// or a URL given with --endpoint.

#include "certgate/core/result.hpp"

#include <string>
#include <string_view>

namespace certgate::huaweicloud {

/// An HTTPS endpoint: host, port and an optional path prefix.
struct Endpoint {
    std::string host; ///< "scm.cn-north-4.myhuaweicloud.com", "127.0.0.1", "::1"
    int port = 443;
    std::string base_path; ///< "" or "/prefix" (no trailing slash)

    /// "https://host[:port][/prefix]".
    [[nodiscard]] std::string url() const;
    /// The Host header: "host" on port 443, "host:port" otherwise (IPv6 in brackets).
    [[nodiscard]] std::string host_header() const;
};

/// Checks a region name: 1 to 64 characters of a-z, 0-9 and '-' ("cn-north-4").
/// Fails with ErrorCode::usage.
[[nodiscard]] Result<std::string> validate_region(std::string_view region);

/// https://scm.REGION.myhuaweicloud.com for a region already validated.
[[nodiscard]] Endpoint default_endpoint(std::string_view region);

/// Parses "https://host[:port][/prefix]". Fails with ErrorCode::usage for any
/// other scheme, user information, a query or fragment, or a bad port.
[[nodiscard]] Result<Endpoint> parse_endpoint(std::string_view url);

} // namespace certgate::huaweicloud
