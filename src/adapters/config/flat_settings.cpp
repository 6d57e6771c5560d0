// apply_setting(): one setting as a flat string (Terraform query keys,
// command-line flags).

#include "certgate/adapters/config/policy_file.hpp"

#include "settings.hpp"
#include "values.hpp"

#include <charconv>

namespace certgate::config {
namespace {

using detail::Item;

std::string_view trim_spaces(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// "a, b,c" -> items; "" -> no items; an empty item is an error.
Result<std::vector<Item>> split_list(std::string_view value)
{
    std::vector<Item> items;
    if (trim_spaces(value).empty()) {
        return items;
    }
    while (true) {
        const auto comma = value.find(',');
        const std::string_view item = trim_spaces(value.substr(0, comma));
        if (item.empty()) {
            return make_error(ErrorCode::usage, "empty item in the comma-separated list");
        }
        items.push_back({std::string(item), ""});
        if (comma == std::string_view::npos) {
            break;
        }
        value.remove_prefix(comma + 1);
    }
    return items;
}

Result<int> parse_count(std::string_view value)
{
    long long number = 0;
    const auto* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, number);
    if (value.empty() || ec != std::errc{} || ptr != end) {
        return make_error(ErrorCode::usage, "expected a whole number from 0 to " + std::to_string(detail::k_max_days) +
                                                ", got \"" + std::string(value.substr(0, 32)) + "\"");
    }
    return detail::check_count(number);
}

Result<double> parse_percent(std::string_view value)
{
    double number = 0;
    const auto* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, number);
    if (value.empty() || ec != std::errc{} || ptr != end) {
        return make_error(ErrorCode::usage, "expected a number greater than 0 and less than 100, got \"" +
                                                std::string(value.substr(0, 32)) + "\"");
    }
    return detail::check_percent(number);
}

Result<void> apply(Policy& policy, std::string_view name, std::string_view value)
{
    if (name == "timezone") {
        return detail::set_timezone(policy, std::string(value));
    }
    if (name == "fail_on") {
        return detail::set_fail_on(policy, std::string(value));
    }
    if (int* target = detail::count_setting(policy, name); target != nullptr) {
        auto count = parse_count(value);
        if (!count) {
            return count.error();
        }
        *target = *count;
        return {};
    }
    if (name == "renew_after_lifetime_percent") {
        auto percent = parse_percent(value);
        if (!percent) {
            return percent.error();
        }
        policy.renew_after_lifetime_percent = *percent;
        return {};
    }
    if (name == "holidays_file") {
        return detail::add_date_file(policy.calendar.holidays, std::string(value), "");
    }
    if (name == "extra_working_days_file") {
        return detail::add_date_file(policy.calendar.extra_working_days, std::string(value), "");
    }
    auto items = split_list(value);
    if (!items) {
        return items.error();
    }
    if (name == "milestones") {
        return detail::set_milestones(policy, *items);
    }
    if (name == "weekend") {
        return detail::set_weekend(policy, *items);
    }
    if (name == "holidays") {
        return detail::add_dates(policy.calendar.holidays, *items);
    }
    if (name == "extra_working_days") {
        return detail::add_dates(policy.calendar.extra_working_days, *items);
    }
    std::string expected;
    for (const std::string& known : setting_names()) {
        expected += (expected.empty() ? "" : ", ") + known;
    }
    return make_error(ErrorCode::usage, "unknown setting, expected one of: " + expected);
}

} // namespace

const std::vector<std::string>& setting_names()
{
    static const std::vector<std::string> names{"timezone",
                                                "milestones",
                                                "console_reminder_days",
                                                "renewal_window_working_days",
                                                "minimum_lead_working_days",
                                                "weekend",
                                                "holidays",
                                                "holidays_file",
                                                "extra_working_days",
                                                "extra_working_days_file",
                                                "fail_on",
                                                "renew_after_lifetime_percent"};
    return names;
}

Result<void> apply_setting(Policy& policy, std::string_view name, std::string_view value)
{
    // Work on a copy so that a failed setting leaves the policy as it was.
    Policy updated = policy;
    auto applied = apply(updated, name, value);
    if (!applied) {
        Error error = applied.error();
        error.where = std::string(name.substr(0, 64));
        return error;
    }
    policy = std::move(updated);
    return {};
}

} // namespace certgate::config
