#pragma once
// The outcome of a check run: findings and the gate decision.

#include "certgate/core/finding.hpp"
#include "certgate/core/policy.hpp"
#include "certgate/core/result.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace certgate {

/// How `unknown` and `error` findings count at the gate.
struct GateOptions {
    Severity fail_on = Severity::renew;
    bool fail_on_unknown = false;
    bool ignore_errors = false; ///< --ignore-unreachable
};

/// A file met in a directory walk that is neither a certificate nor
/// Terraform JSON: listed, not evaluated, not an error.
struct SkippedInput {
    std::string path;
    std::string reason; ///< "not a certificate or Terraform JSON", "empty file"
};

/// A finished check: findings sorted for reporting and the gate result.
struct Report {
    std::vector<Finding> findings; ///< in report_order
    GateOptions gate;
    Instant now{};
    std::string time_zone = "UTC";
    /// The gate as the findings decide it; see gate_verdict() for the whole run.
    bool passed = true;
    /// Count of findings per severity, every severity present (zeros included).
    std::map<Severity, int> counts;
    /// Inputs that could not be read or parsed: with any of them the gate
    /// cannot be decided (GateVerdict::error, exit status 2).
    std::vector<Error> input_errors;
    /// Files of directory walks that were not evaluated, in walk order.
    std::vector<SkippedInput> skipped;
};

/// What a run decided: `error` when an input could not be read (whatever the
/// findings say), else `fail` when a finding fails the gate, else `pass`.
enum class GateVerdict { pass, fail, error };

/// The verdict of a report.
[[nodiscard]] GateVerdict gate_verdict(const Report& report);

/// "pass", "fail", "error".
[[nodiscard]] std::string_view to_string(GateVerdict verdict);

/// True when this finding fails the gate under `gate`.
[[nodiscard]] bool fails_gate(const Finding& finding, const GateOptions& gate);

/// Sorts findings, counts them and decides the gate.
[[nodiscard]] Report make_report(std::vector<Finding> findings, const GateOptions& gate, Instant now,
                                 std::string time_zone);

} // namespace certgate
