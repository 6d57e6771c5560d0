#include "certgate/core/finding.hpp"
#include "certgate/core/enum_names.hpp"

#include <string_view>
#include <tuple>

namespace certgate {

namespace {

constexpr std::array<EnumName<SourceKind>, 5> k_source_kinds{{
    {SourceKind::file, "file"},
    {SourceKind::plan, "plan"},
    {SourceKind::state, "state"},
    {SourceKind::host, "host"},
    {SourceKind::api, "api"},
}};
static_assert(lists_in_order(k_source_kinds));

} // namespace

std::string_view to_string(SourceKind kind)
{
    return name_of(k_source_kinds, kind);
}

bool report_order(const Finding& left, const Finding& right)
{
    // Views, not copies: a sort compares each finding many times.
    const auto text = [](const std::optional<std::string>& value) {
        return value ? std::string_view(*value) : std::string_view();
    };
    const auto key = [&text](const Finding& finding) {
        const Instant expiry = finding.certificate ? finding.certificate->not_after : Instant::max();
        const std::string_view subject =
            finding.certificate ? std::string_view(finding.certificate->subject) : std::string_view();
        return std::make_tuple(-badness(finding.severity), expiry, subject, std::string_view(finding.source.path),
                               text(finding.source.address), text(finding.source.attribute),
                               finding.source.index.value_or(-1), text(finding.source.host),
                               std::string_view(finding.message));
    };
    return key(left) < key(right);
}

} // namespace certgate

namespace certgate {

void assess(Finding& finding, const Policy& policy, Instant now)
{
    if (!finding.certificate || finding.severity == Severity::unknown || finding.severity == Severity::error) {
        return;
    }
    finding.evaluation =
        evaluate(Validity{finding.certificate->not_before, finding.certificate->not_after}, policy, now);
    finding.severity = finding.evaluation->severity;
}

} // namespace certgate
