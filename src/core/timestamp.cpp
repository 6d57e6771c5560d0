#include "certgate/core/timestamp.hpp"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <string>

namespace certgate {
namespace {

constexpr std::string_view k_syntax = "not a timestamp";
constexpr std::string_view k_epoch_digits =
    "an epoch of more than 13 digits, expected seconds (up to 11 digits) or milliseconds (12 or 13 digits); as "
    "seconds it would be past the year 9999";

bool all_digits(std::string_view text)
{
    if (text.empty()) {
        return false;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

Error problem(TimestampProblem kind)
{
    return make_error(ErrorCode::input, std::string(timestamp_problem_message(kind)));
}

Result<Instant> parse_epoch(std::string_view digits)
{
    if (digits.size() > k_max_epoch_milliseconds_digits) {
        return problem(TimestampProblem::epoch_digits);
    }
    std::int64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value); // 13 digits always fit
    if (digits.size() > k_max_epoch_seconds_digits) {
        value /= 1000;
    }
    return Instant{std::chrono::seconds{value}};
}

// "YYYY-MM-DDTHH:MM:SS[.digits]" with no zone, read as wall-clock time in `zone`.
Result<Instant> parse_wall_clock(const std::string& text, const TimeZone& zone)
{
    std::size_t end = 19;
    if (text.size() > end && text[end] == '.') {
        ++end;
        const std::size_t digits = end;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
            ++end;
        }
        if (end == digits) {
            return problem(TimestampProblem::syntax);
        }
    }
    if (text.size() < 19 || end != text.size()) {
        return problem(TimestampProblem::syntax);
    }
    auto as_utc = parse_rfc3339(text.substr(0, 19) + "Z");
    if (!as_utc) {
        return problem(TimestampProblem::syntax);
    }
    // Local midnight plus the time of day: exact except on a day with a
    // daylight-saving change before that time.
    const Date date = std::chrono::floor<std::chrono::days>(*as_utc);
    return zone.start_of_day(date) + (*as_utc - Instant{date});
}

} // namespace

Result<Instant> parse_timestamp(std::string_view text, const TimeZone& zoneless, BareDate bare_date)
{
    if (text.empty() || text.size() > k_max_timestamp_bytes) {
        return problem(TimestampProblem::syntax);
    }
    if (all_digits(text)) {
        return parse_epoch(text);
    }
    std::string normalised(text);
    if (normalised.size() > 10 && (normalised[10] == ' ' || normalised[10] == 't')) {
        normalised[10] = 'T';
    }
    if (auto instant = parse_rfc3339(normalised)) {
        return *instant;
    }
    if (normalised.size() == 10) {
        auto date = parse_date(normalised);
        if (date && bare_date == BareDate::start_of_day) {
            return zoneless.start_of_day(*date);
        }
        return problem(TimestampProblem::syntax);
    }
    return parse_wall_clock(normalised, zoneless);
}

TimestampProblem timestamp_problem(const Error& error)
{
    return error.message == k_epoch_digits ? TimestampProblem::epoch_digits : TimestampProblem::syntax;
}

std::string_view timestamp_problem_message(TimestampProblem problem)
{
    return problem == TimestampProblem::epoch_digits ? k_epoch_digits : k_syntax;
}

} // namespace certgate
