#pragma once
// Applying parsed setting values to a Policy, shared by the policy file and
// the flat settings. Errors carry no `where`; callers add it.

#include "certgate/core/policy.hpp"
#include "certgate/core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace certgate::config::detail {

/// One list item with the position it came from, for error locations.
struct Item {
    std::string text;
    std::string where; ///< "" for flat settings, "/milestones/2" in files
};

/// An Error from a list item: its `where` is the item's position.
[[nodiscard]] Error item_error(const Error& error, const Item& item);

[[nodiscard]] Result<void> set_milestones(Policy& policy, const std::vector<Item>& items);
[[nodiscard]] Result<void> set_weekend(Policy& policy, const std::vector<Item>& items);
/// Adds the dates to `dates` (holidays and extra working days from every
/// source are combined).
[[nodiscard]] Result<void> add_dates(std::set<Date>& dates, const std::vector<Item>& items);
/// Loads a date file (relative to `base`) and adds its dates.
[[nodiscard]] Result<void> add_date_file(std::set<Date>& dates, const std::string& path, const std::string& base);
[[nodiscard]] Result<void> set_timezone(Policy& policy, const std::string& name);
[[nodiscard]] Result<void> set_fail_on(Policy& policy, const std::string& name);
/// The field a count setting names ("console_reminder_days",
/// "renewal_window_working_days", "minimum_lead_working_days"), or null.
[[nodiscard]] int* count_setting(Policy& policy, std::string_view name);

} // namespace certgate::config::detail
