#pragma once
// Evaluating one certificate's validity against a policy at an instant.

#include "certgate/core/calendar.hpp"
#include "certgate/core/milestone.hpp"
#include "certgate/core/policy.hpp"
#include "certgate/core/severity.hpp"
#include "certgate/core/time.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace certgate {

/// The validity period of a certificate; notBefore may be unknown (a
/// certificate known only by its expiry timestamp).
struct Validity {
    std::optional<Instant> not_before;
    Instant not_after;
};

/// Every derived field of SPEC section 2, as of one instant.
struct Evaluation {
    Date today;
    Date expiry_date;
    bool expired = false;
    bool not_yet_valid = false;
    std::int64_t days_remaining = 0;
    std::int64_t seconds_remaining = 0;
    WorkingDays working_days_remaining;
    bool in_renewal_window = false;
    Date renewal_window_start;
    Date renew_by;
    /// The milestones that apply (date not before the date of notBefore),
    /// in date order.
    std::vector<MilestoneDate> schedule;
    std::optional<MilestoneDate> next_milestone;
    std::optional<MilestoneDate> last_milestone;
    Severity severity = Severity::ok;
};

/// Evaluates `validity` as of `now`. Pure: no clock, no I/O. The policy must
/// have passed validate_policy().
[[nodiscard]] Evaluation evaluate(const Validity& validity, const Policy& policy, Instant now);

} // namespace certgate
