#pragma once
// The outcome of a check run: findings and the gate decision.

#include "certgate/core/finding.hpp"
#include "certgate/core/policy.hpp"

#include <map>
#include <vector>

namespace certgate {

/// How `unknown` and `error` findings count at the gate.
struct GateOptions {
    Severity fail_on = Severity::renew;
    bool fail_on_unknown = false;
    bool ignore_errors = false; ///< --ignore-unreachable
};

/// A finished check: findings sorted for reporting and the gate result.
struct Report {
    std::vector<Finding> findings; ///< in report_order
    GateOptions gate;
    Instant now{};
    std::string time_zone = "UTC";
    bool passed = true;
    /// Count of findings per severity, every severity present (zeros included).
    std::map<Severity, int> counts;
};

/// True when this finding fails the gate under `gate`.
[[nodiscard]] bool fails_gate(const Finding& finding, const GateOptions& gate);

/// Sorts findings, counts them and decides the gate.
[[nodiscard]] Report make_report(std::vector<Finding> findings, const GateOptions& gate, Instant now,
                                 std::string time_zone);

} // namespace certgate
