#include "certgate/core/waiver.hpp"

namespace certgate {
namespace {

bool matches(const Waiver& waiver, const Finding& finding)
{
    if (waiver.address) {
        return finding.source.address == waiver.address;
    }
    if (!finding.certificate) {
        return false;
    }
    if (waiver.fingerprint_sha256) {
        return finding.certificate->fingerprint_sha256 == *waiver.fingerprint_sha256;
    }
    if (waiver.subject) {
        return finding.certificate->subject == *waiver.subject ||
               (!finding.certificate->common_name.empty() && finding.certificate->common_name == *waiver.subject);
    }
    return false;
}

} // namespace

std::optional<WaiverMatch> match_waiver(const Finding& finding, const std::vector<Waiver>& waivers, Date today)
{
    std::optional<WaiverMatch> lapsed;
    for (const Waiver& waiver : waivers) {
        if (!matches(waiver, finding)) {
            continue;
        }
        WaiverMatch match{waiver.reason, waiver.until, today <= waiver.until};
        if (match.active) {
            return match;
        }
        if (!lapsed) {
            lapsed = match;
        }
    }
    return lapsed;
}

} // namespace certgate
