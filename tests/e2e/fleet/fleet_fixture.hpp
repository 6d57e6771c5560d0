#pragma once
// The several-hosts fixture: a fresh database on the test process's
// PostgreSQL server (tests/support/postgres_server), the hostile SMTP server
// of the delivery tests as a plain sink (a real socket server on loopback
// that logs every message it accepts with its MAIL FROM), a declarations
// file and recipients verified through `certgate recipients verify`.

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/external_recipient.hpp"

#include "e2e/notify/notify_fixture.hpp"
#include "support/peers.hpp"
#include "support/postgres_server.hpp"
#include "support/python_peer.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace certgate::testing {

struct Accepted {
    std::string message_id;
    std::string sender;
    std::string to;
};

class FleetFixture : public ::testing::Test {
protected:
    /// A fresh PostgreSQL database, `certificates` certificates (even ones
    /// expire 2027-03-10T12:00:00Z, odd ones 2027-03-12T12:00:00Z) and
    /// `recipients` recipients (email only), verified against the store.
    void prepare(int certificates, int recipients)
    {
        m_certificates = certificates;
        m_recipients = recipients;
        m_store = PostgresServer::shared()->create_database();
        std::filesystem::create_directories(m_mail);
        std::string certificate_list;
        for (int i = 0; i < certificates; ++i) {
            std::string id(64, 'a');
            id.replace(62, 2, (i < 10 ? "0" : "") + std::to_string(i));
            certificate_list += std::string(i == 0 ? "" : ",") + R"({"name": "fleet)" + std::to_string(i) +
                                R"(.example.com", "id": ")" + id + R"(", "not_after": ")" +
                                (i % 2 == 0 ? "2027-03-10T12:00:00Z" : "2027-03-12T12:00:00Z") +
                                R"(", "status": "uploaded"})";
        }
        std::string recipient_list;
        for (int i = 0; i < recipients; ++i) {
            recipient_list += std::string(i == 0 ? "" : ",") + R"({"name": "Ops )" + std::to_string(i) +
                              R"(", "email": "ops)" + std::to_string(i) + R"(@example.com", "channels": ["email"]})";
        }
        m_declarations = m_dir.write("declarations.json", R"({"certificates": [)" + certificate_list +
                                                              R"(], "recipients": [)" + recipient_list + "]}");
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
        ASSERT_EQ(mails.size(), static_cast<std::size_t>(m_recipients));
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
        std::vector<std::string> messages;
        for (const auto& folder : m_mail_folders) {
            auto taken = take_files(folder, ".eml");
            messages.insert(messages.end(), taken.begin(), taken.end());
        }
        for (const auto& message : messages) {
            accepted.push_back(
                {header(message, "Message-ID"), header(message, "X-Envelope-From"), header(message, "X-Envelope-To")});
        }
        return accepted;
    }

    /// Every message is there (`per_recipient` for each recipient), and the
    /// store has every delivery sent; returns the copies of each Message-ID.
    std::map<std::string, std::vector<Accepted>> check_everything_arrived(int per_recipient_expected)
    {
        const int expected = per_recipient_expected * m_recipients;
        std::map<std::string, std::vector<Accepted>> copies;
        std::map<std::string, std::set<std::string>> per_recipient;
        for (const auto& mail : take_mail()) {
            copies[mail.message_id].push_back(mail);
            per_recipient[mail.to].insert(mail.message_id);
        }
        EXPECT_EQ(copies.size(), static_cast<std::size_t>(expected));
        EXPECT_EQ(per_recipient.size(), static_cast<std::size_t>(m_recipients));
        for (const auto& [to, ids] : per_recipient) {
            EXPECT_EQ(ids.size(), static_cast<std::size_t>(per_recipient_expected)) << to;
        }
        auto opened = store::open_store(m_store, store::OpenMode::read_only);
        EXPECT_TRUE(opened) << opened.error().describe();
        if (opened) {
            const auto status = *opened->status();
            EXPECT_EQ(status.deliveries_sent, expected);
            EXPECT_EQ(status.deliveries_pending + status.deliveries_failed + status.deliveries_refused, 0);
            EXPECT_EQ(status.recipients_verified, m_recipients);
        }
        return copies;
    }

    TempDir m_dir;
    std::filesystem::path m_mail = m_dir.path() / "mail";
    /// Where the SMTP servers of the test store what they accept.
    std::vector<std::filesystem::path> m_mail_folders{m_mail};
    std::string m_store;
    std::string m_declarations;
    std::unique_ptr<PythonPeer> m_smtp;
    int m_certificates = 0;
    int m_recipients = 0;
};

struct Notifier {
    pid_t pid = 0;
    std::string sender;
    bool killed = false;
};

inline int wait_status(pid_t pid, bool& killed)
{
    int status = 0;
    ::waitpid(pid, &status, 0);
    killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace certgate::testing
