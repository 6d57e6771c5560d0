#pragma once
// The Certificate Manager API's JSON: certificate lists, certificate details,
// error bodies and its time formats.

#include "certgate/core/quote.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"
#include "certgate/core/time_zone.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::huaweicloud {

/// One item of GET /v3/scm/certificates. Absent or null strings are "".
struct ListedCertificate {
    std::string id; ///< "scs1554192131150"
    std::string name;
    std::string domain;
    std::string sans;        ///< as the API gives it, a string
    std::string status;      ///< raw: ISSUED, UPLOAD, EXPIRED, PAID, …
    std::string expire_time; ///< "2021-05-27 16:46:25.0", zone not stated
    std::string type;
    std::string signature_algorithm;
};

/// One page of the list.
struct CertificatePage {
    std::vector<ListedCertificate> certificates;
    std::int64_t total_count = 0;
};

/// GET /v3/scm/certificates/{id}. Absent or null strings are "".
struct CertificateDetails {
    std::string id;
    std::string name;
    std::string domain;
    std::string sans;
    std::string status;
    std::string not_before;
    std::string not_after;
    std::string signature_algorithm;
    std::string fingerprint; ///< SHA-1, as the API gives it
};

/// An error body: {"error_code", "error_msg"} (also {"code", "message"}).
struct ApiError {
    std::string code;    ///< "SCM.0008", "APIGW.0301"; "" when the body had none
    std::string message; ///< control characters replaced, at most 300 bytes
};

/// Longest certificate id accepted (the API's are 16 characters).
inline constexpr std::size_t k_max_certificate_id = 64;

/// Parses a list page. Fails (ErrorCode::remote) on bad JSON, a missing
/// `certificates` array or `total_count`, a field of the wrong type, or an
/// id that is empty, longer than k_max_certificate_id or not made of
/// letters, digits, '-' and '_'. `where` names the field: "certificates[3].id".
[[nodiscard]] Result<CertificatePage> parse_certificate_page(std::string_view body);

/// Parses certificate details; fails as parse_certificate_page does.
[[nodiscard]] Result<CertificateDetails> parse_certificate_details(std::string_view body);

/// Reads an error body; nullopt when it is not JSON or holds no code or message.
[[nodiscard]] std::optional<ApiError> parse_api_error(std::string_view body);

/// Parses an API timestamp: RFC 3339; "YYYY-MM-DD HH:MM:SS[.fraction]" (or
/// with 'T') without a zone, read in `zoneless` (the list's expire_time);
/// or epoch seconds (up to 11 digits) or milliseconds (12 or 13 digits).
/// Fails (ErrorCode::remote) on anything else.
[[nodiscard]] Result<Instant> parse_api_time(std::string_view text, const TimeZone& zoneless);

} // namespace certgate::huaweicloud
