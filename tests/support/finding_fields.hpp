#pragma once
// The fields every finding carries, as SPEC §5 lists them: the JSON report
// and the console's certificate page both show each of them.

#include <array>
#include <string_view>

namespace certgate::testing {

inline constexpr std::array<std::string_view, 20> k_spec_finding_fields = {
    "severity",
    "source",
    "subject",
    "sans",
    "issuer",
    "serial",
    "fingerprint_sha256",
    "not_before",
    "not_after",
    "expired",
    "days_remaining",
    "working_days_remaining",
    "in_renewal_window",
    "renewal_window_start",
    "renew_by",
    "next_milestone",
    "next_milestone_date",
    "last_milestone",
    "last_milestone_date",
    "waived",
};

} // namespace certgate::testing
