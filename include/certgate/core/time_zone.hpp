#pragma once
// The mapping from instants to calendar dates. The core only sees this
// interface; IANA zones come from an adapter (adapters/tz) that reads tzdata.

#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace certgate {

/// A time zone: maps instants to local calendar dates and local midnights
/// back to instants.
class TimeZone {
public:
    TimeZone() = default;
    TimeZone(const TimeZone&) = delete;
    TimeZone& operator=(const TimeZone&) = delete;
    virtual ~TimeZone() = default;

    /// The name the user gave: "UTC", "+08:00", "Asia/Shanghai".
    [[nodiscard]] virtual std::string name() const = 0;
    /// The calendar date of `instant` in this zone.
    [[nodiscard]] virtual Date local_date(Instant instant) const = 0;
    /// The first instant of `date` in this zone (the earliest one if midnight
    /// falls into a daylight-saving gap).
    [[nodiscard]] virtual Instant start_of_day(Date date) const = 0;
};

/// A zone at a fixed offset from UTC (UTC itself is offset zero).
class FixedOffsetZone final : public TimeZone {
public:
    FixedOffsetZone(std::string name, std::chrono::seconds offset);
    [[nodiscard]] std::string name() const override;
    [[nodiscard]] Date local_date(Instant instant) const override;
    [[nodiscard]] Instant start_of_day(Date date) const override;

private:
    std::string m_name;
    std::chrono::seconds m_offset;
};

/// The UTC zone, shared.
[[nodiscard]] std::shared_ptr<const TimeZone> utc_zone();

/// Parses "UTC", "Z", "+08:00", "-05:30", "UTC+8", "+0800" into a fixed-offset
/// zone. Fails for anything else (IANA names are the tz adapter's job).
[[nodiscard]] Result<std::shared_ptr<const TimeZone>> parse_fixed_offset_zone(std::string_view text);

/// Resolves a parsed `now`: an instant stays as it is, a bare date becomes its
/// start of day in `zone`.
[[nodiscard]] Instant resolve_instant(const InstantOrDate& moment, const TimeZone& zone);

} // namespace certgate
