// Four `certgate notify` processes (four notifier hosts, as far as the store
// can tell) share one PostgreSQL store and one SMTP server while `--now`
// walks over the lives of 20 certificates with 5 verified recipients: every
// milestone message arrives once per recipient and channel. Once with random
// SIGKILLs and restarts (a repeat is allowed only in the window
// docs/notify.md admits: the server accepted it and its sender was killed
// before the store recorded it), once with the processes' `--now` skewed by
// a few seconds across midnight (no repeat at all).

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/external_recipient.hpp"
#include "certgate/core/time.hpp"

#include "e2e/notify/notify_fixture.hpp"
#include "support/peers.hpp"
#include "support/postgres_server.hpp"
#include "support/python_peer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <set>
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

struct Accepted {
    std::string message_id;
    std::string sender;
    std::string to;
};

class Fleet : public ::testing::Test {
protected:
    void SetUp() override
    {
        CERTGATE_REQUIRE_PEER(PostgresServer::shared() != nullptr, PostgresServer::postgres_missing());
        m_store = PostgresServer::shared()->create_database();
        std::filesystem::create_directories(m_mail);
        std::string certificates;
        for (int i = 0; i < k_certificates; ++i) {
            std::string id(64, 'a');
            id.replace(62, 2, (i < 10 ? "0" : "") + std::to_string(i));
            certificates += std::string(i == 0 ? "" : ",") + R"({"name": "fleet)" + std::to_string(i) +
                            R"(.example.com", "id": ")" + id + R"(", "not_after": ")" +
                            (i % 2 == 0 ? "2027-03-10T12:00:00Z" : "2027-03-12T12:00:00Z") +
                            R"(", "status": "uploaded"})";
        }
        std::string recipients;
        for (int i = 0; i < k_recipients; ++i) {
            recipients += std::string(i == 0 ? "" : ",") + R"({"name": "Ops )" + std::to_string(i) +
                          R"(", "email": "ops)" + std::to_string(i) + R"(@example.com", "channels": ["email"]})";
        }
        m_declarations = m_dir.write("declarations.json", R"({"certificates": [)" + certificates +
                                                              R"(], "recipients": [)" + recipients + "]}");
        std::filesystem::create_directories(m_dir.path() / "smtp");
        m_smtp = std::make_unique<PythonPeer>("tests/e2e/delivery/hostile_smtp.py", m_dir.path() / "smtp",
                                              std::vector<std::string>{m_mail.string()});
        verify_recipients();
    }

    [[nodiscard]] std::vector<std::string> notify_args(const std::string& now, const std::string& sender) const
    {
        return {certgate_program(), "notify",    "--declarations", m_declarations,
                "--store",          m_store,     "--now",          now,
                "--smtp-host",      "127.0.0.1", "--smtp-port",    m_smtp->port(),
                "--smtp-tls",       "none",      "--smtp-from",    sender,
                "--smtp-timeout",   "5000"};
    }

    ProcessResult notify(const std::string& now, const std::string& sender) const
    {
        auto args = notify_args(now, sender);
        args.erase(args.begin());
        ProcessOptions options;
        options.unset_environment = {"CERTGATE_STORE", "CERTGATE_NOW", "CERTGATE_SMTP_HOST", "CERTGATE_WEBHOOK_URL"};
        return run_certgate(args, options);
    }

    /// The first run (before any milestone) sends the codes; each
    /// recipient confirms its own, against the PostgreSQL store.
    void verify_recipients()
    {
        const auto coded = notify("2026-12-01T00:00:00Z", "codes@example.com");
        ASSERT_EQ(coded.exit_code, 0) << coded.out << coded.err;
        const auto mails = take_files(m_mail, ".eml");
        ASSERT_EQ(mails.size(), static_cast<std::size_t>(k_recipients));
        for (const auto& mail : mails) {
            auto to = header(mail, "X-Envelope-To");
            to = to.substr(1, to.size() - 2); // <address>
            ProcessOptions options;
            options.stdin_text = code_in(mail) + "\n";
            options.unset_environment = {"CERTGATE_STORE"};
            const auto verified =
                run_certgate({"recipients", "verify", app::recipient_id({to, ""}), "--store", m_store}, options);
            ASSERT_EQ(verified.exit_code, 0) << to << ": " << verified.err;
        }
    }

    std::vector<Accepted> take_mail()
    {
        std::vector<Accepted> accepted;
        for (const auto& message : take_files(m_mail, ".eml")) {
            accepted.push_back(
                {header(message, "Message-ID"), header(message, "X-Envelope-From"), header(message, "X-Envelope-To")});
        }
        return accepted;
    }

    /// Every message is there, once per recipient, and the store has every
    /// delivery sent; returns the copies of each Message-ID.
    std::map<std::string, std::vector<Accepted>> check_everything_arrived()
    {
        std::map<std::string, std::vector<Accepted>> copies;
        std::map<std::string, std::set<std::string>> per_recipient;
        for (const auto& mail : take_mail()) {
            copies[mail.message_id].push_back(mail);
            per_recipient[mail.to].insert(mail.message_id);
        }
        EXPECT_EQ(copies.size(), static_cast<std::size_t>(k_certificates * k_milestones * k_recipients));
        EXPECT_EQ(per_recipient.size(), static_cast<std::size_t>(k_recipients));
        for (const auto& [to, ids] : per_recipient) {
            EXPECT_EQ(ids.size(), static_cast<std::size_t>(k_certificates * k_milestones)) << to;
        }
        auto opened = store::open_store(m_store, store::OpenMode::read_only);
        EXPECT_TRUE(opened) << opened.error().describe();
        if (opened) {
            const auto status = *opened->status();
            EXPECT_EQ(status.deliveries_sent, k_certificates * k_milestones * k_recipients);
            EXPECT_EQ(status.deliveries_pending + status.deliveries_failed + status.deliveries_refused, 0);
            EXPECT_EQ(status.recipients_verified, k_recipients);
        }
        return copies;
    }

    TempDir m_dir;
    std::filesystem::path m_mail = m_dir.path() / "mail";
    std::string m_store;
    std::string m_declarations;
    std::unique_ptr<PythonPeer> m_smtp;
};

struct Notifier {
    pid_t pid = 0;
    std::string sender;
    bool killed = false;
};

int wait_status(pid_t pid, bool& killed)
{
    int status = 0;
    ::waitpid(pid, &status, 0);
    killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

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
    for (const auto& [id, list] : check_everything_arrived()) {
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
    for (const auto& [id, list] : check_everything_arrived()) {
        EXPECT_EQ(list.size(), 1U) << id << " arrived " << list.size() << " times";
    }
}

} // namespace
} // namespace certgate::testing
