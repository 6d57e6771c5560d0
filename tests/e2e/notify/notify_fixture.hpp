#pragma once
// The notify end-to-end fixture: a real SMTP server (python3-aiosmtpd) and a
// real webhook receiver (cpp-httplib) on loopback, a real store, real
// certificates declared through certgate-external, and helpers to run and
// spawn certgate notify. Shared by every test file of e2e_notify.

#include "certgate/adapters/delivery/webhook.hpp"
#include "certgate/app/external_recipient.hpp"

#include "support/certificates.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/terraform_state.hpp"
#include "support/webhook_receiver.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

namespace certgate::testing {

using nlohmann::json;

inline pid_t spawn(const std::vector<std::string>& argv, const std::string& out_file = "/dev/null")
{
    std::vector<char*> args;
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, (out_file == "/dev/null" ? out_file : out_file + ".err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        throw std::runtime_error("cannot start " + argv[0]);
    }
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

inline int wait_for(pid_t pid)
{
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// python3-aiosmtpd on 127.0.0.1, writing each message to a folder.
class SmtpSink {
public:
    explicit SmtpSink(const std::filesystem::path& folder, const std::vector<std::string>& options = {})
        : m_folder(folder / "mail")
    {
        std::filesystem::create_directories(m_folder);
        const auto port_file = (folder / "smtp.port").string();
        std::vector<std::string> argv{"/usr/bin/python3", source_path("tests/e2e/notify/smtp_sink.py"), port_file,
                                      m_folder.string()};
        argv.insert(argv.end(), options.begin(), options.end());
        m_pid = spawn(argv);
        for (int i = 0; i < 200 && !std::filesystem::exists(port_file); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds{50});
        }
        m_port = TempDir::read(port_file);
        if (m_port.empty()) {
            throw std::runtime_error("the SMTP sink did not start");
        }
    }
    ~SmtpSink()
    {
        kill(m_pid, SIGTERM);
        wait_for(m_pid);
    }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    [[nodiscard]] const std::string& port() const { return m_port; }

    /// Messages not yet taken, oldest first.
    std::vector<std::string> take()
    {
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(m_folder)) {
            if (entry.path().extension() == ".eml") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        std::vector<std::string> messages;
        for (const auto& file : files) {
            messages.push_back(TempDir::read(file));
            std::filesystem::remove(file);
        }
        return messages;
    }

    /// The RCPT TO addresses the server was asked for since the last call,
    /// accepted or refused, in order.
    std::vector<std::string> take_recipients()
    {
        const auto log = m_folder / "rcpt.log";
        std::vector<std::string> addresses;
        if (std::filesystem::exists(log)) {
            std::istringstream lines(TempDir::read(log));
            for (std::string line; std::getline(lines, line);) {
                addresses.push_back(line);
            }
            std::filesystem::remove(log);
        }
        return addresses;
    }

private:
    std::filesystem::path m_folder;
    pid_t m_pid = 0;
    std::string m_port;
};

inline std::string header(const std::string& message, const std::string& name)
{
    const auto start = message.find("\n" + name + ": ");
    const auto at_start = message.rfind(name + ": ", 0) == 0;
    if (start == std::string::npos && !at_start) {
        return {};
    }
    const auto value = at_start ? name.size() + 2 : start + name.size() + 3;
    return message.substr(value, message.find('\r', value) - value);
}

inline std::string code_in(const std::string& text)
{
    std::smatch match;
    if (std::regex_search(text, match, std::regex("verification code is ([0-9]{8})"))) {
        return match[1];
    }
    return {};
}

using Receiver = WebhookReceiver;

struct Declared {
    std::string id;
    std::string name;
};

inline const std::string k_secret = "webhook-secret";

class Notify : public ::testing::Test {
protected:
    Notify()
        : m_smtp(std::make_unique<SmtpSink>(m_dir.path())), m_store((m_dir.path() / "state" / "certgate.db").string())
    {
        ::signal(SIGPIPE, SIG_IGN);
        m_smtp_port = m_smtp->port();
        m_ops_id = app::recipient_id({"ops@example.com", "+8613800138000"});
        m_dev_id = app::recipient_id({"dev@example.com", ""});
    }

    /// A certificate declared through certgate-external, expiring 2026-12-11T12:00:00Z.
    json certificate(const std::string& name, const std::string& status, const std::string& toggle,
                     const std::string& not_after = "2026-12-11T12:00:00Z")
    {
        CertificateSpec spec;
        spec.common_name = name;
        spec.dns_names = {name};
        spec.not_before = "2026-01-01T00:00:00Z";
        spec.not_after = not_after;
        spec.serial = static_cast<long>(m_ids.size()) + 1;
        const auto made = make_certificate(spec);
        m_ids[name] = made.fingerprint_sha256();
        json query = {{"certificate", made.pem()}, {"name", name}, {"status", status}};
        if (!toggle.empty()) {
            query["expiration_notification"] = toggle;
        }
        json result = {{"id", made.fingerprint_sha256()},
                       {"name", name},
                       {"status", status},
                       {"not_before", "2026-01-01T00:00:00Z"},
                       {"not_after", not_after},
                       {"expiration_notification", toggle.empty() ? "true" : toggle}};
        return external_data_source(name, "certificate", query, result);
    }

    json recipients()
    {
        return json::array(
            {external_data_source("ops", "recipient",
                                  {{"name", "Ops"}, {"email", "ops@example.com"}, {"mobile", "+86 138 0013 8000"}},
                                  {{"id", m_ops_id},
                                   {"name", "Ops"},
                                   {"email", "ops@example.com"},
                                   {"mobile", "+8613800138000"},
                                   {"channels", R"(["email","sms"])"},
                                   {"categories", R"(["certificate-expiration"])"},
                                   {"verification", ""}}),
             external_data_source("dev", "recipient", {{"name", "Dev"}, {"email", "dev@example.com"}},
                                  {{"id", m_dev_id},
                                   {"name", "Dev"},
                                   {"email", "dev@example.com"},
                                   {"mobile", ""},
                                   {"channels", R"(["email"])"},
                                   {"categories", R"(["certificate-expiration"])"},
                                   {"verification", ""}})});
    }

    std::string write_state(const json& resources)
    {
        return m_dir.write("state.json", terraform_state({resources.begin(), resources.end()}));
    }

    std::vector<std::string> notify_args(const std::string& now, const std::string& state)
    {
        return {"notify",
                "--state",
                state,
                "--store",
                m_store,
                "--now",
                now,
                "--smtp-host",
                "127.0.0.1",
                "--smtp-port",
                m_smtp_port,
                "--smtp-tls",
                "none",
                "--smtp-from",
                "certgate@example.com",
                "--webhook-url",
                m_hook.url(),
                "--webhook-allow-http",
                "--attempts",
                "2",
                "--backoff",
                "10",
                "--smtp-timeout",
                "3000",
                "--webhook-timeout",
                "3000"};
    }

    /// `args` with `extra` flags: an extra "--flag value" replaces the value
    /// of a "--flag" already there, anything else is appended.
    static std::vector<std::string> with_flags(std::vector<std::string> args, const std::vector<std::string>& extra)
    {
        for (std::size_t i = 0; i < extra.size(); ++i) {
            const bool has_value = i + 1 < extra.size() && !extra[i + 1].starts_with("--");
            const auto found = std::find(args.begin(), args.end(), extra[i]);
            if (has_value && found != args.end() && found + 1 != args.end()) {
                *(found + 1) = extra[i + 1];
            } else {
                args.push_back(extra[i]);
                if (has_value) {
                    args.push_back(extra[i + 1]);
                }
            }
            i += has_value ? 1 : 0;
        }
        return args;
    }

    ProcessResult notify(const std::string& now, const std::string& state, std::vector<std::string> extra = {})
    {
        auto args = with_flags(notify_args(now, state), extra);
        ProcessOptions options;
        options.environment["CERTGATE_WEBHOOK_SECRET"] = k_secret;
        options.unset_environment = {"CERTGATE_STORE", "CERTGATE_NOW", "CERTGATE_SMTP_HOST", "CERTGATE_WEBHOOK_URL"};
        return run_certgate(args, options);
    }

    /// Runs `certgate recipients verify ID` with the code on stdin.
    ProcessResult verify(const std::string& id, const std::string& code)
    {
        ProcessOptions options;
        options.stdin_text = code + "\n";
        options.unset_environment = {"CERTGATE_STORE"};
        return run_certgate({"recipients", "verify", id, "--store", m_store}, options);
    }

    /// Runs notify on `day`, verifies Ops with the code it was sent.
    void verify_ops(const std::string& day, const std::string& state)
    {
        const auto first = notify(day, state);
        ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
        std::string code;
        for (const auto& message : m_smtp->take()) {
            if (header(message, "X-Envelope-To") == "ops@example.com") {
                code = code_in(message);
            }
        }
        m_hook.take();
        ASSERT_EQ(code.size(), 8U);
        const auto verified = verify(m_ops_id, code);
        ASSERT_EQ(verified.exit_code, 0) << verified.err;
        EXPECT_EQ(verified.out, "verified " + m_ops_id + "\n");
    }

    /// A state of the two recipients and `count` uploaded certificates
    /// web0.example.com …, with Ops verified and the webhook secret in this
    /// process's environment (for the notify processes a test spawns).
    std::string verified_state_with_certificates(int count)
    {
        json resources = recipients();
        for (int i = 0; i < count; ++i) {
            resources.push_back(certificate("web" + std::to_string(i) + ".example.com", "uploaded", ""));
        }
        const auto state = write_state(resources);
        verify_ops("2026-09-01", state);
        ::setenv("CERTGATE_WEBHOOK_SECRET", k_secret.c_str(), 1);
        return state;
    }

    /// Runs notify on `day` and expects exactly one email, to `to`, with
    /// `subject`; then a run on `next` sends no more email.
    void expect_one_mail_then_none(const std::string& day, const std::string& next, const std::string& state,
                                   const std::string& to, const std::string& subject)
    {
        const auto run = notify(day, state);
        EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
        const auto mails = m_smtp->take();
        ASSERT_EQ(mails.size(), 1U);
        EXPECT_EQ(header(mails[0], "X-Envelope-To"), to);
        EXPECT_EQ(header(mails[0], "Subject"), subject);
        const auto again = notify(next, state);
        EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
        EXPECT_TRUE(m_smtp->take().empty());
    }

    TempDir m_dir;
    std::unique_ptr<SmtpSink> m_smtp;
    Receiver m_hook;
    std::string m_store;
    std::string m_smtp_port;
    std::string m_ops_id;
    std::string m_dev_id;
    std::map<std::string, std::string> m_ids;
};

inline std::string next_day(const std::string& day)
{
    return format_date(on(day) + std::chrono::days{1});
}

} // namespace certgate::testing
