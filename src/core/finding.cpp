#include "certgate/core/finding.hpp"

#include <tuple>

namespace certgate {

std::string_view to_string(SourceKind kind)
{
    switch (kind) {
    case SourceKind::file:
        return "file";
    case SourceKind::plan:
        return "plan";
    case SourceKind::state:
        return "state";
    case SourceKind::host:
        return "host";
    case SourceKind::api:
        return "api";
    }
    return "file";
}

bool report_order(const Finding& left, const Finding& right)
{
    const auto key = [](const Finding& finding) {
        const Instant expiry = finding.certificate ? finding.certificate->not_after : Instant::max();
        const std::string subject = finding.certificate ? finding.certificate->subject : std::string{};
        return std::make_tuple(-badness(finding.severity), expiry, subject, finding.source.path,
                               finding.source.address.value_or(""), finding.source.attribute.value_or(""),
                               finding.source.index.value_or(-1), finding.source.host.value_or(""), finding.message);
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
