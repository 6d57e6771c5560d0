// A fault at each SMTP stage (tests/e2e/delivery/hostile_smtp.py on loopback),
// in clear text and over STARTTLS with TLS required: a reset or a stall past
// the deadline is recorded as a temporary failure with its reason and the
// next run delivers the message exactly once; a stall never holds a run past
// its deadline. A fault at QUIT comes after the server accepted the message,
// so the message counts as sent and is not sent again. A server that does not
// offer STARTTLS when TLS is required gets nothing in clear text.

#include "faults_fixture.hpp"

#include "support/certificates.hpp"

#include <chrono>
#include <regex>

namespace certgate::testing {
namespace {

const std::vector<std::string> k_stages{"greeting", "ehlo", "mail", "rcpt", "data", "message", "quit"};
/// The stages of a STARTTLS session the clear-text run does not have, and
/// the first after it (MAIL is refused before TLS).
const std::vector<std::string> k_tls_stages{"starttls", "handshake", "tls-ehlo", "mail"};

/// What a failure at `stage` names as the stage it happened in.
std::string shown_stage(const std::string& stage)
{
    if (stage == "starttls" || stage == "handshake") {
        return "STARTTLS"; // the handshake follows the STARTTLS reply
    }
    if (stage == "tls-ehlo") {
        return "EHLO";
    }
    return stage == "mail" ? "MAIL FROM" : stage;
}

class Stages : public Faults {
protected:
    /// Arguments for the server and for notify to speak STARTTLS with TLS
    /// required, trusting the server's certificate (made once per test).
    std::vector<std::string> tls_server_args()
    {
        tls_files();
        return {"--tls", m_cert, m_key};
    }
    std::vector<std::string> tls_client_args()
    {
        tls_files();
        return {"--smtp-tls", "starttls", "--smtp-ca-file", m_cert};
    }

    /// Runs notify against a server that does `fault` at `stage` (only for
    /// that run), checks what it recorded, then reruns against the same
    /// server behaving and checks the message arrived exactly once in all.
    void fault_then_rerun(const std::string& fault, const std::string& stage, bool tls)
    {
        SCOPED_TRACE(fault + " at " + stage + (tls ? " (STARTTLS)" : ""));
        const std::string name = fault + "-" + stage + (tls ? "-tls" : "");
        const auto store = verified_store(name);
        const auto faulty = m_dir.write("faulty-" + name, "");
        std::vector<std::string> server_args{m_arrivals.string(), "--" + fault, stage, "--while-exists", faulty};
        std::vector<std::string> client{"--attempts", "1", "--smtp-timeout", "1500"};
        if (tls) {
            const auto server_tls = tls_server_args();
            server_args.insert(server_args.end(), server_tls.begin(), server_tls.end());
            const auto client_tls = tls_client_args();
            client.insert(client.end(), client_tls.begin(), client_tls.end());
        }
        PythonPeer smtp(k_hostile_smtp, folder(name), server_args);
        const auto start = std::chrono::steady_clock::now();
        const auto run = notify(store, smtp.port(), client);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        // A hang check, not a timing test: the deadline is 1.5 s.
        EXPECT_LT(elapsed, std::chrono::seconds{8}) << run.out;
        std::filesystem::remove(faulty);
        const auto accepted = take_arrivals();
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
            const std::string during = tls ? " \\(during " + shown_stage(stage) + "\\)" : ".*";
            // A reset of the greeting may already fail the connect on a loaded
            // machine; a reset in the handshake is seen by OpenSSL.
            const std::regex expected(fault == "stall" ? "no complete exchange within 1500 ms \\(timed out\\)" + during
                                      : stage == "handshake" ? "TLS handshake failed" + during
                                                             : "(cannot connect|the connection was closed or reset) "
                                                               "\\((connection reset by peer|broken pipe)\\)" +
                                                                   during);
            EXPECT_TRUE(std::regex_match(reason, expected)) << reason;
            EXPECT_EQ(run.err, "certgate: error: notify: 1 delivery failed; recorded and retried on the next run\n");
            EXPECT_TRUE(accepted.empty());
            EXPECT_EQ(row.state, store::DeliveryState::failed);
            EXPECT_EQ(row.last_error, "smtp://127.0.0.1:" + smtp.port() + ": " + reason);
        }
        const auto rerun = notify(store, smtp.port(), tls ? tls_client_args() : std::vector<std::string>{});
        EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
        const auto resent = take_arrivals();
        if (stage == "quit") {
            EXPECT_EQ(rerun.out, "");
            EXPECT_TRUE(resent.empty());
        } else {
            EXPECT_EQ(rerun.out, event_line("sent") + ": \"web0.example.com expires in 7 days (2026-12-11)\"\n");
            ASSERT_EQ(resent.size(), 1U);
            EXPECT_EQ(resent[0].subject, "web0.example.com expires in 7 days (2026-12-11)");
            EXPECT_EQ(resent[0].tls, tls ? "yes" : "");
        }
        EXPECT_EQ(delivery(store).state, store::DeliveryState::sent);
        const auto third = notify(store, smtp.port(), tls ? tls_client_args() : std::vector<std::string>{});
        EXPECT_EQ(third.exit_code, 0) << third.out << third.err;
        EXPECT_EQ(third.out, "");
        EXPECT_TRUE(take_arrivals().empty());
    }

private:
    void tls_files()
    {
        if (!m_cert.empty()) {
            return;
        }
        CertificateSpec spec;
        spec.common_name = "127.0.0.1";
        spec.ip_addresses = {"127.0.0.1"};
        spec.not_before = "2026-01-01T00:00:00Z";
        spec.not_after = "2036-01-01T00:00:00Z";
        const auto server = make_certificate(spec);
        m_cert = m_dir.write("tls/server.pem", server.pem());
        m_key = m_dir.write("tls/server.key", server.private_key_pem());
    }

    std::string m_cert;
    std::string m_key;
};

TEST_F(Stages, AResetAtEachStageIsRecordedFailedAndTheNextRunDeliversItOnce)
{
    for (const auto& stage : k_stages) {
        fault_then_rerun("reset", stage, false);
    }
}

TEST_F(Stages, AStallAtEachStageEndsByTheDeadlineAndTheNextRunDeliversItOnce)
{
    for (const auto& stage : k_stages) {
        fault_then_rerun("stall", stage, false);
    }
}

TEST_F(Stages, AResetAtEachStartTlsStageIsRecordedFailedAndTheNextRunDeliversItOnceOverTls)
{
    for (const auto& stage : k_tls_stages) {
        fault_then_rerun("reset", stage, true);
    }
}

TEST_F(Stages, AStallAtEachStartTlsStageEndsByTheDeadlineAndTheNextRunDeliversItOnceOverTls)
{
    for (const auto& stage : k_tls_stages) {
        fault_then_rerun("stall", stage, true);
    }
}

TEST_F(Stages, AServerWithoutStartTlsGetsNothingInClearTextWhenTlsIsRequired)
{
    const auto store = verified_store("no-starttls");
    const auto log = folder("no-starttls");
    PythonPeer smtp(k_hostile_smtp, log, {m_arrivals.string()}); // no --tls: STARTTLS is not offered
    std::filesystem::remove(m_arrivals / "commands.log");        // the verifying run's commands
    auto client = tls_client_args();
    client.insert(client.end(), {"--attempts", "1"});
    const auto run = notify(store, smtp.port(), client);
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_EQ(run.out, event_line("failed") + ": smtp://127.0.0.1:" + smtp.port() +
                           ": does not offer STARTTLS, which --smtp-tls starttls requires (use implicit, or none "
                           "for a relay on a trusted network)\n");
    EXPECT_EQ(run.err, "certgate: error: notify: 1 delivery failed; recorded and retried on the next run\n");
    EXPECT_TRUE(take_arrivals().empty());
    EXPECT_EQ(delivery(store).state, store::DeliveryState::failed);
    // The dialogue stopped after EHLO: no AUTH, MAIL or message in clear text.
    const auto commands = TempDir::read(m_arrivals / "commands.log");
    EXPECT_EQ(commands.find("MAIL"), std::string::npos) << commands;
    EXPECT_EQ(commands.find("AUTH"), std::string::npos) << commands;
    EXPECT_EQ(commands.find("DATA"), std::string::npos) << commands;
    EXPECT_NE(commands.find("EHLO\n"), std::string::npos) << commands;
}

} // namespace
} // namespace certgate::testing
