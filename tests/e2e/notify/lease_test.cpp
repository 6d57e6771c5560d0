// Claim leases across overlapping runs: a claim is stamped with the real time
// it is taken, and every send ends before its lease does, so a run that takes
// over an expired claim never races a live send.

#include "notify_fixture.hpp"

namespace certgate::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::map<std::string, int> count_by_certificate(const std::vector<Receiver::Request>& hooks)
{
    std::map<std::string, int> counts;
    for (const auto& hook : hooks) {
        counts[json::parse(hook.body)["certificate"]["name"].get<std::string>()] += 1;
    }
    return counts;
}

/// Waits up to `limit` for `pid` to end; its exit status, or -1 when it
/// has not ended (it is left running: the caller's wait_for reaps it).
int wait_at_most(pid_t pid, std::chrono::milliseconds limit)
{
    const auto until = Clock::now() + limit;
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (Clock::now() > until) {
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Regression (issue 12 item 4): claims used to carry the run's start time, so
// a second run started a lease after the first took over the first run's
// latest claim, a moment old, and sent it a second time. The runs meet on an
// event, not on a sleep: the receiver holds the first run's last request
// (its claim was just made, the run is older than its lease) until a second
// run has started and ended, so a loaded machine only makes it slower.
TEST_F(Notify, AnOverlappingRunNeverTakesOverAClaimTheFirstRunJustMade)
{
    const auto state = verified_state_with_certificates(4);
    // Three SMS of 2 s each: the first run claims web3 6 s after its first
    // claim, older than its 4 s lease by more than the second claims are
    // rounded to, and each send stays within its 3 s budget.
    auto args = with_flags(notify_args("2026-12-04", state), {"--lease", "4", "--attempts", "1"});
    args.insert(args.begin(), certgate_program());
    std::atomic<pid_t> second{0};
    std::atomic<int> second_status{-2};
    m_hook.on_each_request([&](const Receiver::Request& request) {
        const auto name = json::parse(request.body)["certificate"]["name"].get<std::string>();
        if (name != "web3.example.com") {
            std::this_thread::sleep_for(std::chrono::milliseconds{2000});
        } else if (second.load() == 0) {
            second = spawn(args, (m_dir.path() / "second.out").string());
            // Within the first run's send budget (three quarters of the lease).
            second_status = wait_at_most(second, std::chrono::milliseconds{2500});
        }
    });
    const pid_t first = spawn(args, (m_dir.path() / "first.out").string());
    EXPECT_EQ(wait_for(first), 0) << TempDir::read(m_dir.path() / "first.out");
    ASSERT_NE(second.load(), 0) << "web3 never reached the receiver:\n" << TempDir::read(m_dir.path() / "first.out");
    const int second_exit = second_status.load() == -1 ? wait_for(second) : second_status.load();
    EXPECT_NE(second_status.load(), -1) << "the second run outlasted the first run's hold of web3";
    const auto second_out = TempDir::read(m_dir.path() / "second.out");
    EXPECT_EQ(second_exit, 0) << second_out;
    const auto hooks = m_hook.take();
    const std::map<std::string, int> once{
        {"web0.example.com", 1}, {"web1.example.com", 1}, {"web2.example.com", 1}, {"web3.example.com", 1}};
    EXPECT_EQ(count_by_certificate(hooks), once) << "first run:\n"
                                                 << TempDir::read(m_dir.path() / "first.out") << "second run:\n"
                                                 << second_out;
    EXPECT_EQ(m_smtp->take().size(), 4U);
    // The first run sent everything; the second found each delivery sent or
    // claimed by a live run and sent nothing.
    EXPECT_EQ(TempDir::read(m_dir.path() / "first.out").find("failed "), std::string::npos);
    EXPECT_EQ(second_out.find("sent "), std::string::npos) << second_out;
    EXPECT_NE(second_out.find("note: recipient " + m_dev_id), std::string::npos) << second_out;
}

// Regression (issue 12 item 4): a send used to run for its own timeout
// whatever the lease, so a slow server kept it going after another run could
// take the claim over. Now it gives up before the lease ends, is recorded
// failed with the reason, and is not tried again when too little is left.
TEST_F(Notify, ASendEndsBeforeItsLeaseAndIsRecordedFailedWithTheReason)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "uploaded", ""));
    const auto state = write_state(resources);
    verify_ops("2026-09-01", state);
    m_hook.m_delay_ms = 5000;
    const auto started = Clock::now();
    const auto run = notify("2026-12-04", state,
                            {"--lease", "2", "--webhook-timeout", "4000", "--attempts", "3", "--backoff", "10"});
    const auto took = Clock::now() - started;
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    // One attempt of at most three quarters of the lease (1.5 s), then no
    // second one: a quarter of the lease is needed to start it. Without the
    // lease bound the first attempt alone takes the 4 s webhook timeout.
    EXPECT_LT(took, std::chrono::milliseconds{3000});
    // The attempt's budget was what was left of those 1.5 s.
    std::smatch budget;
    ASSERT_TRUE(
        std::regex_search(run.out, budget,
                          std::regex("failed sms 1w web\\.example\\.com \\(2026-12-04\\) to \\+8613800138000 "
                                     "\\(rcpt-[0-9a-f]+\\): http://127\\.0\\.0\\.1:[0-9]+: no complete exchange "
                                     "within ([0-9]+) ms")))
        << run.out;
    EXPECT_LE(std::stoi(budget[1]), 1500) << run.out;
    EXPECT_NE(run.out.find("; no further attempt within the lease\n"), std::string::npos) << run.out;
    EXPECT_EQ(m_hook.take().size(), 1U);
    EXPECT_EQ(m_smtp->take().size(), 1U); // the email went out
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(m_store.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT state, last_error FROM deliveries WHERE channel = 'sms'", -1, &statement,
                                 nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "failed");
    EXPECT_NE(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)))
                  .find("no complete exchange within"),
              std::string::npos);
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

} // namespace
} // namespace certgate::testing
