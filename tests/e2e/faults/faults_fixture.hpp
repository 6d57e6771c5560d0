#pragma once
// The fault-injection fixture: the hostile SMTP server of the delivery tests
// (tests/e2e/delivery/hostile_smtp.py, a real socket server on loopback that
// logs every message it accepts), a declarations file of certificates whose
// 1w milestone is due on 2026-12-04, and a store in which the one recipient
// (Ops, email only) is already verified, copied afresh for every scenario.

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/external_recipient.hpp"

#include "e2e/notify/notify_fixture.hpp"
#include "support/python_peer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace certgate::testing {

inline const std::string k_hostile_smtp = "tests/e2e/delivery/hostile_smtp.py";

/// One message the server accepted.
struct AcceptedMail {
    std::string message_id;
    std::string sender; ///< MAIL FROM: which notify process sent it
    std::string subject;
    std::string tls; ///< "yes" or "no" from a server started with --tls, else empty
};

class Faults : public ::testing::Test {
protected:
    /// `certificates` certificates, web0.example.com … (uploaded, expiring
    /// 2026-12-11T12:00:00Z), all notifying Ops by email.
    explicit Faults(int certificates = 1)
    {
        std::filesystem::create_directories(m_mail);
        std::string list;
        for (int i = 0; i < certificates; ++i) {
            std::string id(64, '0');
            id.replace(62, 2, (i < 10 ? "0" : "") + std::to_string(i));
            m_certificate_ids.push_back(id);
            list += std::string(i == 0 ? "" : ",") + R"({"name": "web)" + std::to_string(i) +
                    R"(.example.com", "id": ")" + id +
                    R"(", "not_after": "2026-12-11T12:00:00Z", "status": "uploaded"})";
        }
        m_declarations =
            m_dir.write("declarations.json", R"({"certificates": [)" + list +
                                                 R"(], "recipients": [{"name": "Ops", "email": "ops@example.com", )"
                                                 R"("channels": ["email"]}]})");
    }

    /// The arguments of `certgate notify` against the SMTP server on `port`
    /// with the store `store`, as of 2026-12-04 (the 1w milestone).
    std::vector<std::string> notify_args(const std::string& store, const std::string& port,
                                         const std::vector<std::string>& extra = {}) const
    {
        std::vector<std::string> args{
            "notify", "--declarations", m_declarations, "--store",     store,
            "--now",  "2026-12-04",     "--smtp-host",  "127.0.0.1",   "--smtp-port",
            port,     "--smtp-tls",     "none",         "--smtp-from", "certgate@example.com"};
        for (std::size_t i = 0; i < extra.size(); ++i) {
            const auto found = std::find(args.begin(), args.end(), extra[i]);
            if (found != args.end() && i + 1 < extra.size()) {
                *(found + 1) = extra[++i]; // replace a flag's value
            } else {
                args.push_back(extra[i]);
            }
        }
        return args;
    }

    ProcessResult notify(const std::string& store, const std::string& port,
                         const std::vector<std::string>& extra = {}) const
    {
        ProcessOptions options;
        options.unset_environment = {"CERTGATE_STORE", "CERTGATE_NOW", "CERTGATE_SMTP_HOST", "CERTGATE_WEBHOOK_URL"};
        return run_certgate(notify_args(store, port, extra), options);
    }

    /// A copy of a store in which Ops is verified (made once per test: a
    /// notify run sends the code, `recipients verify` confirms it).
    std::string verified_store(const std::string& name)
    {
        if (m_base_store.empty()) {
            m_base_store = (m_dir.path() / "base" / "certgate.db").string();
            PythonPeer smtp(k_hostile_smtp, folder("base"), {m_mail.string()});
            const auto coded = notify(m_base_store, smtp.port(), {"--now", "2026-09-01"});
            EXPECT_EQ(coded.exit_code, 0) << coded.out << coded.err;
            const auto mails = take_files(m_mail, ".eml");
            EXPECT_EQ(mails.size(), 1U);
            ProcessOptions options;
            options.stdin_text = (mails.empty() ? std::string() : code_in(mails[0])) + "\n";
            const auto verified = run_certgate({"recipients", "verify", m_recipient, "--store", m_base_store}, options);
            EXPECT_EQ(verified.exit_code, 0) << verified.err;
        }
        const auto copy = m_dir.path() / "stores" / (name + ".db");
        std::filesystem::create_directories(copy.parent_path());
        std::filesystem::permissions(copy.parent_path(), std::filesystem::perms::owner_all);
        std::filesystem::copy_file(m_base_store, copy, std::filesystem::copy_options::overwrite_existing);
        return copy.string();
    }

    /// A new folder `name` in the test's folder (for a peer's port and log).
    std::filesystem::path folder(const std::string& name) const
    {
        const auto path = m_dir.path() / name;
        std::filesystem::create_directories(path);
        return path;
    }

    /// The messages the server accepted since the last call, in order.
    std::vector<AcceptedMail> take_mail()
    {
        std::vector<AcceptedMail> accepted;
        for (const auto& message : take_files(m_mail, ".eml")) {
            accepted.push_back({header(message, "Message-ID"), header(message, "X-Envelope-From"),
                                header(message, "Subject"), header(message, "X-TLS")});
        }
        return accepted;
    }

    /// The store's row for certificate `index`'s 1w email to Ops.
    store::Delivery delivery(const std::string& store_path, int index = 0) const
    {
        auto opened = store::open_store(store_path, store::OpenMode::read_only);
        if (!opened) {
            ADD_FAILURE() << opened.error().describe();
            return {};
        }
        auto found = opened->find_delivery(
            {m_certificate_ids[static_cast<std::size_t>(index)], "1w", m_recipient, Channel::email});
        if (!found || !found->has_value()) {
            ADD_FAILURE() << "no delivery row for web" << index;
            return {};
        }
        return **found;
    }

    /// The line notify prints for certificate `index`'s message, up to the
    /// outcome's detail: "sent email 1w web0.example.com (2026-12-04) to …".
    std::string event_line(const std::string& outcome, int index = 0) const
    {
        return outcome + " email 1w web" + std::to_string(index) + ".example.com (2026-12-04) to ops@example.com (" +
               m_recipient + ")";
    }

    TempDir m_dir;
    std::filesystem::path m_mail = m_dir.path() / "mail";
    std::string m_declarations;
    std::string m_base_store;
    std::string m_recipient = app::recipient_id({"ops@example.com", ""});
    std::vector<std::string> m_certificate_ids;
};

} // namespace certgate::testing
