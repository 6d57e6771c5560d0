#include "certgate/core/time.hpp"

#include <charconv>
#include <cstdio>

namespace certgate {
namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

// Reads exactly `width` digits at `pos`; nullopt when any is not a digit.
std::optional<int> read_digits(std::string_view text, std::size_t pos, std::size_t width)
{
    if (pos + width > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (!is_digit(text[i])) {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

Result<Date> date_prefix(std::string_view text)
{
    auto year = read_digits(text, 0, 4);
    auto month = read_digits(text, 5, 2);
    auto day = read_digits(text, 8, 2);
    if (text.size() < 10 || !year || !month || !day || text[4] != '-' || text[7] != '-') {
        return make_error(ErrorCode::usage, "invalid date, expected YYYY-MM-DD");
    }
    const std::chrono::year_month_day ymd{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                          std::chrono::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok()) {
        return make_error(ErrorCode::usage, "invalid date, no such day in the calendar");
    }
    return Date{ymd};
}

// The text is never quoted: these parsers also read files (holidays,
// policies) that may be anything, and the caller names the place instead.
Error rfc3339_error()
{
    return make_error(ErrorCode::usage, "invalid timestamp, expected RFC 3339 such as 2026-11-26T08:00:00Z");
}

} // namespace

Result<Date> parse_date(std::string_view text)
{
    if (text.size() != 10) {
        return make_error(ErrorCode::usage, "invalid date, expected YYYY-MM-DD");
    }
    return date_prefix(text);
}

Result<Instant> parse_rfc3339(std::string_view text)
{
    auto date = date_prefix(text);
    if (!date || text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) {
        return rfc3339_error();
    }
    auto hour = read_digits(text, 11, 2);
    auto minute = read_digits(text, 14, 2);
    auto second = read_digits(text, 17, 2);
    if (!hour || !minute || !second || text[13] != ':' || text[16] != ':' || *hour > 23 || *minute > 59 ||
        *second > 60) {
        return rfc3339_error();
    }
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t digits_start = pos;
        while (pos < text.size() && is_digit(text[pos])) {
            ++pos;
        }
        if (pos == digits_start) {
            return rfc3339_error();
        }
    }
    std::chrono::seconds offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        auto offset_hours = read_digits(text, pos + 1, 2);
        auto offset_minutes = read_digits(text, pos + 4, 2);
        if (!offset_hours || !offset_minutes || text[pos + 3] != ':' || *offset_hours > 23 || *offset_minutes > 59) {
            return rfc3339_error();
        }
        offset = std::chrono::hours{*offset_hours} + std::chrono::minutes{*offset_minutes};
        if (text[pos] == '-') {
            offset = -offset;
        }
        pos += 6;
    } else {
        return rfc3339_error();
    }
    if (pos != text.size()) {
        return rfc3339_error();
    }
    // A leap second (":60") is read as the first second of the next minute.
    return Instant{*date} + std::chrono::hours{*hour} + std::chrono::minutes{*minute} + std::chrono::seconds{*second} -
           offset;
}

Result<InstantOrDate> parse_instant_or_date(std::string_view text)
{
    if (text.size() == 10) {
        auto date = parse_date(text);
        if (!date) {
            return date.error();
        }
        return InstantOrDate{*date};
    }
    auto instant = parse_rfc3339(text);
    if (!instant) {
        return make_error(ErrorCode::usage, "invalid time \"" + std::string(text.substr(0, 64)) +
                                                "\", expected RFC 3339 (2026-11-26T08:00:00Z) or a date (2026-11-26)");
    }
    return InstantOrDate{*instant};
}

namespace {

// Writes `value` (0 <= value < 10^width) as exactly `width` digits.
void put_digits(char* out, unsigned value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

} // namespace

// Digits written directly: snprintf was ~1,700 instructions a call, and a
// report formats several dates a finding.
std::string format_date(Date date)
{
    const std::chrono::year_month_day ymd{date};
    const int year = static_cast<int>(ymd.year());
    if (year < 0 || year > 9999) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year, static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()));
        return buffer;
    }
    std::string text(10, '-');
    put_digits(text.data(), static_cast<unsigned>(year), 4);
    put_digits(text.data() + 5, static_cast<unsigned>(ymd.month()), 2);
    put_digits(text.data() + 8, static_cast<unsigned>(ymd.day()), 2);
    return text;
}

std::string format_rfc3339(Instant instant)
{
    const Date date = std::chrono::floor<std::chrono::days>(instant);
    const std::chrono::hh_mm_ss time{instant - date};
    std::string text = format_date(date);
    const std::size_t at = text.size();
    text.append("T00:00:00Z");
    put_digits(text.data() + at + 1, static_cast<unsigned>(time.hours().count()), 2);
    put_digits(text.data() + at + 4, static_cast<unsigned>(time.minutes().count()), 2);
    put_digits(text.data() + at + 7, static_cast<unsigned>(time.seconds().count()), 2);
    return text;
}

unsigned weekday_index(Date date)
{
    return std::chrono::weekday{date}.c_encoding();
}

} // namespace certgate
