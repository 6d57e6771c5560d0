// Two or three `certgate notify` runs overlap on one store with short leases
// and are SIGKILLed at random points (seeded; the seed is printed, and
// CERTGATE_FAULT_SEED replays it), then a clean run: every milestone message
// arrives, and a message arrives twice only in the window docs/notify.md
// admits (the server accepted it, the sender was killed before the store
// recorded it): every copy but the last of a message must come from a run
// that was killed. The sender of each copy is told by its MAIL FROM, or by
// the webhook URL's path; copies of a message are told by its Message-ID,
// or by its webhook-id (which a receiver uses to drop the repeat).

#include "faults_fixture.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace certgate::testing {
namespace {

constexpr int k_certificates = 3;

std::uint64_t fault_seed()
{
    if (const char* given = std::getenv("CERTGATE_FAULT_SEED"); given != nullptr && *given != '\0') {
        return std::stoull(given);
    }
    return std::random_device{}();
}

struct Runner {
    pid_t pid = 0;
    std::string sender;
    std::chrono::steady_clock::time_point kill_at;
    bool to_kill = false;
    bool killed = false; ///< ended by the SIGKILL (not before it)
    int exit_code = -1;
};

class Kills : public Faults {
protected:
    explicit Kills(Transport transport = Transport::email) : Faults(k_certificates, transport) {}

    /// `rounds` rounds; every server answer waits `slow`, and kills land
    /// within `window` of a run's start (a run takes about that long).
    void overlap_and_kill(int rounds, std::chrono::milliseconds slow, std::chrono::milliseconds window)
    {
        const auto seed = fault_seed();
        std::cout << "fault seed " << seed << " (replay with CERTGATE_FAULT_SEED=" << seed << ")\n";
        RecordProperty("seed", std::to_string(seed));
        std::mt19937_64 random(seed);
        // Every answer a little slow, so that kills land inside exchanges.
        const auto peer = server("sink", {"--slow", std::to_string(slow.count())});
        const auto program = certgate_program();
        int runs = 0;
        int kills = 0;
        int repeats = 0;
        int outside = 0;
        for (int round = 0; round < rounds; ++round) {
            SCOPED_TRACE("round " + std::to_string(round) + ", seed " + std::to_string(seed));
            const auto store = verified_store("round-" + std::to_string(round));
            std::vector<Runner> runners(2 + random() % 2);
            for (std::size_t i = 0; i < runners.size(); ++i) {
                auto& runner = runners[i];
                std::this_thread::sleep_for(std::chrono::milliseconds{random() % 60});
                runner.sender = "round" + std::to_string(round) + "-run" + std::to_string(i) + "@example.com";
                auto args = notify_args(store, peer->port(),
                                        {"--lease", "2", "--attempts", "2", "--backoff", "20", "--smtp-timeout", "1000",
                                         "--webhook-timeout", "1000"},
                                        runner.sender);
                args.insert(args.begin(), program);
                runner.pid = spawn(args);
                runner.to_kill = random() % 4 != 0;
                runner.kill_at = std::chrono::steady_clock::now() +
                                 std::chrono::milliseconds{random() % static_cast<std::uint64_t>(window.count())};
                ++runs;
            }
            for (auto& runner : runners) {
                if (runner.to_kill) {
                    std::this_thread::sleep_until(runner.kill_at);
                    ::kill(runner.pid, SIGKILL);
                }
            }
            for (auto& runner : runners) {
                int status = 0;
                ::waitpid(runner.pid, &status, 0);
                runner.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
                runner.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                kills += runner.killed ? 1 : 0;
                // A run that was not killed delivered what it claimed.
                if (!runner.killed) {
                    EXPECT_EQ(runner.exit_code, 0) << runner.sender;
                }
            }
            ProcessOptions options;
            options.unset_environment = {"CERTGATE_STORE", "CERTGATE_NOW"};
            const auto clean = run_certgate(notify_args(store, peer->port(), {}, "clean@example.com"), options);
            EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
            std::map<std::string, std::vector<Arrival>> copies;
            for (const auto& arrival : take_arrivals()) {
                if (m_transport == Transport::webhook) {
                    EXPECT_EQ(arrival.idempotency_key, arrival.key); // both name the delivery
                }
                copies[arrival.key].push_back(arrival);
            }
            std::set<std::string> subjects;
            for (const auto& [key, list] : copies) {
                subjects.insert(list.front().subject);
                for (std::size_t i = 0; i + 1 < list.size(); ++i) {
                    EXPECT_EQ(list[i].subject, list.back().subject) << key;
                    const auto sender = std::find_if(runners.begin(), runners.end(), [&](const Runner& runner) {
                        return list[i].sender == runner.sender;
                    });
                    const bool in_window = sender != runners.end() && sender->killed;
                    EXPECT_TRUE(in_window)
                        << key << " sent again after a copy from " << list[i].sender << ", which was not killed";
                    ++(in_window ? repeats : outside);
                }
            }
            // Nothing lost: one message per certificate, and the store says sent.
            EXPECT_EQ(copies.size(), static_cast<std::size_t>(k_certificates));
            std::set<std::string> expected;
            for (int i = 0; i < k_certificates; ++i) {
                expected.insert(subject(i));
                const auto row = delivery(store, i);
                EXPECT_EQ(row.state, store::DeliveryState::sent) << "web" << i << ": " << row.last_error;
            }
            EXPECT_EQ(subjects, expected);
        }
        std::cout << "fault rounds " << rounds << ": " << runs << " overlapping runs, " << kills << " killed, "
                  << repeats << " messages repeated inside the documented window, " << outside << " outside it\n";
        RecordProperty("kills", std::to_string(kills));
        RecordProperty("repeats", std::to_string(repeats));
        EXPECT_GE(kills, rounds / 5); // the kills really happened (many runs end before their kill time)
    }
};

class WebhookKills : public Kills {
protected:
    WebhookKills() : Kills(Transport::webhook) {}
};

TEST_F(Kills, OverlappingRunsKilledAtRandomPointsLoseNothingAndRepeatOnlyInTheDocumentedWindow)
{
    // An email takes about seven exchanges, 10 ms each: three of them about 300 ms.
    overlap_and_kill(50, std::chrono::milliseconds{10}, std::chrono::milliseconds{300});
}

TEST_F(WebhookKills, OverlappingWebhookRunsKilledAtRandomPointsLoseNothingAndRepeatOnlyWithTheSameWebhookId)
{
    // A webhook is one exchange: three of them take about 200 ms at 50 ms each.
    overlap_and_kill(15, std::chrono::milliseconds{50}, std::chrono::milliseconds{200});
}

} // namespace
} // namespace certgate::testing
