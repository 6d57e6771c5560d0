// Four `certgate notify` processes (four notifier hosts, as far as the store
// can tell) share one PostgreSQL store and one SMTP server while `--now`
// walks over the lives of 20 certificates with 5 verified recipients: every
// milestone message arrives once per recipient and channel. Once with random
// SIGKILLs and restarts (a repeat is allowed only in the window
// docs/notify.md admits: the server accepted it and its sender was killed
// before the store recorded it), once with the processes' `--now` skewed by
// a few seconds across midnight (no repeat at all).

#include "fleet_fixture.hpp"

#include "certgate/core/time.hpp"

#include <chrono>
#include <iostream>
#include <random>
#include <thread>

namespace certgate::testing {
namespace {

constexpr int k_certificates = 20;
constexpr int k_recipients = 5;
constexpr int k_notifiers = 4;
constexpr int k_milestones = 6; // 2mo, 1mo, 1w, 3d, 1d, 0d

// Half the certificates expire on 2027-03-10, half on 2027-03-12; the walk
// visits every milestone date of both (2mo … 0d), a little after midnight.
const std::vector<std::string> k_walk = {"2027-01-10", "2027-01-12", "2027-02-10", "2027-02-12",
                                         "2027-03-03", "2027-03-05", "2027-03-07", "2027-03-09",
                                         "2027-03-10", "2027-03-11", "2027-03-12"};

class Fleet : public FleetFixture {
protected:
    void SetUp() override
    {
        CERTGATE_REQUIRE_PEER(PostgresServer::shared() != nullptr, PostgresServer::postgres_missing());
        prepare(k_certificates, k_recipients);
    }
};

TEST_F(Fleet, FourNotifiersKilledAndRestartedAtRandomSendEveryMilestoneOnce)
{
    const auto seed = std::random_device{}();
    std::cout << "fleet seed " << seed << "\n";
    std::mt19937 random(seed);
    std::set<std::string> killed_senders;
    int kills = 0;
    for (std::size_t step = 0; step < k_walk.size(); ++step) {
        SCOPED_TRACE(k_walk[step] + ", seed " + std::to_string(seed));
        const auto now = k_walk[step] + "T00:00:02Z";
        std::vector<Notifier> notifiers(k_notifiers);
        for (std::size_t i = 0; i < notifiers.size(); ++i) {
            notifiers[i].sender = "host" + std::to_string(i) + "-step" + std::to_string(step) + "@example.com";
            notifiers[i].pid = spawn(notify_args(now, notifiers[i].sender));
        }
        for (auto& notifier : notifiers) {
            if (random() % 2 == 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds{random() % 250});
                ::kill(notifier.pid, SIGKILL);
            }
        }
        for (auto& notifier : notifiers) {
            const int exit_code = wait_status(notifier.pid, notifier.killed);
            if (notifier.killed) {
                ++kills;
                killed_senders.insert(notifier.sender);
                // The host comes back: the same notifier runs again.
                const auto again = notify(now, "restarted-" + notifier.sender);
                EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
            } else {
                EXPECT_EQ(exit_code, 0) << notifier.sender;
            }
        }
    }
    int repeats = 0;
    for (const auto& [id, list] : check_everything_arrived(k_certificates * k_milestones)) {
        for (std::size_t i = 0; i + 1 < list.size(); ++i) {
            const auto sender = list[i].sender.substr(1, list[i].sender.find('>') - 1);
            EXPECT_TRUE(killed_senders.count(sender) == 1)
                << id << " sent again after a copy from " << sender << ", which was not killed";
            ++repeats;
        }
    }
    std::cout << "fleet: " << k_walk.size() * k_notifiers << " notifier runs, " << kills << " killed and restarted, "
              << repeats << " messages repeated inside the documented window\n";
    EXPECT_GE(kills, 5); // the kills really happened
}

TEST_F(Fleet, FourNotifiersWithSkewedClocksSendEveryMilestoneExactlyOnce)
{
    // A few seconds either way of 00:00:02: the -3 s notifier is still on
    // the day before.
    const std::vector<std::chrono::seconds> skews{std::chrono::seconds{0}, std::chrono::seconds{3},
                                                  std::chrono::seconds{-3}, std::chrono::seconds{5}};
    for (std::size_t step = 0; step < k_walk.size(); ++step) {
        SCOPED_TRACE(k_walk[step]);
        const auto midnight = at(k_walk[step] + "T00:00:02Z");
        std::vector<Notifier> notifiers(k_notifiers);
        for (std::size_t i = 0; i < notifiers.size(); ++i) {
            notifiers[i].sender = "host" + std::to_string(i) + "@example.com";
            notifiers[i].pid = spawn(notify_args(format_rfc3339(midnight + skews[i]), notifiers[i].sender));
        }
        for (auto& notifier : notifiers) {
            EXPECT_EQ(wait_status(notifier.pid, notifier.killed), 0) << notifier.sender;
        }
    }
    for (const auto& [id, list] : check_everything_arrived(k_certificates * k_milestones)) {
        EXPECT_EQ(list.size(), 1U) << id << " arrived " << list.size() << " times";
    }
}

} // namespace
} // namespace certgate::testing
