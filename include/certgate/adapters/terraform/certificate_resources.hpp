#pragma once
// What certgate knows about the certificate resources of Terraform providers:
// which attributes hold expiry timestamps and which hold PEM certificates.

#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"
#include "certgate/core/time_zone.hpp"

#include <span>
#include <string_view>

namespace certgate::terraform {

/// The zone of a timestamp attribute written without one.
enum class TimestampZone {
    utc,        ///< zoneless values are UTC
    huaweicloud ///< zoneless values are in ReadOptions::huaweicloud_zone (UTC by default)
};

/// One row of the table of timestamp attributes. Paths use Terraform's
/// attribute syntax with `[*]` for any list index, e.g.
/// `certificate_attribute[*].expires`; `not_before` is "" when the resource
/// has no such attribute.
struct TimestampAttributes {
    std::string_view type;
    std::string_view not_after;
    std::string_view not_before;
    TimestampZone zone = TimestampZone::utc;
};

/// Every supported resource (and data source) type with its timestamp
/// attributes; a type may have several rows, the first that has a value wins.
[[nodiscard]] std::span<const TimestampAttributes> timestamp_table();

/// True when `type` has a row in timestamp_table().
[[nodiscard]] bool is_certificate_resource_type(std::string_view type);

/// True when `path` (Terraform syntax, "certificate_attribute[0].expires")
/// matches a not_after or not_before attribute of any row of timestamp_table().
[[nodiscard]] bool is_timestamp_attribute_path(std::string_view path);

/// True when `path` matches the not_after attribute of a row for `type`.
[[nodiscard]] bool is_not_after_path_of(std::string_view type, std::string_view path);

/// True when an attribute with this name holds PEM certificate text in the
/// common providers (`certificate_pem`, `cert_pem`, `certificate_body`,
/// `certificate_chain`, `issuer_pem`, `certificate`, …, or a name ending in
/// `_pem` that mentions a certificate). Used to report values known only
/// after apply.
[[nodiscard]] bool is_pem_attribute_name(std::string_view name);

/// Parses a timestamp attribute with the one timestamp parser
/// (core/timestamp.hpp; no bare dates): RFC 3339, "YYYY-MM-DD HH:MM:SS[.fraction]"
/// or "YYYY-MM-DDTHH:MM:SS" without a zone (read in `zoneless`), or an epoch
/// (up to 11 digits seconds, 12 or 13 digits milliseconds). The message of
/// the error never repeats the value.
[[nodiscard]] Result<Instant> parse_resource_timestamp(std::string_view text, const TimeZone& zoneless);

} // namespace certgate::terraform
