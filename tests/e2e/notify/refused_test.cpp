// A delivery the server refuses for good (SMTP 550 to RCPT TO) is recorded
// `refused` and never retried by a later run, shown by status, and due again
// once the recipient is reset and verified again. A verification code refused
// for good is not sent again until the contact changes or the recipient is
// reset. Real aiosmtpd on loopback.

#include "notify_fixture.hpp"

namespace certgate::testing {
namespace {

class Refused : public Notify {
protected:
    /// Runs notify on `day` and verifies every recipient that got a code.
    void verify_everyone(const std::string& day, const std::string& state)
    {
        const auto first = notify(day, state);
        ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
        m_hook.take();
        std::size_t verified = 0;
        for (const auto& message : m_smtp->take()) {
            const auto to = header(message, "X-Envelope-To");
            const auto done = verify(to == "ops@example.com" ? m_ops_id : m_dev_id, code_in(message));
            ASSERT_EQ(done.exit_code, 0) << done.err;
            ++verified;
        }
        m_smtp->take_recipients();
        ASSERT_EQ(verified, 2U);
    }

    /// Replaces the SMTP server by one started with `options`.
    void restart_smtp(const std::string& name, const std::vector<std::string>& options)
    {
        m_smtp.reset();
        m_smtp = std::make_unique<SmtpSink>(m_dir.path() / name, options);
        m_smtp_port = m_smtp->port();
    }
};

TEST_F(Refused, ARecipientRefusedWithA550IsNotRetriedUntilItIsResetAndVerifiedAgain)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "issued", "true"));
    const auto state = write_state(resources);
    verify_everyone("2026-09-01", state);
    restart_smtp("refusing", {"--refuse-rcpt", "dev@example.com"});
    const std::string reason =
        "smtp://127.0.0.1:" + m_smtp_port + ": permanently refused RCPT TO: 550 5.1.1 no such user";

    const auto first = notify("2026-12-04", state);
    EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
    EXPECT_NE(first.out.find("refused email 1w web.example.com (2026-12-04) to dev@example.com (" + m_dev_id +
                             "): " + reason + "; not retried\n"),
              std::string::npos)
        << first.out;
    EXPECT_NE(first.out.find("sent email 1w web.example.com (2026-12-04) to ops@example.com (" + m_ops_id + ")"),
              std::string::npos)
        << first.out;
    EXPECT_EQ(first.err, "certgate: error: notify: 1 delivery refused for good; recorded and not retried until "
                         "\"certgate recipients reset ID\"\n");
    // One try only: a refusal does not get better by waiting.
    EXPECT_EQ(m_smtp->take_recipients(), (std::vector<std::string>{"ops@example.com", "dev@example.com"}));
    ASSERT_EQ(m_smtp->take().size(), 1U);
    EXPECT_EQ(m_hook.take().size(), 1U);

    // The next runs send nothing to it, say why, and exit 0.
    const std::string note = "note: email 1w web.example.com (2026-12-04) to dev@example.com (" + m_dev_id +
                             ") was refused for good and is not retried: " + reason +
                             "; once the recipient is fixed, run \"certgate recipients reset " + m_dev_id +
                             "\" (it verifies again, then gets this message)\n";
    for (const std::string day : {"2026-12-05", "2026-12-06"}) {
        const auto later = notify(day, state);
        EXPECT_EQ(later.exit_code, 0) << later.out << later.err;
        EXPECT_EQ(later.out, note);
        EXPECT_EQ(later.err, "");
        EXPECT_TRUE(m_smtp->take_recipients().empty());
        EXPECT_TRUE(m_smtp->take().empty());
        EXPECT_TRUE(m_hook.take().empty());
    }
    const auto dry = notify("2026-12-06", state, {"--dry-run"});
    EXPECT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_EQ(dry.out, note);

    // status shows it, with its reason.
    ProcessOptions options;
    options.unset_environment = {"CERTGATE_STORE"};
    const auto status = run_certgate({"status", "--state", state, "--store", m_store, "--now", "2026-12-06"}, options);
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_NE(status.out.find("\n  refused email 1w (2026-12-04) to " + m_dev_id + ": " + reason +
                              "; not retried until \"certgate recipients reset " + m_dev_id + "\"\n"),
              std::string::npos)
        << status.out;
    const auto status_json = run_certgate(
        {"status", "--state", state, "--store", m_store, "--now", "2026-12-06", "--format", "json"}, options);
    ASSERT_EQ(status_json.exit_code, 0) << status_json.err;
    EXPECT_EQ(json::parse(status_json.out)["certificates"][0]["refused"],
              json::parse(R"([{"milestone":"1w","milestone_date":"2026-12-04","recipient":")" + m_dev_id +
                          R"(","channel":"email","reason":")" + reason + R"("}])"));

    // Reset: a new code (the address works again), and once verified the
    // refused message goes out, once.
    const auto reset = run_certgate({"recipients", "reset", m_dev_id, "--store", m_store}, options);
    ASSERT_EQ(reset.exit_code, 0) << reset.err;
    EXPECT_EQ(reset.out, "reset " + m_dev_id +
                             "; the next certgate notify run sends a new code, and the messages it refused are sent "
                             "again once it has verified\n");
    restart_smtp("fixed", {});
    const auto code_run = notify("2026-12-06", state);
    EXPECT_EQ(code_run.exit_code, 0) << code_run.out << code_run.err;
    const auto codes = m_smtp->take();
    ASSERT_EQ(codes.size(), 1U);
    EXPECT_EQ(header(codes[0], "X-Envelope-To"), "dev@example.com");
    ASSERT_EQ(verify(m_dev_id, code_in(codes[0])).exit_code, 0);
    expect_one_mail_then_none("2026-12-06", "2026-12-06", state, "dev@example.com",
                              "web.example.com expires in 5 days (2026-12-11)");
}

TEST_F(Refused, ATemporaryRefusalIsRetriedByTheNextRun)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "issued", "true"));
    const auto state = write_state(resources);
    verify_everyone("2026-09-01", state);
    m_hook.m_status = 503;
    const auto first = notify("2026-12-04", state);
    EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
    EXPECT_NE(first.out.find("failed sms 1w web.example.com (2026-12-04) to +8613800138000 (" + m_ops_id +
                             "): " + m_hook.origin() + ": answered HTTP 503, expected 2xx (2 attempts)\n"),
              std::string::npos)
        << first.out;
    EXPECT_EQ(first.err, "certgate: error: notify: 1 delivery failed; recorded and retried on the next run\n");
    m_hook.take();
    m_smtp->take();
    m_hook.m_status = 200;
    const auto second = notify("2026-12-05", state);
    EXPECT_EQ(second.exit_code, 0) << second.out << second.err;
    EXPECT_EQ(m_hook.take().size(), 1U);
    EXPECT_TRUE(m_smtp->take().empty());
}

TEST_F(Refused, ARefusedVerificationCodeIsNotRetriedUntilTheContactChangesOrItIsReset)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "issued", "true"));
    const auto state = write_state(resources);
    restart_smtp("refusing", {"--refuse-rcpt", "dev@example.com"});
    const std::string reason =
        "smtp://127.0.0.1:" + m_smtp_port + ": permanently refused RCPT TO: 550 5.1.1 no such user";

    // The run that is refused says so, records it and exits 1.
    const auto first = notify("2026-09-01", state);
    EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
    EXPECT_NE(first.out.find("refused email verification code to dev@example.com (" + m_dev_id + "): " + reason +
                             "; not retried\n"),
              std::string::npos)
        << first.out;
    EXPECT_EQ(first.err, "certgate: error: notify: 1 delivery refused for good; recorded and not retried until "
                         "\"certgate recipients reset ID\"\n");
    EXPECT_EQ(m_smtp->take_recipients(), (std::vector<std::string>{"ops@example.com", "dev@example.com"}));
    ASSERT_EQ(m_smtp->take().size(), 1U); // Ops' code
    m_hook.take();

    // Later runs (and --dry-run) send it no new code, say why, and exit 0.
    const std::string note = "note: email verification code to dev@example.com (" + m_dev_id +
                             ") was refused for good and is not retried: " + reason +
                             "; fix the contact in the declarations (a changed contact gets a new code) or, once it "
                             "works again, run \"certgate recipients reset " +
                             m_dev_id + "\"\n";
    for (const auto& extra : {std::vector<std::string>{}, std::vector<std::string>{"--dry-run"}}) {
        const auto later = notify("2026-09-02", state, extra);
        EXPECT_EQ(later.exit_code, 0) << later.out << later.err;
        EXPECT_NE(later.out.find(note), std::string::npos) << later.out;
        EXPECT_EQ(later.err, "");
        EXPECT_TRUE(m_smtp->take_recipients().empty());
    }
    ProcessOptions options;
    options.unset_environment = {"CERTGATE_STORE"};
    const auto listed = run_certgate({"recipients", "list", "--state", state, "--store", m_store}, options);
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find("  pending (code refused for good by email: " + reason +
                              "; fix the contact, or \"certgate recipients reset\" sends a new one)\n"),
              std::string::npos)
        << listed.out;

    // A changed contact is a new verification: its code goes out.
    resources[1]["values"]["result"]["email"] = "dev2@example.com";
    const auto to_new = notify("2026-09-02", write_state(resources));
    EXPECT_EQ(to_new.exit_code, 0) << to_new.out << to_new.err;
    EXPECT_EQ(m_smtp->take_recipients(), (std::vector<std::string>{"dev2@example.com"}));
    EXPECT_EQ(m_smtp->take().size(), 1U);
    // Back to the refused address: still refused, no code.
    resources[1]["values"]["result"]["email"] = "dev@example.com";
    ASSERT_EQ(write_state(resources), state);
    const auto back = notify("2026-09-02", state);
    EXPECT_EQ(back.exit_code, 0) << back.out << back.err;
    EXPECT_NE(back.out.find(note), std::string::npos) << back.out;
    EXPECT_TRUE(m_smtp->take_recipients().empty());

    // Reset frees it: once the address works, the next run sends a new code.
    const auto reset = run_certgate({"recipients", "reset", m_dev_id, "--store", m_store}, options);
    ASSERT_EQ(reset.exit_code, 0) << reset.err;
    restart_smtp("fixed", {});
    const auto code_run = notify("2026-09-02", state);
    EXPECT_EQ(code_run.exit_code, 0) << code_run.out << code_run.err;
    const auto codes = m_smtp->take();
    ASSERT_EQ(codes.size(), 1U);
    EXPECT_EQ(header(codes[0], "X-Envelope-To"), "dev@example.com");
    EXPECT_EQ(verify(m_dev_id, code_in(codes[0])).exit_code, 0);
}

} // namespace
} // namespace certgate::testing
