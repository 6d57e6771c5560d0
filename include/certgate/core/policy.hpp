#pragma once
// The expiry policy of SPEC section 2: milestones, windows, calendar, gate level.

#include "certgate/core/calendar.hpp"
#include "certgate/core/milestone.hpp"
#include "certgate/core/severity.hpp"
#include "certgate/core/time_zone.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace certgate {

/// Every setting that shapes an evaluation. Defaults follow the certificate
/// manager: milestones 2mo,1mo,1w,3d,1d,0d; console reminder 30 days; renew
/// 3 to 10 working days before expiry; UTC; Saturday and Sunday off.
struct Policy {
    std::vector<Milestone> milestones = default_milestones();
    int console_reminder_days = 30;
    int renewal_window_working_days = 10;
    int minimum_lead_working_days = 3;
    std::shared_ptr<const TimeZone> time_zone = utc_zone();
    WorkingCalendar calendar;
    Severity fail_on = Severity::renew;
    /// When set, a certificate is also inside the renewal window once this
    /// share (0 < p < 100) of its lifetime has passed.
    std::optional<double> renew_after_lifetime_percent;
};

/// Checks the relations between settings (non-negative counts, minimum lead
/// not above the window, at least one working weekday). The Error's `where`
/// names the setting at fault.
[[nodiscard]] Result<void> validate_policy(const Policy& policy);

} // namespace certgate
