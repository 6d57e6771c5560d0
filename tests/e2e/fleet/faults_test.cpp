// `certgate notify` against a PostgreSQL store that fails under it: the
// server stopped mid-run, the connection dropped, the database turned
// read-only (as a hot standby is), wrong credentials. Each is a clear
// message and a defined exit status, and a later run delivers what is left:
// nothing is lost, nothing is sent twice (but for the one message a run
// reports as sent and not recorded, if the failure fell just there).

#include "fleet_fixture.hpp"

#include <chrono>
#include <thread>

namespace certgate::testing {
namespace {

constexpr int k_certificates = 12;
// On 2027-03-09 every certificate has a milestone due (1d or 3d).
const std::string k_now = "2027-03-09T08:00:00Z";

class StoreFaults : public FleetFixture {
protected:
    void SetUp() override
    {
        CERTGATE_REQUIRE_PEER(PostgresServer::shared() != nullptr, PostgresServer::postgres_missing());
        prepare(k_certificates, 1);
        m_database = m_store.substr(m_store.rfind('/') + 1);
        m_shown = "postgresql://127.0.0.1:" + std::to_string(PostgresServer::shared()->port()) + "/" + m_database;
    }

    /// Starts notify with every SMTP reply 40 ms slow (so the run lasts a
    /// while) and returns once the server has accepted `count` messages.
    pid_t start_slow_run(const std::string& out_file, std::size_t count)
    {
        // Its own mail folder: two servers numbering files alike would overwrite each other's.
        const auto slow_mail = m_dir.path() / "slow" / "mail";
        std::filesystem::create_directories(slow_mail);
        m_mail_folders.push_back(slow_mail);
        m_slow = std::make_unique<PythonPeer>("tests/e2e/delivery/hostile_smtp.py", m_dir.path() / "slow",
                                              std::vector<std::string>{slow_mail.string(), "--slow", "40"});
        auto args = notify_args(k_now, "faulty@example.com");
        *(std::find(args.begin(), args.end(), "--smtp-port") + 1) = m_slow->port();
        const pid_t pid = spawn(args, out_file);
        for (int i = 0; i < 600 && count_files(slow_mail) < count; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds{10});
        }
        return pid;
    }

    static std::size_t count_files(const std::filesystem::path& folder)
    {
        std::size_t count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(folder)) {
            count += entry.path().extension() == ".eml" ? 1U : 0U;
        }
        return count;
    }

    void terminate_connections() const
    {
        PostgresServer::shared()->execute(PostgresServer::shared()->url("postgres"),
                                          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                                              m_database + "'");
    }

    /// After the failed run, a clean one: every message is there, and a
    /// repeat only for a message the failed run said was sent and not recorded.
    void check_the_next_run_delivers_the_rest(const std::string& failed_stderr)
    {
        const auto clean = notify(k_now, "clean@example.com");
        EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
        const bool admitted = failed_stderr.find("WAS SENT but is not recorded") != std::string::npos;
        for (const auto& [id, list] : check_everything_arrived(k_certificates)) {
            EXPECT_LE(list.size(), admitted ? 2U : 1U) << id;
        }
    }

    std::unique_ptr<PythonPeer> m_slow;
    std::string m_database;
    std::string m_shown;
};

TEST_F(StoreFaults, AServerStoppedMidRunIsExitStatus2AndTheNextRunDeliversTheRest)
{
    const auto out = (m_dir.path() / "run.out").string();
    const pid_t run = start_slow_run(out, 2);
    PostgresServer::shared()->stop();
    bool killed = false;
    const int exit_code = wait_status(run, killed);
    PostgresServer::shared()->start();
    const auto err = TempDir::read(out + ".err");
    EXPECT_EQ(exit_code, 2) << err;
    EXPECT_EQ(err.rfind("certgate: error: " + m_shown + ": cannot ", 0), 0U) << err;
    EXPECT_NE(err.find("(the connection to the server is gone or cannot be made; check that the server runs and is "
                       "reachable, then run again)"),
              std::string::npos)
        << err;
    EXPECT_EQ(err.find(PostgresServer::k_password), std::string::npos);
    EXPECT_LT(count_files(m_dir.path() / "slow" / "mail"), static_cast<std::size_t>(k_certificates))
        << "the run was not stopped midway";
    check_the_next_run_delivers_the_rest(err);
}

TEST_F(StoreFaults, ADroppedConnectionIsMadeAgainAndTheRunCompletes)
{
    const auto out = (m_dir.path() / "run.out").string();
    const pid_t run = start_slow_run(out, 2);
    terminate_connections();
    bool killed = false;
    const int exit_code = wait_status(run, killed);
    EXPECT_EQ(exit_code, 0) << TempDir::read(out + ".err");
    for (const auto& [id, list] : check_everything_arrived(k_certificates)) {
        EXPECT_EQ(list.size(), 1U) << id;
    }
}

TEST_F(StoreFaults, AStoreTurnedReadOnlyMidRunIsExitStatus2AndTheNextRunDeliversTheRest)
{
    const auto out = (m_dir.path() / "run.out").string();
    const pid_t run = start_slow_run(out, 2);
    const auto admin = PostgresServer::shared()->url("postgres");
    PostgresServer::shared()->execute(admin,
                                      "ALTER DATABASE " + m_database + " SET default_transaction_read_only = on");
    terminate_connections(); // the new session is read-only, as a standby after failover
    bool killed = false;
    const int exit_code = wait_status(run, killed);
    PostgresServer::shared()->execute(admin, "ALTER DATABASE " + m_database + " RESET default_transaction_read_only");
    const auto err = TempDir::read(out + ".err");
    EXPECT_EQ(exit_code, 2) << err;
    EXPECT_EQ(err.rfind("certgate: error: " + m_shown + ": cannot ", 0), 0U) << err;
    EXPECT_NE(err.find("(the server accepts only reads: it is a hot standby or default_transaction_read_only is on; "
                       "point the store at the primary)"),
              std::string::npos)
        << err;
    check_the_next_run_delivers_the_rest(err);
}

TEST_F(StoreFaults, WrongCredentialsSendNothingAndAreExitStatus2)
{
    auto args = notify_args(k_now, "wrong@example.com");
    *(std::find(args.begin(), args.end(), "--store") + 1) =
        PostgresServer::shared()->url(m_database, "certgate", "definitely-Wrong-9");
    args.erase(args.begin());
    ProcessOptions options;
    options.unset_environment = {"CERTGATE_STORE", "PGPASSWORD"};
    const auto refused = run_certgate(args, options);
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_EQ(refused.err.rfind("certgate: error: " + m_shown + ": cannot connect to the store: ", 0), 0U)
        << refused.err;
    EXPECT_NE(refused.err.find("(the server refused the credentials; check the user and the password in PGPASSWORD, "
                               "~/.pgpass or the connection URI)"),
              std::string::npos)
        << refused.err;
    EXPECT_EQ(refused.err.find("definitely-Wrong-9"), std::string::npos);
    EXPECT_EQ(count_files(m_mail), 0U);
    check_the_next_run_delivers_the_rest("");
}

} // namespace
} // namespace certgate::testing
