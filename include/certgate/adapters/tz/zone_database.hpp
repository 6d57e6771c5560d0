#pragma once
// IANA time zones from the system's tzdata (Howard Hinnant's date/tz).

#include "certgate/core/result.hpp"
#include "certgate/core/time_zone.hpp"

#include <memory>
#include <string_view>

namespace certgate::tz {

/// Resolves a time zone setting: "UTC", a fixed offset ("+08:00") or an IANA
/// name ("Asia/Shanghai"). Fails with ErrorCode::usage for an unknown name,
/// saying that tzdata must be installed when no zone database is found.
[[nodiscard]] Result<std::shared_ptr<const TimeZone>> load_time_zone(std::string_view name);

} // namespace certgate::tz
