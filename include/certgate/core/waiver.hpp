#pragma once
// Waivers: accepted findings, by fingerprint, Terraform address or subject,
// each with a reason and an end date.

#include "certgate/core/finding.hpp"
#include "certgate/core/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace certgate {

/// One waiver from the configuration. Exactly one of the match fields is set.
struct Waiver {
    std::optional<std::string> fingerprint_sha256; ///< lowercase hex
    std::optional<std::string> address;            ///< exact Terraform address
    std::optional<std::string> subject;            ///< exact subject or common name
    std::string reason;
    Date until; ///< the last date on which the waiver applies
};

/// The first waiver that matches the finding, marked active when `today` is
/// not after its end date; nullopt when none matches.
[[nodiscard]] std::optional<WaiverMatch> match_waiver(const Finding& finding, const std::vector<Waiver>& waivers,
                                                      Date today);

} // namespace certgate
