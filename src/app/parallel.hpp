#pragma once
// A bounded pool for work that is independent item by item (decoding the
// files of a directory walk): `jobs` threads take the items in turn, each
// item writes only its own result slot, and the caller merges the slots in
// item order, so the output is the same whatever the number of threads.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace certgate::app::detail {

/// The number of threads for `jobs` (0: one per core) and `items`: never
/// more threads than items, at least one.
[[nodiscard]] inline unsigned pool_size(unsigned jobs, std::size_t items)
{
    const unsigned wanted = jobs != 0 ? jobs : std::max(1U, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::clamp<std::size_t>(items, 1, wanted));
}

/// Calls task(i) for every i in [0, count) on pool_size(jobs, count) threads
/// (the calling thread is one of them). The first exception a task throws
/// is rethrown here once every thread has stopped.
template <typename Task> void for_each_index(std::size_t count, unsigned jobs, Task&& task)
{
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    const auto work = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            try {
                task(i);
            } catch (...) {
                const std::lock_guard lock(failure_mutex);
                if (!failure) {
                    failure = std::current_exception();
                }
                next = count; // stop handing out items
            }
        }
    };
    const unsigned threads = pool_size(jobs, count);
    std::vector<std::thread> helpers;
    helpers.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) {
        helpers.emplace_back(work);
    }
    work();
    for (std::thread& helper : helpers) {
        helper.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

} // namespace certgate::app::detail
