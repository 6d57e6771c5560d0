#pragma once
// Huawei Cloud AK/SK request signing (SDK-HMAC-SHA256), as the API gateway
// verifies it. Pure apart from OpenSSL's SHA-256 and HMAC.

#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::huaweicloud {

/// Name of the signing algorithm, first word of the Authorization header.
inline constexpr std::string_view k_signing_algorithm = "SDK-HMAC-SHA256";

/// Name/value pairs in the order given; names may repeat.
using Pairs = std::vector<std::pair<std::string, std::string>>;

/// What a signature covers. `headers` are the headers to sign: every one
/// whose name has no '_' is signed (names with '_' are skipped, as the
/// gateway does). They must include X-Sdk-Date. `body` is the exact bytes sent.
struct SigningInput {
    std::string method; ///< "GET", "POST"
    std::string path;   ///< "/v3/scm/certificates", not percent-encoded
    Pairs query;        ///< decoded query parameters
    Pairs headers;
    std::string body;
};

/// Every intermediate value of a signature, for tests and diagnostics. None
/// of them holds the secret key.
struct Signature {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signed_headers; ///< "host;x-sdk-date"
    std::string signature;      ///< lowercase hex
    std::string authorization;  ///< the Authorization header value
};

/// Percent-encodes every byte except A-Z a-z 0-9 - _ . ~ as %XX (upper case).
[[nodiscard]] std::string uri_escape(std::string_view text);

/// Each path segment escaped, always ending in "/".
[[nodiscard]] std::string canonical_uri(std::string_view path);

/// Keys sorted, values of a repeated key sorted, escaped, joined with "&".
[[nodiscard]] std::string canonical_query(const Pairs& query);

/// "YYYYMMDDTHHMMSSZ", the X-Sdk-Date form of an instant.
[[nodiscard]] std::string format_sdk_date(Instant instant);

/// Parses an X-Sdk-Date value; fails on anything but "YYYYMMDDTHHMMSSZ".
[[nodiscard]] Result<Instant> parse_sdk_date(std::string_view text);

/// Lowercase hex SHA-256 of `bytes`.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// Signs `input` with the access key and secret key. Fails when the headers
/// hold no X-Sdk-Date, or when a signed header value holds a line break.
[[nodiscard]] Result<Signature> sign(const SigningInput& input, std::string_view access_key,
                                     std::string_view secret_key);

} // namespace certgate::huaweicloud
