#pragma once
// What `certgate serve` shows, built from declarations, the policy, `now` and
// the optional store: the console's pages (report::ConsoleView) and its
// /metrics text, from the same writer as `check --format prometheus`.

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/declarations.hpp"
#include "certgate/core/finding.hpp"
#include "certgate/core/policy.hpp"
#include "certgate/report/console.hpp"

#include <string>
#include <string_view>

namespace certgate::app {

/// One consistent view and its metrics.
struct ConsoleSnapshot {
    report::ConsoleView view;
    std::string metrics; ///< Prometheus text exposition (report::render_prometheus)
};

/// Where the declarations came from, for the report fields' `source`.
struct ConsoleSource {
    std::string path;
    SourceKind kind = SourceKind::file; ///< state for --state, file for --declarations
};

/// Evaluates every declared certificate as of `now` (worst first, as the
/// reports sort), with its milestone schedule, sent deliveries and toggle, and
/// the recipients with masked contacts. `store` may be null. Fails on a
/// declared toggle the rules refuse or a store that cannot be read.
[[nodiscard]] Result<ConsoleSnapshot> build_console_snapshot(const Declarations& declarations, const Policy& policy,
                                                             Instant now, const ConsoleSource& source,
                                                             store::Store* store);

/// "ops@example.com" -> "o***@example.com"; "" stays "".
[[nodiscard]] std::string mask_email(std::string_view email);

/// An E.164 number with its country code apart and the middle of the
/// national number hidden: "+8613800138000" -> "+86 138****8000"; "" stays "".
[[nodiscard]] std::string mask_mobile(std::string_view mobile);

} // namespace certgate::app
