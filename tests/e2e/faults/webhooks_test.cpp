// A hostile webhook receiver across runs (tests/e2e/delivery/hostile_http.py
// on loopback): a reset, a stall before the headers, a dripping body, 500,
// 503 and 429 answers, an oversized answer, a gzip bomb and an endless body
// are each recorded as a temporary failure with the reason, every run ends
// by its deadline, and the next run delivers the message exactly once with
// the same webhook-id and Idempotency-Key as the copy the receiver may
// already hold. A 4xx that cannot get better is recorded `refused` and not
// sent again.

#include "faults_fixture.hpp"

#include <chrono>
#include <regex>

namespace certgate::testing {
namespace {

struct Fault {
    std::string mode;   ///< hostile_http.py's MODE for the faulty run
    std::string reason; ///< what notify prints and records after the receiver's origin (a regex)
    bool received;      ///< the receiver logged the request before it misbehaved
};

class Webhooks : public Faults {
protected:
    Webhooks() : Faults(1, Transport::webhook) {}

    /// Checks that `arrival` carries a valid Standard Webhooks signature.
    static void expect_signed(const Arrival& arrival)
    {
        EXPECT_EQ(arrival.signature,
                  delivery::webhook_signature(k_secret, arrival.key,
                                              std::stoll(arrival.timestamp.empty() ? "0" : arrival.timestamp),
                                              arrival.body));
    }

    /// A faulty run, then a rerun against the same receiver behaving.
    void fault_then_rerun(const Fault& fault)
    {
        SCOPED_TRACE(fault.mode);
        const std::string name =
            "hook-" + fault.mode.substr(0, fault.mode.find(':')) +
            (fault.mode.find(':') == std::string::npos ? "" : fault.mode.substr(fault.mode.find(':') + 1));
        const auto store = verified_store(name);
        const auto faulty = m_dir.write("faulty-" + name, "");
        const auto receiver = server(name, {fault.mode, "--while-exists", faulty});
        const std::string origin = "http://127.0.0.1:" + receiver->port();
        const auto start = std::chrono::steady_clock::now();
        const auto run = notify(store, receiver->port(), {"--attempts", "1", "--webhook-timeout", "1500"});
        const auto elapsed = std::chrono::steady_clock::now() - start;
        // A hang check, not a timing test: the deadline is 1.5 s.
        EXPECT_LT(elapsed, std::chrono::seconds{8}) << run.out;
        std::filesystem::remove(faulty);
        EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
        const std::string prefix = event_line("failed") + ": " + origin + ": ";
        ASSERT_EQ(run.out.rfind(prefix, 0), 0U) << run.out;
        const std::string reason = run.out.substr(prefix.size(), run.out.size() - prefix.size() - 1);
        EXPECT_TRUE(std::regex_match(reason, std::regex(fault.reason))) << reason;
        EXPECT_EQ(run.err, "certgate: error: notify: 1 delivery failed; recorded and retried on the next run\n");
        const auto row = delivery(store);
        EXPECT_EQ(row.state, store::DeliveryState::failed);
        EXPECT_EQ(row.last_error, origin + ": " + reason);
        const auto first = take_arrivals();
        ASSERT_EQ(first.size(), fault.received ? 1U : 0U);

        const auto rerun = notify(store, receiver->port());
        EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
        EXPECT_EQ(rerun.out, event_line("sent") + ": \"" + subject() + "\"\n");
        const auto resent = take_arrivals();
        ASSERT_EQ(resent.size(), 1U);
        EXPECT_EQ(resent[0].subject, subject());
        EXPECT_EQ(resent[0].idempotency_key, resent[0].key);
        expect_signed(resent[0]);
        if (fault.received) {
            // The receiver can drop the repeat: the same id, signed afresh.
            EXPECT_EQ(resent[0].key, first[0].key);
            EXPECT_EQ(resent[0].idempotency_key, first[0].idempotency_key);
            EXPECT_EQ(resent[0].body, first[0].body);
            expect_signed(first[0]);
        }
        EXPECT_EQ(delivery(store).state, store::DeliveryState::sent);
        const auto third = notify(store, receiver->port());
        EXPECT_EQ(third.exit_code, 0) << third.out << third.err;
        EXPECT_EQ(third.out, "");
        EXPECT_TRUE(take_arrivals().empty());
    }
};

TEST_F(Webhooks, EachHostileAnswerIsRecordedFailedAndTheNextRunDeliversItOnceWithTheSameId)
{
    const std::string closed = "the connection was closed or reset \\((connection reset by peer|broken pipe)\\)";
    const std::string too_big = "answered more than 65536 bytes; stopped reading";
    const std::vector<Fault> faults{
        {"reset-early", closed, false},
        {"reset", closed, true},
        {"stall", "no complete exchange within 1500 ms \\(timed out\\)", true},
        {"drip-body", "no complete exchange within 1500 ms \\(timed out\\)", true},
        {"status:500", "answered HTTP 500, expected 2xx", true},
        {"status:503", "answered HTTP 503, expected 2xx", true},
        {"status:429", "answered HTTP 429, expected 2xx", true},
        {"oversized", too_big, true},
        {"gzip-bomb", too_big, true},
        {"endless", too_big, true},
    };
    for (const auto& fault : faults) {
        fault_then_rerun(fault);
    }
}

TEST_F(Webhooks, APermanentRefusalIsRecordedRefusedAndNotSentAgain)
{
    const auto store = verified_store("hook-400");
    const auto receiver = server("hook-400", {"status:400"});
    const std::string reason = "http://127.0.0.1:" + receiver->port() +
                               ": permanently refused: answered HTTP 400, "
                               "expected 2xx";
    const auto run = notify(store, receiver->port(), {"--attempts", "3", "--backoff", "10"});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_EQ(run.out, event_line("refused") + ": " + reason + "; not retried\n");
    EXPECT_EQ(take_arrivals().size(), 1U); // one attempt: a refusal does not get better by waiting
    const auto row = delivery(store);
    EXPECT_EQ(row.state, store::DeliveryState::refused);
    EXPECT_EQ(row.last_error, reason);
    const auto rerun = notify(store, receiver->port());
    EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
    EXPECT_NE(rerun.out.find(" was refused for good and is not retried: " + reason), std::string::npos) << rerun.out;
    EXPECT_TRUE(take_arrivals().empty());
    EXPECT_EQ(delivery(store).state, store::DeliveryState::refused);
}

} // namespace
} // namespace certgate::testing
