#include "certgate/core/policy.hpp"

#include <string>

namespace certgate {
namespace {

constexpr int k_max_days = 36500;

Result<void> check_range(int value, int maximum, const char* setting)
{
    if (value < 0 || value > maximum) {
        return make_error(ErrorCode::usage,
                          "must be between 0 and " + std::to_string(maximum) + ", got " + std::to_string(value),
                          setting);
    }
    return {};
}

} // namespace

Result<void> validate_policy(const Policy& policy)
{
    if (auto ok = check_range(policy.console_reminder_days, k_max_days, "console_reminder_days"); !ok) {
        return ok;
    }
    if (auto ok = check_range(policy.renewal_window_working_days, k_max_days, "renewal_window_working_days"); !ok) {
        return ok;
    }
    if (auto ok = check_range(policy.minimum_lead_working_days, k_max_days, "minimum_lead_working_days"); !ok) {
        return ok;
    }
    if (policy.minimum_lead_working_days > policy.renewal_window_working_days) {
        return make_error(ErrorCode::usage,
                          "must not exceed renewal_window_working_days (" +
                              std::to_string(policy.renewal_window_working_days) + "), got " +
                              std::to_string(policy.minimum_lead_working_days),
                          "minimum_lead_working_days");
    }
    if (!policy.calendar.has_working_weekdays()) {
        return make_error(ErrorCode::usage, "every day of the week is a weekend day; leave at least one working day",
                          "weekend");
    }
    if (!policy.time_zone) {
        return make_error(ErrorCode::internal, "no time zone set", "timezone");
    }
    if (policy.fail_on == Severity::unknown || policy.fail_on == Severity::error) {
        return make_error(ErrorCode::usage, "expected one of: ok, notice, warning, renew, critical, expired",
                          "fail_on");
    }
    if (policy.renew_after_lifetime_percent &&
        !(*policy.renew_after_lifetime_percent > 0.0 && *policy.renew_after_lifetime_percent < 100.0)) {
        return make_error(ErrorCode::usage, "must be greater than 0 and less than 100", "renew_after_lifetime_percent");
    }
    return {};
}

} // namespace certgate
