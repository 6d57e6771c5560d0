#include "certgate/core/time_zone.hpp"

#include <cctype>
#include <optional>

namespace certgate {

FixedOffsetZone::FixedOffsetZone(std::string name, std::chrono::seconds offset)
    : m_name(std::move(name)), m_offset(offset)
{
}

std::string FixedOffsetZone::name() const
{
    return m_name;
}

Date FixedOffsetZone::local_date(Instant instant) const
{
    return std::chrono::floor<std::chrono::days>(instant + m_offset);
}

Instant FixedOffsetZone::start_of_day(Date date) const
{
    return Instant{date} - m_offset;
}

std::shared_ptr<const TimeZone> utc_zone()
{
    static const auto zone = std::make_shared<const FixedOffsetZone>("UTC", std::chrono::seconds{0});
    return zone;
}

namespace {

std::optional<int> two_digits(std::string_view text)
{
    if (text.size() != 2 || !std::isdigit(static_cast<unsigned char>(text[0])) ||
        !std::isdigit(static_cast<unsigned char>(text[1]))) {
        return std::nullopt;
    }
    return (text[0] - '0') * 10 + (text[1] - '0');
}

} // namespace

Result<std::shared_ptr<const TimeZone>> parse_fixed_offset_zone(std::string_view text)
{
    const std::string original{text};
    if (text == "UTC" || text == "Z" || text == "Etc/UTC" || text == "GMT" || text == "utc") {
        return utc_zone();
    }
    if (text.starts_with("UTC") || text.starts_with("GMT")) {
        text.remove_prefix(3);
    }
    auto invalid = [&] {
        return make_error(ErrorCode::usage, "invalid time zone \"" + original.substr(0, 64) +
                                                "\", expected UTC, an offset such as +08:00, or an IANA name such "
                                                "as Asia/Shanghai");
    };
    if (text.empty() || (text[0] != '+' && text[0] != '-')) {
        return invalid();
    }
    const bool negative = text[0] == '-';
    text.remove_prefix(1);
    std::optional<int> hours;
    std::optional<int> minutes = 0;
    if (text.size() == 5 && text[2] == ':') {
        hours = two_digits(text.substr(0, 2));
        minutes = two_digits(text.substr(3, 2));
    } else if (text.size() == 4) {
        hours = two_digits(text.substr(0, 2));
        minutes = two_digits(text.substr(2, 2));
    } else if (text.size() == 2) {
        hours = two_digits(text);
    } else if (text.size() == 1 && std::isdigit(static_cast<unsigned char>(text[0]))) {
        hours = text[0] - '0';
    }
    if (!hours || !minutes || *hours > 18 || *minutes > 59) {
        return invalid();
    }
    auto offset = std::chrono::seconds{*hours * 3600 + *minutes * 60};
    std::shared_ptr<const TimeZone> zone =
        std::make_shared<const FixedOffsetZone>(original, negative ? -offset : offset);
    return zone;
}

Instant resolve_instant(const InstantOrDate& moment, const TimeZone& zone)
{
    if (const auto* instant = std::get_if<Instant>(&moment)) {
        return *instant;
    }
    return zone.start_of_day(std::get<Date>(moment));
}

} // namespace certgate
