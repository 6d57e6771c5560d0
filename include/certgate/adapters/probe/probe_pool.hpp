#pragma once
// Probing many endpoints at once with a bounded pool of worker threads.

#include "certgate/adapters/probe/tls_probe.hpp"

#include <vector>

namespace certgate::probe {

/// Probes every target with at most `concurrency` (at least 1) probes at
/// once, so the total time is about that of the slowest batch. Results are in
/// the order of `targets`; one failing endpoint never stops the others.
[[nodiscard]] std::vector<Result<ProbeResult>> probe_endpoints(const std::vector<Target>& targets,
                                                               const ProbeOptions& options, const TrustStore& trust,
                                                               unsigned concurrency);

} // namespace certgate::probe
