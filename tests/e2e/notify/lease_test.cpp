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

// Regression (issue 12 item 4): claims used to carry the run's start time, so
// a second run started a lease after the first took over the first run's
// latest claim, one second old, and sent it a second time.
TEST_F(Notify, AnOverlappingRunNeverTakesOverAClaimTheFirstRunJustMade)
{
    const auto state = verified_state_with_certificates(5);
    // Each SMS takes a second: the first run needs five seconds, longer than
    // its three-second lease, and every single claim lives about one second.
    m_hook.m_delay_ms = 1000;
    auto args = with_flags(notify_args("2026-12-04", state), {"--lease", "3", "--attempts", "1"});
    args.insert(args.begin(), certgate_program());
    const pid_t first = spawn(args, (m_dir.path() / "first.out").string());
    std::this_thread::sleep_for(std::chrono::milliseconds{4500});
    const pid_t second = spawn(args, (m_dir.path() / "second.out").string());
    EXPECT_EQ(wait_for(first), 0) << TempDir::read(m_dir.path() / "first.out");
    EXPECT_EQ(wait_for(second), 0) << TempDir::read(m_dir.path() / "second.out");
    const auto hooks = m_hook.take();
    const std::map<std::string, int> once{{"web0.example.com", 1},
                                          {"web1.example.com", 1},
                                          {"web2.example.com", 1},
                                          {"web3.example.com", 1},
                                          {"web4.example.com", 1}};
    EXPECT_EQ(count_by_certificate(hooks), once) << "first run:\n"
                                                 << TempDir::read(m_dir.path() / "first.out") << "second run:\n"
                                                 << TempDir::read(m_dir.path() / "second.out");
    EXPECT_EQ(m_smtp->take().size(), 5U);
    // The first run sent everything; the second found each delivery sent or
    // claimed by a live run and sent nothing.
    const auto second_out = TempDir::read(m_dir.path() / "second.out");
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
