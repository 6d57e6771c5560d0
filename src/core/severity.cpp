#include "certgate/core/severity.hpp"

#include <array>
#include <string>

namespace certgate {
namespace {

constexpr std::array k_names{std::string_view{"ok"},      std::string_view{"notice"},   std::string_view{"warning"},
                             std::string_view{"renew"},   std::string_view{"critical"}, std::string_view{"expired"},
                             std::string_view{"unknown"}, std::string_view{"error"}};

} // namespace

std::string_view to_string(Severity severity)
{
    return k_names.at(static_cast<std::size_t>(severity));
}

Result<Severity> parse_severity(std::string_view text, SeverityScope scope)
{
    const std::size_t count = scope == SeverityScope::gate_only ? 6 : k_names.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (k_names[i] == text) {
            return static_cast<Severity>(i);
        }
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
    switch (severity) {
    case Severity::error:
        return 7;
    case Severity::expired:
        return 6;
    case Severity::critical:
        return 5;
    case Severity::renew:
        return 4;
    case Severity::warning:
        return 3;
    case Severity::unknown:
        return 2;
    case Severity::notice:
        return 1;
    case Severity::ok:
        return 0;
    }
    return 0;
}

bool at_or_above(Severity severity, Severity fail_on)
{
    if (severity == Severity::unknown || severity == Severity::error) {
        return false;
    }
    return static_cast<int>(severity) >= static_cast<int>(fail_on);
}

} // namespace certgate
