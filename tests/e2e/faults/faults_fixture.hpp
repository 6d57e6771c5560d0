#pragma once
// The fault-injection fixture: the hostile servers of the delivery tests
// (tests/e2e/delivery/hostile_smtp.py and hostile_http.py, real socket
// servers on loopback that log every message or request they accept), a
// declarations file of certificates whose 1w milestone is due on 2026-12-04,
// and a store in which the one recipient (Ops, by email or by SMS through
// the webhook) is already verified, copied afresh for every scenario.

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/external_recipient.hpp"

#include "e2e/notify/notify_fixture.hpp"
#include "support/python_peer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace certgate::testing {

inline const std::string k_hostile_smtp = "tests/e2e/delivery/hostile_smtp.py";
inline const std::string k_hostile_http = "tests/e2e/delivery/hostile_http.py";

/// How the recipient is reached: email through the SMTP server, or SMS
/// through the webhook.
enum class Transport { email, webhook };

/// One message the SMTP server accepted, or one request the webhook
/// receiver got.
struct Arrival {
    std::string key;             ///< Message-ID, or webhook-id
    std::string sender;          ///< which notify process sent it: its MAIL FROM address, or its URL path after /hook/
    std::string subject;         ///< the Subject, or the payload's "subject"
    std::string tls;             ///< "yes" or "no" from an SMTP server started with --tls, else empty
    std::string idempotency_key; ///< the webhook's Idempotency-Key header
    std::string timestamp;       ///< the webhook's webhook-timestamp header
    std::string signature;       ///< the webhook's webhook-signature header
    std::string body;            ///< the message, or the request body
};

class Faults : public ::testing::Test {
protected:
    /// `certificates` certificates, web0.example.com … (uploaded, expiring
    /// 2026-12-11T12:00:00Z), all notifying Ops by `transport`.
    explicit Faults(int certificates = 1, Transport transport = Transport::email) : m_transport(transport)
    {
        // Inherited by the notify processes the kill tests spawn too.
        ::setenv("CERTGATE_WEBHOOK_SECRET", k_secret.c_str(), 1);
        std::filesystem::create_directories(m_arrivals);
        std::string list;
        for (int i = 0; i < certificates; ++i) {
            std::string id(64, '0');
            id.replace(62, 2, (i < 10 ? "0" : "") + std::to_string(i));
            m_certificate_ids.push_back(id);
            list += std::string(i == 0 ? "" : ",") + R"({"name": "web)" + std::to_string(i) +
                    R"(.example.com", "id": ")" + id +
                    R"(", "not_after": "2026-12-11T12:00:00Z", "status": "uploaded"})";
        }
        const std::string ops = transport == Transport::email
                                    ? R"({"name": "Ops", "email": "ops@example.com", "channels": ["email"]})"
                                    : R"({"name": "Ops", "mobile": "+8613800138000", "channels": ["sms"]})";
        m_declarations =
            m_dir.write("declarations.json", R"({"certificates": [)" + list + R"(], "recipients": [)" + ops + "]}");
    }
    ~Faults() override { ::unsetenv("CERTGATE_WEBHOOK_SECRET"); }
    Faults(const Faults&) = delete;
    Faults& operator=(const Faults&) = delete;

    /// The arguments of `certgate notify` against the server on `port` with
    /// the store `store`, as of 2026-12-04 (the 1w milestone), sent by
    /// `sender` (the MAIL FROM address, or the webhook URL's path after
    /// /hook/). An `extra` flag already there has its value replaced.
    std::vector<std::string> notify_args(const std::string& store, const std::string& port,
                                         const std::vector<std::string>& extra = {},
                                         const std::string& sender = "certgate@example.com") const
    {
        std::vector<std::string> args{"notify", "--declarations", m_declarations, "--store",
                                      store,    "--now",          "2026-12-04"};
        if (m_transport == Transport::email) {
            args.insert(args.end(),
                        {"--smtp-host", "127.0.0.1", "--smtp-port", port, "--smtp-tls", "none", "--smtp-from", sender});
        } else {
            args.insert(args.end(),
                        {"--webhook-url", "http://127.0.0.1:" + port + "/hook/" + sender, "--webhook-allow-http"});
        }
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

    /// The server this fixture's transport talks to, well behaved unless
    /// `options` say otherwise, logging into the arrivals folder.
    [[nodiscard]] std::unique_ptr<PythonPeer> server(const std::string& name,
                                                     const std::vector<std::string>& options = {}) const
    {
        std::vector<std::string> args{m_arrivals.string()};
        if (m_transport == Transport::webhook && (options.empty() || options[0].starts_with("--"))) {
            args.emplace_back("ok");
        }
        args.insert(args.end(), options.begin(), options.end());
        return std::make_unique<PythonPeer>(m_transport == Transport::email ? k_hostile_smtp : k_hostile_http,
                                            folder(name), args);
    }

    /// A copy of a store in which Ops is verified (made once per test: a
    /// notify run sends the code, `recipients verify` confirms it).
    std::string verified_store(const std::string& name)
    {
        if (m_base_store.empty()) {
            m_base_store = (m_dir.path() / "base" / "certgate.db").string();
            const auto peer = server("base");
            const auto coded = notify(m_base_store, peer->port(), {"--now", "2026-09-01"});
            EXPECT_EQ(coded.exit_code, 0) << coded.out << coded.err;
            const auto codes = take_arrivals();
            EXPECT_EQ(codes.size(), 1U);
            ProcessOptions options;
            options.stdin_text = (codes.empty() ? std::string() : code_in(codes[0].body)) + "\n";
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

    /// What arrived since the last call, in order.
    std::vector<Arrival> take_arrivals()
    {
        std::vector<Arrival> arrivals;
        if (m_transport == Transport::email) {
            for (const auto& message : take_files(m_arrivals, ".eml")) {
                auto sender = header(message, "X-Envelope-From"); // "<address> SIZE=…"
                sender = sender.substr(1, sender.find('>') - 1);
                arrivals.push_back({header(message, "Message-ID"), sender, header(message, "Subject"),
                                    header(message, "X-TLS"), "", "", "", message});
            }
            return arrivals;
        }
        for (const auto& request : take_files(m_arrivals, ".req")) {
            const auto path_start = request.find(' ') + 1;
            const auto path = request.substr(path_start, request.find(' ', path_start) - path_start);
            const auto body = request.substr(request.find("\r\n\r\n") + 4);
            const auto payload = json::parse(body, nullptr, false);
            arrivals.push_back({header_of(request, "webhook-id"), path.starts_with("/hook/") ? path.substr(6) : path,
                                payload.is_object() ? payload.value("subject", "") : "", "",
                                header_of(request, "Idempotency-Key"), header_of(request, "webhook-timestamp"),
                                header_of(request, "webhook-signature"), body});
        }
        return arrivals;
    }

    /// The store's row for certificate `index`'s 1w message to Ops.
    store::Delivery delivery(const std::string& store_path, int index = 0) const
    {
        auto opened = store::open_store(store_path, store::OpenMode::read_only);
        if (!opened) {
            ADD_FAILURE() << opened.error().describe();
            return {};
        }
        auto found = opened->find_delivery({m_certificate_ids[static_cast<std::size_t>(index)], "1w", m_recipient,
                                            m_transport == Transport::email ? Channel::email : Channel::sms});
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
        return outcome + (m_transport == Transport::email ? " email" : " sms") + " 1w web" + std::to_string(index) +
               ".example.com (2026-12-04) to " +
               (m_transport == Transport::email ? "ops@example.com" : "+8613800138000") + " (" + m_recipient + ")";
    }

    /// The subject of certificate `index`'s 1w message.
    static std::string subject(int index = 0)
    {
        return "web" + std::to_string(index) + ".example.com expires in 7 days (2026-12-11)";
    }

    Transport m_transport;
    TempDir m_dir;
    std::filesystem::path m_arrivals = m_dir.path() / "arrivals";
    std::string m_declarations;
    std::string m_base_store;
    std::string m_recipient = m_transport == Transport::email ? app::recipient_id({"ops@example.com", ""})
                                                              : app::recipient_id({"", "+8613800138000"});
    std::vector<std::string> m_certificate_ids;

private:
    /// The value of header `name` in an HTTP request (names are matched
    /// as hostile_http.py logs them, as sent).
    static std::string header_of(const std::string& request, const std::string& name)
    {
        const auto head = request.substr(0, request.find("\r\n\r\n") + 2);
        std::string lower_head = head;
        std::string lower_name = name + ": ";
        std::transform(lower_head.begin(), lower_head.end(), lower_head.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        std::transform(lower_name.begin(), lower_name.end(), lower_name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const auto start = lower_head.find("\r\n" + lower_name);
        if (start == std::string::npos) {
            return {};
        }
        const auto value = start + 2 + lower_name.size();
        return head.substr(value, head.find("\r\n", value) - value);
    }
};

} // namespace certgate::testing
