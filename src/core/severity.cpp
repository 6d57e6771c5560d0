#include "certgate/core/severity.hpp"
#include "certgate/core/enum_names.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace certgate {
namespace {

constexpr std::array<EnumName<Severity>, 8> k_severities{{
    {Severity::ok, "ok"},
    {Severity::notice, "notice"},
    {Severity::warning, "warning"},
    {Severity::renew, "renew"},
    {Severity::critical, "critical"},
    {Severity::expired, "expired"},
    {Severity::unknown, "unknown"},
    {Severity::error, "error"},
}};
static_assert(lists_in_order(k_severities));

// The report order, least bad first: an unknown value ranks between notice
// and warning, an evaluation error above everything.
constexpr std::array k_least_bad_first{Severity::ok,    Severity::notice,   Severity::unknown, Severity::warning,
                                       Severity::renew, Severity::critical, Severity::expired, Severity::error};
static_assert(k_least_bad_first.size() == k_severities.size());

} // namespace

std::string_view to_string(Severity severity)
{
    return name_of(k_severities, severity);
}

Result<Severity> parse_severity(std::string_view text, SeverityScope scope)
{
    const auto severity = value_named(k_severities, text);
    if (severity && (scope == SeverityScope::any || (*severity != Severity::unknown && *severity != Severity::error))) {
        return *severity;
    }
    std::string expected = "ok, notice, warning, renew, critical, expired";
    if (scope == SeverityScope::any) {
        expected += ", unknown, error";
    }
    return make_error(ErrorCode::usage,
                      "invalid severity \"" + std::string(text.substr(0, 32)) + "\", expected one of: " + expected);
}

int badness(Severity severity)
{
    const auto* found = std::find(k_least_bad_first.begin(), k_least_bad_first.end(), severity);
    return static_cast<int>(found - k_least_bad_first.begin());
}

bool at_or_above(Severity severity, Severity fail_on)
{
    if (severity == Severity::unknown || severity == Severity::error) {
        return false;
    }
    return static_cast<int>(severity) >= static_cast<int>(fail_on);
}

} // namespace certgate
