// A fault at each SMTP stage (tests/e2e/delivery/hostile_smtp.py on loopback;
// no TLS, so there is no STARTTLS stage): a reset or a stall past the
// deadline is recorded as a temporary failure with its reason and the next
// run delivers the message exactly once; a stall never holds a run past its
// deadline. A fault at QUIT comes after the server accepted the message, so
// the message counts as sent and is not sent again.

#include "faults_fixture.hpp"

#include <chrono>
#include <regex>

namespace certgate::testing {
namespace {

const std::vector<std::string> k_stages{"greeting", "ehlo", "mail", "rcpt", "data", "message", "quit"};

class Stages : public Faults {
protected:
    /// Runs notify against a server that does `fault` at `stage` (only for
    /// that run), checks what it recorded, then reruns against the same
    /// server behaving and checks the message arrived exactly once in all.
    void fault_then_rerun(const std::string& fault, const std::string& stage)
    {
        SCOPED_TRACE(fault + " at " + stage);
        const auto store = verified_store(fault + "-" + stage);
        const auto faulty = m_dir.write("faulty-" + fault + "-" + stage, "");
        PythonPeer smtp(k_hostile_smtp, folder(fault + "-" + stage),
                        {m_mail.string(), "--" + fault, stage, "--while-exists", faulty});
        const auto start = std::chrono::steady_clock::now();
        const auto run = notify(store, smtp.port(), {"--attempts", "1", "--smtp-timeout", "1500"});
        const auto elapsed = std::chrono::steady_clock::now() - start;
        // A hang check, not a timing test: the deadline is 1.5 s.
        EXPECT_LT(elapsed, std::chrono::seconds{8}) << run.out;
        std::filesystem::remove(faulty);
        const auto accepted = take_mail();
        const auto row = delivery(store);
        if (stage == "quit") {
            EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
            EXPECT_EQ(run.out, event_line("sent") + ": \"web0.example.com expires in 7 days (2026-12-11)\"\n");
            ASSERT_EQ(accepted.size(), 1U);
            EXPECT_EQ(row.state, store::DeliveryState::sent);
        } else {
            EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
            const std::string prefix = event_line("failed") + ": smtp://127.0.0.1:" + smtp.port() + ": ";
            ASSERT_EQ(run.out.rfind(prefix, 0), 0U) << run.out;
            const std::string reason = run.out.substr(prefix.size(), run.out.size() - prefix.size() - 1);
            // A reset of the greeting may already fail the connect on a loaded machine.
            const std::regex expected(fault == "stall" ? "no complete exchange within 1500 ms .*"
                                                       : "(cannot connect|the connection was closed or reset) "
                                                         "\\((connection reset by peer|broken pipe)\\).*");
            EXPECT_TRUE(std::regex_match(reason, expected)) << reason;
            EXPECT_EQ(run.err, "certgate: error: notify: 1 delivery failed; recorded and retried on the next run\n");
            EXPECT_TRUE(accepted.empty());
            EXPECT_EQ(row.state, store::DeliveryState::failed);
            EXPECT_EQ(row.last_error, "smtp://127.0.0.1:" + smtp.port() + ": " + reason);
        }
        const auto rerun = notify(store, smtp.port());
        EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
        const auto resent = take_mail();
        if (stage == "quit") {
            EXPECT_EQ(rerun.out, "");
            EXPECT_TRUE(resent.empty());
        } else {
            EXPECT_EQ(rerun.out, event_line("sent") + ": \"web0.example.com expires in 7 days (2026-12-11)\"\n");
            ASSERT_EQ(resent.size(), 1U);
            EXPECT_EQ(resent[0].subject, "web0.example.com expires in 7 days (2026-12-11)");
        }
        EXPECT_EQ(delivery(store).state, store::DeliveryState::sent);
        const auto third = notify(store, smtp.port());
        EXPECT_EQ(third.exit_code, 0) << third.out << third.err;
        EXPECT_EQ(third.out, "");
        EXPECT_TRUE(take_mail().empty());
    }
};

TEST_F(Stages, AResetAtEachStageIsRecordedFailedAndTheNextRunDeliversItOnce)
{
    for (const auto& stage : k_stages) {
        fault_then_rerun("reset", stage);
    }
}

TEST_F(Stages, AStallAtEachStageEndsByTheDeadlineAndTheNextRunDeliversItOnce)
{
    for (const auto& stage : k_stages) {
        fault_then_rerun("stall", stage);
    }
}

} // namespace
} // namespace certgate::testing
