#include "certgate/adapters/probe/probe_pool.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <system_error>
#include <thread>

namespace certgate::probe {

std::vector<Result<ProbeResult>> probe_endpoints(const std::vector<Target>& targets, const ProbeOptions& options,
                                                 const TrustStore& trust, unsigned concurrency)
{
    std::vector<std::optional<Result<ProbeResult>>> slots(targets.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < targets.size(); i = next++) {
            slots[i].emplace(probe_endpoint(targets[i], options, trust));
        }
    };
    const std::size_t wanted = std::min<std::size_t>(std::max(concurrency, 1U), targets.size());
    std::vector<std::thread> workers;
    workers.reserve(wanted);
    for (std::size_t i = 0; i < wanted; ++i) {
        try {
            workers.emplace_back(work);
        } catch (const std::system_error&) {
            break; // fewer threads than asked for still finish the work
        }
    }
    if (workers.empty()) {
        work();
    }
    for (std::thread& worker : workers) {
        worker.join();
    }
    std::vector<Result<ProbeResult>> results;
    results.reserve(targets.size());
    for (auto& slot : slots) {
        results.push_back(std::move(*slot));
    }
    return results;
}

} // namespace certgate::probe
