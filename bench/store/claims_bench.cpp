// Deliveries claimed per second: N notifier processes claim the same D
// deliveries from one store (each in its own order, as concurrent notify
// runs would) and mark each one they win sent. Prints one line of figures.
//
//   bench_store_claims --store FILE|URI --notifiers N --deliveries D

#include "certgate/adapters/store/store.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

using namespace certgate;

struct Options {
    std::string store;
    int notifiers = 1;
    int deliveries = 2000;
};

Options parse(int argc, char** argv)
{
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--store") {
            options.store = argv[i + 1];
        } else if (flag == "--notifiers") {
            options.notifiers = std::atoi(argv[i + 1]);
        } else if (flag == "--deliveries") {
            options.deliveries = std::atoi(argv[i + 1]);
        } else {
            std::cerr << "usage: bench_store_claims --store FILE|URI --notifiers N --deliveries D\n";
            std::exit(2);
        }
    }
    if (options.store.empty() || options.notifiers < 1 || options.deliveries < 1) {
        std::cerr << "usage: bench_store_claims --store FILE|URI --notifiers N --deliveries D\n";
        std::exit(2);
    }
    return options;
}

/// One notifier: claims every delivery (starting at its own offset), marks
/// the ones it won sent; exits with how many it won (mod 256 is enough to
/// check the sum is right for the sizes used here: the sum is checked from
/// the store instead).
int notifier(const Options& options, int index)
{
    auto store = store::open_store(options.store);
    if (!store) {
        std::cerr << store.error().describe() << "\n";
        return 1;
    }
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const int offset = options.deliveries / options.notifiers * index;
    for (int i = 0; i < options.deliveries; ++i) {
        const int n = (i + offset) % options.deliveries;
        const store::DeliveryKey key{"bench-certificate-" + std::to_string(n), "1w", "rcpt-bench", Channel::email};
        auto won = store->claim_delivery(key, "2026-12-04", now, std::chrono::seconds{600});
        if (!won) {
            std::cerr << won.error().describe() << "\n";
            return 1;
        }
        if (*won) {
            if (auto sent = store->mark_sent(key, now); !sent) {
                std::cerr << sent.error().describe() << "\n";
                return 1;
            }
        }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const auto options = parse(argc, argv);
    {
        // Migrate before the clock starts.
        auto store = store::open_store(options.store);
        if (!store) {
            std::cerr << store.error().describe() << "\n";
            return 1;
        }
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<pid_t> children;
    for (int i = 0; i < options.notifiers; ++i) {
        const pid_t child = fork();
        if (child == 0) {
            _exit(notifier(options, i));
        }
        children.push_back(child);
    }
    bool failed = false;
    for (const pid_t child : children) {
        int status = 0;
        waitpid(child, &status, 0);
        failed = failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    auto store = store::open_store(options.store, store::OpenMode::read_only);
    const auto status = store ? store->status() : certgate::Result<store::StoreStatus>(store.error());
    if (failed || !status || status->deliveries_sent != options.deliveries) {
        std::cerr << "bench_store_claims: a notifier failed or a delivery was not sent exactly once\n";
        return 1;
    }
    std::printf("%s notifiers=%d deliveries=%d seconds=%.3f claimed_per_second=%.0f\n", status->back_end.c_str(),
                options.notifiers, options.deliveries, elapsed.count(), options.deliveries / elapsed.count());
    return 0;
}
