#pragma once
// Notification milestones: "2mo", "1mo", "1w", "3d", "1d", "0d".

#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace certgate {

enum class MilestoneUnit { days, weeks, months };

/// An offset before the expiry date at which recipients are notified.
struct Milestone {
    unsigned count = 0;
    MilestoneUnit unit = MilestoneUnit::days;

    /// The canonical label: "2mo", "1w", "0d".
    [[nodiscard]] std::string label() const;
    /// `expiry_date` minus this offset; months keep the day of the month,
    /// clamped to the last day of the target month.
    [[nodiscard]] Date date_before(Date expiry_date) const;
    friend bool operator==(const Milestone&, const Milestone&) = default;
};

/// Parses one milestone ("2mo", "1w", "3d", "0d"; at most 120 months / 5200
/// weeks / 36500 days).
[[nodiscard]] Result<Milestone> parse_milestone(std::string_view text);

/// Parses a comma-separated list ("2mo,1mo,1w"); spaces around items are
/// ignored, an empty item or a duplicate is an error.
[[nodiscard]] Result<std::vector<Milestone>> parse_milestone_list(std::string_view text);

/// The default milestones of the certificate manager: 2mo,1mo,1w,3d,1d,0d.
[[nodiscard]] std::vector<Milestone> default_milestones();

/// A milestone placed on the calendar for one certificate.
struct MilestoneDate {
    Milestone milestone;
    Date date;
    friend bool operator==(const MilestoneDate&, const MilestoneDate&) = default;
};

} // namespace certgate
