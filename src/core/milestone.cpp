#include "certgate/core/milestone.hpp"

#include <algorithm>
#include <charconv>

namespace certgate {

std::string Milestone::label() const
{
    switch (unit) {
    case MilestoneUnit::days:
        return std::to_string(count) + "d";
    case MilestoneUnit::weeks:
        return std::to_string(count) + "w";
    case MilestoneUnit::months:
        return std::to_string(count) + "mo";
    }
    return {};
}

Date Milestone::date_before(Date expiry_date) const
{
    using namespace std::chrono;
    switch (unit) {
    case MilestoneUnit::days:
        return expiry_date - days{count};
    case MilestoneUnit::weeks:
        return expiry_date - weeks{count};
    case MilestoneUnit::months: {
        const year_month_day expiry{expiry_date};
        const year_month target = year_month{expiry.year(), expiry.month()} - months{count};
        const day last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
        return Date{year_month_day{target.year(), target.month(), std::min(expiry.day(), last)}};
    }
    }
    return expiry_date;
}

Result<Milestone> parse_milestone(std::string_view text)
{
    const std::string original{text};
    auto invalid = [&](const std::string& why) {
        return make_error(ErrorCode::usage, "invalid milestone \"" + original.substr(0, 32) + "\": " + why);
    };
    Milestone milestone;
    unsigned limit = 0;
    if (text.ends_with("mo")) {
        milestone.unit = MilestoneUnit::months;
        text.remove_suffix(2);
        limit = 120;
    } else if (text.ends_with("w")) {
        milestone.unit = MilestoneUnit::weeks;
        text.remove_suffix(1);
        limit = 5200;
    } else if (text.ends_with("d")) {
        milestone.unit = MilestoneUnit::days;
        text.remove_suffix(1);
        limit = 36500;
    } else {
        return invalid("expected a count and a unit such as 2mo, 1w or 3d");
    }
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, milestone.count);
    if (text.empty() || ec != std::errc{} || ptr != end) {
        return invalid("expected a count and a unit such as 2mo, 1w or 3d");
    }
    if (milestone.count > limit) {
        return invalid("at most " + std::to_string(limit) + " of that unit");
    }
    return milestone;
}

Result<std::vector<Milestone>> parse_milestone_list(std::string_view text)
{
    std::vector<Milestone> milestones;
    while (true) {
        const auto comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        while (!item.empty() && item.back() == ' ') {
            item.remove_suffix(1);
        }
        if (item.empty()) {
            return make_error(ErrorCode::usage, "empty milestone in list, expected items such as 2mo,1mo,1w,3d,1d,0d");
        }
        auto milestone = parse_milestone(item);
        if (!milestone) {
            return milestone.error();
        }
        if (std::find(milestones.begin(), milestones.end(), *milestone) != milestones.end()) {
            return make_error(ErrorCode::usage, "milestone \"" + std::string(item) + "\" is listed twice");
        }
        milestones.push_back(*milestone);
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return milestones;
}

std::vector<Milestone> default_milestones()
{
    return {{2, MilestoneUnit::months}, {1, MilestoneUnit::months}, {1, MilestoneUnit::weeks},
            {3, MilestoneUnit::days},   {1, MilestoneUnit::days},   {0, MilestoneUnit::days}};
}

} // namespace certgate
