#pragma once
// The epoch and timestamp cases every timestamp path must read alike (the one
// parser in core/timestamp.hpp): each path's unit test runs them.

#include "certgate/core/time.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace certgate::testing {

struct TimestampCase {
    std::string_view text;
    std::optional<std::string_view> utc; ///< RFC 3339 of the instant; nullopt: refused
};

/// Read in UTC. 12 digits are milliseconds (once seconds in the Terraform
/// path), 14 or more digits are refused (once 16 digits gave year -8823).
inline constexpr std::array<TimestampCase, 12> k_shared_timestamp_cases{{
    {"1798761600", "2027-01-01T00:00:00Z"},
    {"1798761600000", "2027-01-01T00:00:00Z"},
    {"99999999999", "5138-11-16T09:46:39Z"},
    {"100000000000", "1973-03-03T09:46:40Z"},
    {"9999999999999", "2286-11-20T17:46:39Z"},
    {"10000000000000", std::nullopt},
    {"1798761600000000", std::nullopt},
    {"2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z"},
    {"2027-01-01T08:00:00.5+08:00", "2027-01-01T00:00:00Z"},
    {"2027-01-01 00:00:00", "2027-01-01T00:00:00Z"},
    {"2027-01-01T00:00:00.0", "2027-01-01T00:00:00Z"},
    {"next tuesday", std::nullopt},
}};

} // namespace certgate::testing
