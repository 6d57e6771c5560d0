#include "certgate/adapters/config/date_file.hpp"

#include "values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

namespace certgate::config {
namespace {

using std::chrono::days;

// Guards against a small file that expands to an enormous number of dates.
constexpr std::size_t k_max_expanded_days = 1'000'000;
// The longest single event accepted, in days.
constexpr std::int64_t k_max_event_days = 366;

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

std::string upper(std::string_view text)
{
    std::string result(text);
    for (char& c : result) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return result;
}

// The END line expected for an open component. Only names from RFC 5545
// are repeated in messages: a file that is not a calendar must not have its
// text echoed.
std::string expected_end(const std::vector<std::string>& components)
{
    static constexpr std::string_view k_known[] = {"VCALENDAR", "VEVENT",   "VTODO",    "VJOURNAL", "VFREEBUSY",
                                                   "VTIMEZONE", "STANDARD", "DAYLIGHT", "VALARM"};
    if (components.empty()) {
        return "END:VCALENDAR";
    }
    for (const std::string_view known : k_known) {
        if (components.back() == known) {
            return "END:" + std::string(known);
        }
    }
    return "the END line of the component opened before";
}

// A physical line and its 1-based number.
struct Line {
    std::string_view text;
    std::size_t number;
};

std::vector<Line> split_lines(std::string_view text)
{
    std::vector<Line> lines;
    std::size_t number = 1;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back({line, number++});
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::optional<unsigned> read_number(std::string_view text)
{
    unsigned value = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

// "20260101" -> a date.
std::optional<Date> basic_date(std::string_view text)
{
    if (text.size() != 8 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{static_cast<int>(*read_number(text.substr(0, 4)))},
                                          std::chrono::month{*read_number(text.substr(4, 2))},
                                          std::chrono::day{*read_number(text.substr(6, 2))}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return Date{ymd};
}

// One content line of iCalendar: NAME;PARAM=...:VALUE.
struct Property {
    std::string name;   // uppercase
    std::string params; // uppercase, ";"-separated, without the name
    std::string_view value;
};

std::optional<Property> split_property(std::string_view line)
{
    // The value starts after the first colon outside a quoted parameter value.
    bool in_quotes = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"') {
            in_quotes = !in_quotes;
        } else if (line[i] == ':' && !in_quotes) {
            const std::string_view head = line.substr(0, i);
            const auto semicolon = head.find(';');
            Property property;
            property.name = upper(head.substr(0, semicolon));
            property.params = semicolon == std::string_view::npos ? "" : upper(head.substr(semicolon + 1));
            property.value = line.substr(i + 1);
            return property;
        }
    }
    return std::nullopt;
}

// The event being read between BEGIN:VEVENT and END:VEVENT.
struct Event {
    std::size_t begin_line = 0;
    std::optional<Date> start;
    std::optional<Date> end;
    std::optional<std::int64_t> duration_days;
    std::optional<std::string> rrule;
    std::size_t rrule_line = 0;
    std::vector<Date> exdates;
    bool cancelled = false;
};

class IcsReader {
public:
    explicit IcsReader(std::string where) : m_where(std::move(where)) {}

    Result<std::set<Date>> read(const std::vector<Line>& physical);

private:
    Error error_at(std::size_t line, const std::string& message) const
    {
        return make_error(ErrorCode::input, message, m_where + ": line " + std::to_string(line));
    }
    Result<void> property(const Property& property, std::size_t line);
    Result<Date> all_day_date(const Property& property, std::size_t line) const;
    Result<void> finish_event();
    Result<void> add_span(Date start, std::int64_t length);

    std::string m_where;
    std::set<Date> m_dates;
    std::size_t m_added = 0;
    std::optional<Event> m_event;
};

Result<Date> IcsReader::all_day_date(const Property& property, std::size_t line) const
{
    if (property.params.find("VALUE=DATE-TIME") == std::string::npos) {
        if (auto date = basic_date(trim(property.value))) {
            return *date;
        }
    }
    return error_at(line,
                    property.name + " is not an all-day date; expected " + property.name + ";VALUE=DATE:YYYYMMDD");
}

Result<void> IcsReader::property(const Property& item, std::size_t line)
{
    Event& event = *m_event;
    if (item.name == "DTSTART") {
        auto date = all_day_date(item, line);
        if (!date) {
            return date.error();
        }
        event.start = *date;
    } else if (item.name == "DTEND") {
        auto date = all_day_date(item, line);
        if (!date) {
            return date.error();
        }
        event.end = *date;
    } else if (item.name == "DURATION") {
        std::string_view value = trim(item.value);
        if (value.starts_with('+')) {
            value.remove_prefix(1);
        }
        std::optional<unsigned> count;
        std::int64_t unit = 1;
        if (value.size() >= 3 && value.front() == 'P' && (value.back() == 'D' || value.back() == 'W')) {
            count = read_number(value.substr(1, value.size() - 2));
            unit = value.back() == 'W' ? 7 : 1;
        }
        if (!count) {
            return error_at(line, "invalid DURATION, expected whole days or weeks such as P1D or P2W");
        }
        event.duration_days = static_cast<std::int64_t>(*count) * unit;
    } else if (item.name == "RRULE") {
        event.rrule = upper(trim(item.value));
        event.rrule_line = line;
    } else if (item.name == "EXDATE") {
        std::string_view list = trim(item.value);
        while (true) {
            const auto comma = list.find(',');
            const Property one{item.name, item.params, list.substr(0, comma)};
            auto date = all_day_date(one, line);
            if (!date) {
                return date.error();
            }
            event.exdates.push_back(*date);
            if (comma == std::string_view::npos) {
                break;
            }
            list.remove_prefix(comma + 1);
        }
    } else if (item.name == "STATUS") {
        event.cancelled = upper(trim(item.value)) == "CANCELLED";
    }
    return {};
}

Result<void> IcsReader::add_span(Date start, std::int64_t length)
{
    for (std::int64_t i = 0; i < length; ++i) {
        if (++m_added > k_max_expanded_days) {
            return make_error(ErrorCode::limit,
                              "the calendar expands to more than " + std::to_string(k_max_expanded_days) + " dates",
                              m_where);
        }
        m_dates.insert(start + days{i});
    }
    return {};
}

Result<void> IcsReader::finish_event()
{
    const Event event = *m_event;
    m_event.reset();
    if (!event.start) {
        return error_at(event.begin_line, "the event has no DTSTART; expected DTSTART;VALUE=DATE:YYYYMMDD");
    }
    std::int64_t length = 1;
    if (event.end) {
        length = (*event.end - *event.start).count();
        if (length <= 0) {
            return error_at(event.begin_line, "the event's DTEND is not after its DTSTART (DTEND is exclusive)");
        }
    } else if (event.duration_days) {
        length = *event.duration_days;
        if (length <= 0) {
            return error_at(event.begin_line, "the event's DURATION is zero");
        }
    }
    if (length > k_max_event_days) {
        return error_at(event.begin_line, "the event lasts " + std::to_string(length) + " days, more than " +
                                              std::to_string(k_max_event_days));
    }
    if (event.cancelled) {
        return {};
    }
    if (!event.rrule) {
        return add_span(*event.start, length);
    }

    const std::chrono::year_month_day first{*event.start};
    unsigned interval = 1;
    std::optional<unsigned> count;
    std::optional<Date> until;
    bool yearly = false;
    std::string_view rule = *event.rrule;
    const auto unsupported = [&] {
        return error_at(event.rrule_line,
                        "unsupported RRULE, expected FREQ=YEARLY with at most INTERVAL, COUNT or UNTIL");
    };
    while (!rule.empty()) {
        const auto semicolon = rule.find(';');
        const std::string_view part = rule.substr(0, semicolon);
        const auto equals = part.find('=');
        const std::string_view key = part.substr(0, equals);
        const std::string_view value = equals == std::string_view::npos ? "" : part.substr(equals + 1);
        if (key == "FREQ") {
            if (value != "YEARLY") {
                return unsupported();
            }
            yearly = true;
        } else if (key == "INTERVAL") {
            const auto number = read_number(value);
            if (!number || *number == 0) {
                return unsupported();
            }
            interval = *number;
        } else if (key == "COUNT") {
            count = read_number(value);
            if (!count || *count == 0) {
                return unsupported();
            }
        } else if (key == "UNTIL") {
            until = basic_date(value.substr(0, 8));
            if (!until || (value.size() != 8 && value[8] != 'T')) {
                return unsupported();
            }
        } else if (key == "BYMONTH") {
            // Generators often spell out the month and day of DTSTART; anything
            // else would be a different rule.
            if (read_number(value) != static_cast<unsigned>(first.month())) {
                return unsupported();
            }
        } else if (key == "BYMONTHDAY") {
            if (read_number(value) != static_cast<unsigned>(first.day())) {
                return unsupported();
            }
        } else if (!(key == "WKST")) {
            return unsupported();
        }
        if (semicolon == std::string_view::npos) {
            break;
        }
        rule.remove_prefix(semicolon + 1);
    }
    if (!yearly) {
        return unsupported();
    }
    unsigned occurrences = 0;
    // 64-bit, so that a huge INTERVAL ends the loop instead of overflowing.
    const auto step = static_cast<std::int64_t>(interval);
    for (std::int64_t year = static_cast<int>(first.year()); year <= k_last_expanded_year; year += step) {
        const std::chrono::year_month_day ymd{std::chrono::year{static_cast<int>(year)}, first.month(), first.day()};
        if (!ymd.ok()) {
            continue; // 29 February in a common year: no occurrence (RFC 5545).
        }
        const Date date{ymd};
        if ((until && date > *until) || (count && occurrences >= *count)) {
            break;
        }
        ++occurrences;
        if (std::find(event.exdates.begin(), event.exdates.end(), date) != event.exdates.end()) {
            continue;
        }
        if (auto added = add_span(date, length); !added) {
            return added;
        }
    }
    return {};
}

Result<std::set<Date>> IcsReader::read(const std::vector<Line>& physical)
{
    // Unfold: a line that starts with a space or a tab continues the previous one.
    std::vector<std::pair<std::string, std::size_t>> lines;
    for (const Line& line : physical) {
        if (!lines.empty() && !line.text.empty() && (line.text.front() == ' ' || line.text.front() == '\t')) {
            lines.back().first.append(line.text.substr(1));
        } else {
            lines.emplace_back(std::string(line.text), line.number);
        }
    }
    std::vector<std::string> components;
    bool ended = false;
    for (const auto& [text, number] : lines) {
        if (trim(text).empty()) {
            continue;
        }
        if (ended) {
            return error_at(number, "text after END:VCALENDAR");
        }
        const auto item = split_property(text);
        if (!item) {
            return error_at(number, "expected a NAME:VALUE line");
        }
        const std::string value = upper(trim(item->value));
        if (item->name == "BEGIN") {
            if (components.size() >= 8) {
                return error_at(number, "components nested deeper than 8 levels");
            }
            if (components.empty() && value != "VCALENDAR") {
                return error_at(number, "expected BEGIN:VCALENDAR");
            }
            components.push_back(value);
            if (value == "VEVENT" && components.size() == 2) {
                m_event = Event{};
                m_event->begin_line = number;
            }
        } else if (item->name == "END") {
            if (components.empty() || components.back() != value) {
                return error_at(number, "unexpected END line, expected " + expected_end(components));
            }
            components.pop_back();
            if (value == "VEVENT" && m_event && components.size() == 1) {
                if (auto finished = finish_event(); !finished) {
                    return finished.error();
                }
            }
            ended = components.empty();
        } else if (components.empty()) {
            return error_at(number, "expected BEGIN:VCALENDAR");
        } else if (m_event && components.size() == 2) {
            if (auto read_property = property(*item, number); !read_property) {
                return read_property.error();
            }
        }
    }
    if (!ended) {
        return make_error(ErrorCode::input,
                          "the calendar ends without " + expected_end(components) + " (is the file truncated?)",
                          m_where);
    }
    return std::move(m_dates);
}

Result<std::set<Date>> read_date_list(const std::vector<Line>& lines, const std::string& where)
{
    std::set<Date> dates;
    for (const Line& line : lines) {
        std::string_view text = line.text;
        text = trim(text.substr(0, text.find('#')));
        if (text.empty()) {
            continue;
        }
        auto date = parse_date(text);
        if (!date) {
            return make_error(ErrorCode::input, date.error().message, where + ": line " + std::to_string(line.number));
        }
        dates.insert(*date);
    }
    return dates;
}

} // namespace

Result<std::set<Date>> parse_date_file(std::string_view text, const std::string& where)
{
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    const std::vector<Line> lines = split_lines(text);
    const auto first =
        std::find_if(lines.begin(), lines.end(), [](const Line& line) { return !trim(line.text).empty(); });
    if (first != lines.end() && upper(trim(first->text)) == "BEGIN:VCALENDAR") {
        return IcsReader{where}.read(lines);
    }
    return read_date_list(lines, where);
}

Result<std::set<Date>> load_date_file(const std::string& path)
{
    auto text = detail::read_bounded_file(path, k_max_date_file_bytes, "date file");
    if (!text) {
        return text.error();
    }
    return parse_date_file(*text, path);
}

} // namespace certgate::config
