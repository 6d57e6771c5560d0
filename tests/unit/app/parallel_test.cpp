// The bounded pool behind `certgate check --jobs N`: every item exactly once,
// results independent of the number of threads, one thread when asked, and
// the first exception of a task rethrown after every thread has stopped.
#include "../../../src/app/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace certgate::app::detail {
namespace {

TEST(Parallel, PoolSizeIsBetweenOneAndTheItems)
{
    EXPECT_EQ(pool_size(4, 2), 2U);
    EXPECT_EQ(pool_size(4, 0), 1U);
    EXPECT_EQ(pool_size(1, 100), 1U);
    EXPECT_EQ(pool_size(8, 100), 8U);
    EXPECT_GE(pool_size(0, 100), 1U);
    EXPECT_LE(pool_size(0, 100), std::max(1U, std::thread::hardware_concurrency()));
}

TEST(Parallel, EveryIndexOnceAndTheSameResultsWhateverTheThreads)
{
    for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
        std::vector<std::vector<std::string>> results;
        for (const unsigned jobs : {1U, 2U, 8U, 0U}) {
            std::vector<std::atomic<int>> calls(count);
            std::vector<std::string> slots(count);
            for_each_index(count, jobs, [&](std::size_t i) {
                ++calls[i];
                slots[i] = "item " + std::to_string(i * i);
            });
            for (std::size_t i = 0; i < count; ++i) {
                EXPECT_EQ(calls[i].load(), 1) << "item " << i << " with " << jobs << " jobs";
            }
            results.push_back(std::move(slots));
        }
        for (const auto& result : results) {
            EXPECT_EQ(result, results.front()) << count << " items";
        }
        if (count > 0) {
            EXPECT_EQ(results.front().back(), "item " + std::to_string((count - 1) * (count - 1)));
        }
    }
}

TEST(Parallel, OneJobRunsOnTheCallingThreadInOrder)
{
    std::vector<std::size_t> order;
    std::set<std::thread::id> threads;
    for_each_index(50, 1, [&](std::size_t i) {
        order.push_back(i);
        threads.insert(std::this_thread::get_id());
    });
    ASSERT_EQ(order.size(), 50U);
    for (std::size_t i = 0; i < order.size(); ++i) {
        EXPECT_EQ(order[i], i);
    }
    EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
}

// Four items that each wait for the other three can only finish on four
// threads at once (no timing: with fewer threads the test would hang, and
// CTest's timeout would fail it).
TEST(Parallel, NJobsRunOnNThreadsAtOnceIncludingTheCaller)
{
    std::latch all_started(4);
    std::mutex mutex;
    std::set<std::thread::id> threads;
    for_each_index(4, 4, [&](std::size_t /*i*/) {
        {
            const std::lock_guard lock(mutex);
            threads.insert(std::this_thread::get_id());
        }
        all_started.arrive_and_wait();
    });
    EXPECT_EQ(threads.size(), 4U);
    EXPECT_EQ(threads.count(std::this_thread::get_id()), 1U);
}

TEST(Parallel, TheFirstExceptionIsRethrownAndNoFurtherItemsAreHandedOut)
{
    std::vector<std::size_t> ran;
    try {
        for_each_index(100, 1, [&](std::size_t i) {
            ran.push_back(i);
            if (i == 5) {
                throw std::runtime_error("item 5 failed");
            }
        });
        ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& error) {
        EXPECT_STREQ(error.what(), "item 5 failed");
    }
    EXPECT_EQ(ran, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
}

TEST(Parallel, AnExceptionOnAHelperThreadReachesTheCaller)
{
    for (const unsigned jobs : {2U, 8U}) {
        std::atomic<int> ran{0};
        try {
            for_each_index(1000, jobs, [&](std::size_t i) {
                ++ran;
                if (i % 10 == 3) {
                    throw std::invalid_argument("item " + std::to_string(i));
                }
            });
            ADD_FAILURE() << "no exception with " << jobs << " jobs";
        } catch (const std::invalid_argument& error) {
            const std::string what = error.what();
            EXPECT_EQ(what.rfind("item ", 0), 0U) << what;
            EXPECT_EQ(std::stoul(what.substr(5)) % 10, 3U) << what;
        }
        // Items are no longer handed out once one failed: at most the ones
        // already taken by the other threads ran past it.
        EXPECT_LT(ran.load(), 1000) << jobs << " jobs";
    }
}

TEST(Parallel, AnExceptionThrownOnAHelperThreadIsRethrownOnTheCaller)
{
    const std::thread::id caller = std::this_thread::get_id();
    std::latch both_started(2);
    std::atomic<int> finished{0};
    try {
        for_each_index(2, 2, [&](std::size_t /*i*/) {
            both_started.arrive_and_wait();
            if (std::this_thread::get_id() != caller) {
                throw std::runtime_error("helper failed");
            }
            ++finished;
        });
        ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& error) {
        EXPECT_STREQ(error.what(), "helper failed");
    }
    EXPECT_EQ(finished.load(), 1); // the caller's own item still ran to its end
}

} // namespace
} // namespace certgate::app::detail
