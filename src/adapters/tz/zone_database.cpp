#include "certgate/adapters/tz/zone_database.hpp"

#include <date/tz.h>

#include <exception>
#include <string>

namespace certgate::tz {
namespace {

class IanaZone final : public TimeZone {
public:
    explicit IanaZone(const date::time_zone* zone) : m_zone(zone) {}

    [[nodiscard]] std::string name() const override { return std::string(m_zone->name()); }

    [[nodiscard]] Date local_date(Instant instant) const override
    {
        const auto local = m_zone->to_local(instant);
        return Date{std::chrono::floor<std::chrono::days>(local).time_since_epoch()};
    }

    [[nodiscard]] Instant start_of_day(Date date) const override
    {
        const date::local_seconds midnight{std::chrono::seconds{date.time_since_epoch()}};
        const auto info = m_zone->get_info(midnight);
        if (info.result == date::local_info::nonexistent) {
            // Midnight was skipped by a daylight-saving change: the day starts
            // when the clocks jump forward.
            return info.second.begin;
        }
        return Instant{midnight.time_since_epoch() - info.first.offset};
    }

private:
    const date::time_zone* m_zone;
};

} // namespace

Result<std::shared_ptr<const TimeZone>> load_time_zone(std::string_view name)
{
    if (name.empty() || name == "UTC" || name.starts_with('+') || name.starts_with('-') || name == "Z" ||
        name.starts_with("UTC+") || name.starts_with("UTC-") || name.starts_with("GMT")) {
        return parse_fixed_offset_zone(name);
    }
    try {
        const date::time_zone* zone = date::locate_zone(name);
        return std::shared_ptr<const TimeZone>(std::make_shared<const IanaZone>(zone));
    } catch (const std::exception& failure) {
        const std::string what = failure.what();
        if (what.find("not found") == std::string::npos) {
            return make_error(ErrorCode::usage,
                              "cannot read the time zone database (" + what + "); install the tzdata package",
                              "timezone");
        }
        return make_error(ErrorCode::usage,
                          "unknown time zone \"" + std::string(name.substr(0, 64)) +
                              "\", expected UTC, an offset such as +08:00, or an IANA name such as Asia/Shanghai",
                          "timezone");
    }
}

} // namespace certgate::tz
