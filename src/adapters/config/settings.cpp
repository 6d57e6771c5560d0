#include "settings.hpp"

#include "certgate/adapters/config/date_file.hpp"
#include "certgate/adapters/tz/zone_database.hpp"
#include "values.hpp"

#include <algorithm>

namespace certgate::config::detail {

Error item_error(const Error& error, const Item& item)
{
    Error located = error;
    if (!item.where.empty()) {
        located.where = item.where;
    }
    return located;
}

Result<void> set_milestones(Policy& policy, const std::vector<Item>& items)
{
    std::vector<Milestone> milestones;
    for (const Item& item : items) {
        auto milestone = parse_milestone(item.text);
        if (!milestone) {
            return item_error(milestone.error(), item);
        }
        if (std::find(milestones.begin(), milestones.end(), *milestone) != milestones.end()) {
            return item_error(
                make_error(ErrorCode::usage, "milestone \"" + item.text.substr(0, 32) + "\" is listed twice"), item);
        }
        milestones.push_back(*milestone);
    }
    policy.milestones = std::move(milestones);
    return {};
}

Result<void> set_weekend(Policy& policy, const std::vector<Item>& items)
{
    std::array<bool, 7> weekend{};
    for (const Item& item : items) {
        auto day = parse_weekday(item.text);
        if (!day) {
            return item_error(day.error(), item);
        }
        if (weekend[*day]) {
            return item_error(make_error(ErrorCode::usage, "weekday \"" + item.text + "\" is listed twice"), item);
        }
        weekend[*day] = true;
    }
    policy.calendar.weekend = weekend;
    return {};
}

Result<void> add_dates(std::set<Date>& dates, const std::vector<Item>& items)
{
    std::set<Date> parsed;
    for (const Item& item : items) {
        auto date = parse_date(item.text);
        if (!date) {
            return item_error(date.error(), item);
        }
        if (!parsed.insert(*date).second) {
            return item_error(make_error(ErrorCode::usage, "date \"" + item.text + "\" is listed twice"), item);
        }
    }
    dates.merge(parsed);
    return {};
}

Result<void> add_date_file(std::set<Date>& dates, const std::string& path, const std::string& base)
{
    if (path.empty()) {
        return make_error(ErrorCode::usage, "expected the path of a .ics file or of a list of dates, got \"\"");
    }
    auto loaded = load_date_file(resolve_path(path, base));
    if (!loaded) {
        Error error = loaded.error();
        return make_error(error.code, error.describe());
    }
    dates.merge(*loaded);
    return {};
}

Result<void> set_timezone(Policy& policy, const std::string& name)
{
    auto zone = tz::load_time_zone(name);
    if (!zone) {
        return make_error(zone.error().code, zone.error().message);
    }
    policy.time_zone = *zone;
    return {};
}

Result<void> set_fail_on(Policy& policy, const std::string& name)
{
    auto level = parse_severity(name, SeverityScope::gate_only);
    if (!level) {
        return make_error(level.error().code, level.error().message);
    }
    policy.fail_on = *level;
    return {};
}

int* count_setting(Policy& policy, std::string_view name)
{
    if (name == "console_reminder_days") {
        return &policy.console_reminder_days;
    }
    if (name == "renewal_window_working_days") {
        return &policy.renewal_window_working_days;
    }
    if (name == "minimum_lead_working_days") {
        return &policy.minimum_lead_working_days;
    }
    return nullptr;
}

} // namespace certgate::config::detail
