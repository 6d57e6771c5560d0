// certgate notify's delivery against hostile and strict peers on loopback:
// an SMTP server that enforces the 998-octet line limit and can drip, stall,
// reset or refuse at each stage (tests/e2e/delivery/hostile_smtp.py), and a
// webhook receiver that can stall, drip, answer 500, send a gzip bomb or an
// endless body (hostile_http.py). Every exchange must end by its deadline,
// read a bounded answer and say exactly what happened.

#include "certgate/adapters/delivery/webhook.hpp"
#include "certgate/app/external_recipient.hpp"

#include "support/certificates.hpp"
#include "support/mime_message.hpp"
#include "support/process.hpp"
#include "support/python_peer.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>

namespace certgate::testing {
namespace {

const std::string k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

class Delivery : public ::testing::Test {
protected:
    Delivery()
    {
        std::filesystem::create_directories(m_mail);
        std::filesystem::create_directories(m_requests);
    }

    /// A declarations file with one recipient; notify sends it a code.
    std::string declarations(const std::string& name, const std::string& email, const std::string& mobile,
                             const std::string& channel)
    {
        std::string recipient = R"({"name": ")" + name + R"(", "channels": [")" + channel + R"("])";
        if (!email.empty()) {
            recipient += R"(, "email": ")" + email + "\"";
        }
        if (!mobile.empty()) {
            recipient += R"(, "mobile": ")" + mobile + "\"";
        }
        m_recipient = app::recipient_id({email, mobile});
        return m_dir.write("declarations.json", R"({"certificates": [], "recipients": [)" + recipient + "}]}");
    }

    ProcessResult notify(const std::vector<std::string>& extra, std::map<std::string, std::string> environment = {})
    {
        std::vector<std::string> args{
            "notify", "--declarations", m_declarations, "--store", (m_dir.path() / "certgate.db").string(),
            "--now",  "2026-12-01",     "--attempts",   "1"};
        args.insert(args.end(), extra.begin(), extra.end());
        ProcessOptions options;
        options.environment = std::move(environment);
        options.unset_environment = {"CERTGATE_STORE",       "CERTGATE_NOW",       "CERTGATE_SMTP_HOST",
                                     "CERTGATE_WEBHOOK_URL", "CERTGATE_SMTP_USER", "CERTGATE_WEBHOOK_SECRET"};
        options.timeout = std::chrono::milliseconds{60000};
        return run_certgate(args, options);
    }

    /// notify with email to `port`, timing the run.
    ProcessResult mail(const std::string& port, std::vector<std::string> extra = {})
    {
        m_declarations = declarations("Ops", "ops@example.com", "", "email");
        std::vector<std::string> args{"--smtp-host", "127.0.0.1", "--smtp-port", port,
                                      "--smtp-tls",  "none",      "--smtp-from", "certgate@example.com"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto start = std::chrono::steady_clock::now();
        auto result = notify(args);
        m_elapsed = std::chrono::steady_clock::now() - start;
        return result;
    }

    ProcessResult hook(const std::string& url, std::vector<std::string> extra = {})
    {
        m_declarations = declarations("Ops", "", "+8613800138000", "sms");
        std::vector<std::string> args{"--webhook-url", url};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto start = std::chrono::steady_clock::now();
        auto result = notify(args, {{"CERTGATE_WEBHOOK_SECRET", k_secret}});
        m_elapsed = std::chrono::steady_clock::now() - start;
        return result;
    }

    std::string smtp_failure(const std::string& port, const std::string& why) const
    {
        return "failed email verification code to ops@example.com (" + m_recipient + "): smtp://127.0.0.1:" + port +
               ": " + why + "\n";
    }
    std::string sms_failure(const std::string& port, const std::string& why) const
    {
        return "failed sms verification code to +8613800138000 (" + m_recipient + "): http://127.0.0.1:" + port + ": " +
               why + "\n";
    }
    static std::string failed_once()
    {
        return "certgate: error: notify: 1 delivery failed; recorded and retried on the next run\n";
    }
    static std::string refused_once()
    {
        return "certgate: error: notify: 1 delivery refused for good; recorded and not retried until \"certgate "
               "recipients reset ID\"\n";
    }
    double seconds() const { return std::chrono::duration<double>(m_elapsed).count(); }

    TempDir m_dir;
    std::filesystem::path m_mail = m_dir.path() / "mail";
    std::filesystem::path m_requests = m_dir.path() / "requests";
    std::string m_declarations;
    std::string m_recipient;
    std::chrono::steady_clock::duration m_elapsed{};
};

// --- SMTP -----------------------------------------------------------------

TEST_F(Delivery, MailKeepsEveryLineWithin998OctetsForAStrictServer)
{
    PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", m_dir.path(), {m_mail.string()});
    // A recipient name of 2000 characters ends up in the subject and the body.
    const std::string long_name(2000, 'n');
    m_declarations = declarations(long_name, "ops@example.com", "", "email");
    const auto run = notify({"--smtp-host", "127.0.0.1", "--smtp-port", smtp.port(), "--smtp-tls", "none",
                             "--smtp-from", "certgate@example.com"});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(run.out, "sent email verification code to ops@example.com (" + m_recipient + ")\n");
    EXPECT_EQ(run.err, "");
    const auto mails = take_files(m_mail, ".eml");
    ASSERT_EQ(mails.size(), 1U);
    std::size_t longest = 0;
    for (std::size_t start = 0; start < mails[0].size();) {
        const auto end = mails[0].find("\r\n", start);
        longest = std::max(longest, (end == std::string::npos ? mails[0].size() : end) - start);
        start = end == std::string::npos ? mails[0].size() : end + 2;
    }
    EXPECT_LE(longest, 78U);
    const auto parsed = parse_mime(mails[0]);
    ASSERT_EQ(parsed.error, "");
    ASSERT_EQ(parsed.parts.size(), 2U);
    EXPECT_NE(parsed.parts[0].body.find("You (" + long_name + ") were added"), std::string::npos);
    EXPECT_EQ(parsed.header("Subject"), "certgate: confirm your contact details for certificate notifications");
}

TEST_F(Delivery, MailWithANonAsciiSubjectFoldsIntoEncodedWords)
{
    PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", m_dir.path(), {m_mail.string()});
    m_declarations = declarations("运维 团队 " + std::string(300, 'x'), "ops@example.com", "", "email");
    const auto run = notify({"--smtp-host", "127.0.0.1", "--smtp-port", smtp.port(), "--smtp-tls", "none",
                             "--smtp-from", "certgate@example.com"});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    const auto mails = take_files(m_mail, ".eml");
    ASSERT_EQ(mails.size(), 1U);
    const auto parsed = parse_mime(mails[0]);
    ASSERT_EQ(parsed.error, "");
    EXPECT_NE(parsed.parts[0].body.find("You (运维 团队 " + std::string(300, 'x') + ") were added"), std::string::npos);
    EXPECT_EQ(mails[0].find("8bit"), std::string::npos);
    for (const char c : mails[0]) {
        ASSERT_LT(static_cast<unsigned char>(c), 0x80U) << "8-bit byte in the message";
    }
}

TEST_F(Delivery, ControlCharactersInNamesCannotForgeOutputLines)
{
    PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", m_dir.path(), {m_mail.string()});
    // JSON escapes: the name holds ESC, CR and LF.
    m_declarations = declarations(R"(Ops\u001b[2J\r\nsent email 1w forged)", "ops@example.com", "", "email");
    const std::vector<std::string> args{"--smtp-host", "127.0.0.1", "--smtp-port", smtp.port(),
                                        "--smtp-tls",  "none",      "--smtp-from", "certgate@example.com"};
    const auto first = notify(args);
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    const auto mails = take_files(m_mail, ".eml");
    ASSERT_EQ(mails.size(), 1U);
    EXPECT_NE(parse_mime(mails[0]).parts[0].body.find("You (Ops\x1b[2J\nsent email 1w forged) were added"),
              std::string::npos);
    // The second run notes the unverified recipient by name: one line, escaped.
    const auto second = notify(args);
    ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
    EXPECT_EQ(second.out.rfind("note: recipient " + m_recipient +
                                   " (Ops\\x1b[2J\\x0d\\x0asent email 1w forged) is not "
                                   "verified",
                               0),
              0U)
        << second.out;
    EXPECT_EQ(std::count(second.out.begin(), second.out.end(), '\n'), 1);
    EXPECT_EQ(second.out.find('\r'), std::string::npos);
    EXPECT_EQ(second.out.find('\x1b'), std::string::npos);
}

TEST_F(Delivery, ADrippingSmtpServerIsCutOffByTheOverallDeadline)
{
    PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", m_dir.path(), {m_mail.string(), "--drip", "ehlo"});
    const auto run = mail(smtp.port(), {"--smtp-timeout", "2000"});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_EQ(run.out, smtp_failure(smtp.port(), "no complete exchange within 2000 ms (timed out) (during EHLO)"));
    EXPECT_EQ(run.err, failed_once());
    // The run also hashes the verification code (PBKDF2, a quarter of a second,
    // up to a second on a loaded machine) before it sends it.
    EXPECT_LT(seconds(), 5.0);
}

TEST_F(Delivery, AStallAtEachSmtpStageEndsByTheDeadline)
{
    for (const std::string stage : {"greeting", "ehlo", "mail", "rcpt", "data", "message"}) {
        TempDir dir;
        PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", dir.path(), {m_mail.string(), "--stall", stage});
        const auto run = mail(smtp.port(), {"--smtp-timeout", "1000"});
        const std::string shown = stage == "greeting" ? "the greeting"
                                  : stage == "ehlo"   ? "EHLO"
                                  : stage == "mail"   ? "MAIL FROM"
                                  : stage == "rcpt"   ? "RCPT TO"
                                  : stage == "data"   ? "DATA"
                                                      : "the message";
        EXPECT_EQ(run.exit_code, 1) << stage << run.out << run.err;
        EXPECT_EQ(run.out,
                  smtp_failure(smtp.port(), "no complete exchange within 1000 ms (timed out) (during " + shown + ")"))
            << stage;
        EXPECT_LT(seconds(), 4.0) << stage; // startup and the code's PBKDF2 hash included
    }
    EXPECT_TRUE(take_files(m_mail, ".eml").empty());
}

TEST_F(Delivery, AResetAtEachSmtpStageIsATemporaryFailure)
{
    const std::vector<std::pair<std::string, std::string>> stages{
        {"greeting", "(cannot connect|the connection was closed or reset) \\((connection reset by peer|broken "
                     "pipe)\\)( \\(during the greeting\\))?"},
        {"ehlo", "the connection was closed or reset \\((connection reset by peer|broken pipe)\\) \\(during EHLO\\)"},
        {"mail", "the connection was closed or reset \\((connection reset by peer|broken pipe)\\) \\(during MAIL "
                 "FROM\\)"},
        {"rcpt", "the connection was closed or reset \\((connection reset by peer|broken pipe)\\) \\(during RCPT "
                 "TO\\)"},
        {"data", "the connection was closed or reset \\((connection reset by peer|broken pipe)\\) \\(during DATA\\)"},
        {"message", "the connection was closed or reset \\((connection reset by peer|broken pipe)\\) \\(during the "
                    "message\\)"}};
    for (const auto& [stage, why] : stages) {
        TempDir dir;
        PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", dir.path(), {m_mail.string(), "--reset", stage});
        const auto run = mail(smtp.port());
        EXPECT_EQ(run.exit_code, 1) << stage << run.out << run.err;
        const std::string prefix = "failed email verification code to ops@example\\.com \\(" + m_recipient +
                                   "\\): smtp://127\\.0\\.0\\.1:" + smtp.port() + ": ";
        EXPECT_TRUE(std::regex_match(run.out, std::regex(prefix + why + "\n"))) << stage << ": " << run.out;
        EXPECT_EQ(run.err, failed_once()) << stage;
    }
    EXPECT_TRUE(take_files(m_mail, ".eml").empty());
}

TEST_F(Delivery, APermanentRefusalSaysSo)
{
    PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", m_dir.path(),
                    {m_mail.string(), "--refuse", "rcpt", "550 5.1.1 no such user"});
    const auto run = mail(smtp.port());
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    // Refused for good: recorded, and no new code goes out on later runs.
    EXPECT_EQ(run.out, "refused email verification code to ops@example.com (" + m_recipient + "): smtp://127.0.0.1:" +
                           smtp.port() + ": permanently refused RCPT TO: 550 5.1.1 no such user; not retried\n");
    EXPECT_EQ(run.err, refused_once());
}

TEST_F(Delivery, ATemporaryRefusalIsNotPermanent)
{
    PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", m_dir.path(),
                    {m_mail.string(), "--refuse", "rcpt", "451 4.3.0 try again later"});
    const auto run = mail(smtp.port());
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_EQ(run.out, smtp_failure(smtp.port(), "refused RCPT TO: 451 4.3.0 try again later"));
}

TEST_F(Delivery, ClearTextAuthIsRefusedUnlessAllowed)
{
    PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", m_dir.path(), {m_mail.string()});
    m_declarations = declarations("Ops", "ops@example.com", "", "email");
    const std::vector<std::string> args{"--smtp-host", "127.0.0.1", "--smtp-port", smtp.port(),
                                        "--smtp-tls",  "none",      "--smtp-from", "certgate@example.com",
                                        "--smtp-user", "mailer"};
    const auto refused = notify(args, {{"CERTGATE_SMTP_PASSWORD", "hunter2-password"}});
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_EQ(refused.out, "");
    EXPECT_EQ(refused.err, "certgate: error: --smtp-user: refusing to send the SMTP password in clear text with "
                           "--smtp-tls none; use starttls or implicit, or --smtp-allow-plaintext-auth for a relay on "
                           "a trusted network\n");
    auto allowed_args = args;
    allowed_args.push_back("--smtp-allow-plaintext-auth");
    const auto allowed = notify(allowed_args, {{"CERTGATE_SMTP_PASSWORD", "hunter2-password"}});
    EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
    EXPECT_EQ(allowed.out, "sent email verification code to ops@example.com (" + m_recipient + ")\n");
    EXPECT_EQ(take_files(m_mail, ".eml").size(), 1U);
}

TEST_F(Delivery, AnUnsetPasswordVariableIsAnError)
{
    m_declarations = declarations("Ops", "ops@example.com", "", "email");
    const auto run = notify({"--smtp-host", "127.0.0.1", "--smtp-port", "1", "--smtp-from", "certgate@example.com",
                             "--smtp-user", "mailer"},
                            {});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "certgate: error: --smtp-password-env: environment variable \"CERTGATE_SMTP_PASSWORD\" is not "
                       "set or empty; it must hold the password of --smtp-user\n");
}

// --- webhooks ---------------------------------------------------------------

TEST_F(Delivery, WebhooksAreSignedTheStandardWebhooksWay)
{
    PythonPeer http("tests/e2e/delivery/hostile_http.py", m_dir.path(), {m_requests.string(), "ok"});
    const auto run = hook("http://127.0.0.1:" + http.port() + "/hook", {"--webhook-allow-http"});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(run.out, "sent sms verification code to +8613800138000 (" + m_recipient + ")\n");
    const auto requests = take_files(m_requests, ".req");
    ASSERT_EQ(requests.size(), 1U);
    const auto& request = requests[0];
    const auto body = request.substr(request.find("\r\n\r\n") + 4);
    const auto value = [&](const std::string& name) {
        std::smatch match;
        std::regex_search(request, match, std::regex("\r\n" + name + ": ([^\r]*)\r\n", std::regex::icase));
        return match.size() > 1 ? match[1].str() : std::string();
    };
    const std::string id = value("webhook-id");
    const std::string timestamp = value("webhook-timestamp");
    EXPECT_EQ(id.size(), 64U);
    EXPECT_EQ(value("Idempotency-Key"), id);
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_LE(std::abs(now - std::stoll(timestamp)), 60);
    EXPECT_EQ(value("webhook-signature"), delivery::webhook_signature(k_secret, id, std::stoll(timestamp), body));
    EXPECT_EQ(value("Accept-Encoding"), "");
    // The Standard Webhooks reference vector (https://www.standardwebhooks.com/).
    EXPECT_EQ(
        delivery::webhook_signature(k_secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST_F(Delivery, AGzipBombAnswerIsCappedNotInflated)
{
    PythonPeer http("tests/e2e/delivery/hostile_http.py", m_dir.path(), {m_requests.string(), "gzip-bomb"});
    const auto run = hook("http://127.0.0.1:" + http.port() + "/hook", {"--webhook-allow-http"});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_EQ(run.out, sms_failure(http.port(), "answered more than 65536 bytes; stopped reading"));
    EXPECT_EQ(run.err, failed_once());
}

TEST_F(Delivery, AnEndlessAnswerIsCapped)
{
    PythonPeer http("tests/e2e/delivery/hostile_http.py", m_dir.path(), {m_requests.string(), "endless"});
    const auto run = hook("http://127.0.0.1:" + http.port() + "/hook", {"--webhook-allow-http"});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_EQ(run.out, sms_failure(http.port(), "answered more than 65536 bytes; stopped reading"));
}

TEST_F(Delivery, ADrippingOrStalledReceiverIsCutOffByTheDeadline)
{
    for (const std::string mode : {"drip", "stall"}) {
        TempDir dir;
        PythonPeer http("tests/e2e/delivery/hostile_http.py", dir.path(), {m_requests.string(), mode});
        const auto run =
            hook("http://127.0.0.1:" + http.port() + "/hook", {"--webhook-allow-http", "--webhook-timeout", "2000"});
        EXPECT_EQ(run.exit_code, 1) << mode << run.out << run.err;
        EXPECT_EQ(run.out, sms_failure(http.port(), "no complete exchange within 2000 ms (timed out)")) << mode;
        EXPECT_LT(seconds(), 5.0) << mode; // startup and the code's PBKDF2 hash included
    }
}

TEST_F(Delivery, ServerErrorsAreTemporaryAndBadRequestsPermanent)
{
    {
        PythonPeer http("tests/e2e/delivery/hostile_http.py", m_dir.path(), {m_requests.string(), "status:500"});
        const auto run = hook("http://127.0.0.1:" + http.port() + "/hook", {"--webhook-allow-http"});
        EXPECT_EQ(run.exit_code, 1);
        EXPECT_EQ(run.out, sms_failure(http.port(), "answered HTTP 500, expected 2xx"));
    }
    TempDir dir;
    PythonPeer http("tests/e2e/delivery/hostile_http.py", dir.path(), {m_requests.string(), "status:400"});
    const auto run = hook("http://127.0.0.1:" + http.port() + "/hook", {"--webhook-allow-http"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "refused sms verification code to +8613800138000 (" + m_recipient + "): http://127.0.0.1:" +
                           http.port() + ": permanently refused: answered HTTP 400, expected 2xx; not retried\n");
    EXPECT_EQ(run.err, refused_once());
}

TEST_F(Delivery, TokensInTheWebhookUrlAreNeverPrinted)
{
    PythonPeer http("tests/e2e/delivery/hostile_http.py", m_dir.path(), {m_requests.string(), "status:503"});
    for (const std::string& url : {"http://hook-user:hook-pass-123@127.0.0.1:" + http.port() + "/hook",
                                   "http://127.0.0.1:" + http.port() + "/robot/send?access_token=tok-abcdef-123456",
                                   "http://127.0.0.1:" + http.port() + "/services/T000/B000/XXXXslacktokenXXXX",
                                   "http://127.0.0.1:" + http.port() + "/open-apis/bot/v2/hook/feishu-token-0a1b2c"}) {
        const auto run = hook(url, {"--webhook-allow-http"});
        EXPECT_EQ(run.exit_code, 1) << url;
        EXPECT_EQ(run.out, sms_failure(http.port(), "answered HTTP 503, expected 2xx")) << url;
        EXPECT_EQ(run.err, failed_once());
    }
}

TEST_F(Delivery, HttpsWebhooksCheckTheHostNameWithOpenSsl)
{
    // Trusted (it is its own CA), but issued to another name: its CN says
    // 127.0.0.1, its subjectAltName does not. RFC 6125: the SAN decides.
    const Instant now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    for (const bool matching : {true, false}) {
        CertificateSpec spec;
        spec.common_name = "127.0.0.1";
        if (matching) {
            spec.ip_addresses = {"127.0.0.1"};
        } else {
            spec.dns_names = {"other.example.test"};
        }
        spec.not_before = format_rfc3339(now - std::chrono::hours{1});
        spec.not_after = format_rfc3339(now + std::chrono::hours{24});
        const auto certificate = make_certificate(spec);
        TempDir dir;
        for (const char* suffix : {"", "-wal", "-shm"}) { // a new recipient each time
            std::filesystem::remove(m_dir.path() / ("certgate.db" + std::string(suffix)));
        }
        const auto cert = dir.write("server.pem", certificate.pem());
        const auto key = dir.write("server.key", certificate.private_key_pem());
        PythonPeer https("tests/e2e/delivery/hostile_http.py", dir.path(),
                         {m_requests.string(), "ok", "--tls", cert, key});
        const auto run = hook("https://127.0.0.1:" + https.port() + "/hook", {"--webhook-ca-file", cert});
        if (matching) {
            EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
            EXPECT_EQ(run.out, "sent sms verification code to +8613800138000 (" + m_recipient + ")\n");
            EXPECT_EQ(take_files(m_requests, ".req").size(), 1U);
        } else {
            EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
            EXPECT_EQ(run.out, "failed sms verification code to +8613800138000 (" + m_recipient +
                                   "): https://127.0.0.1:" + https.port() +
                                   ": the TLS certificate is not trusted: IP address mismatch\n");
            EXPECT_TRUE(take_files(m_requests, ".req").empty());
        }
    }
}

// Regression (issue 12 item 15): cpp-httplib's own matcher compared host
// names case-sensitively. DNS names are case-insensitive (RFC 4343, RFC 6125
// 6.4.1): a certificate for "LocalHost" covers https://localhost and
// https://LOCALHOST, by webhook and by SMTP STARTTLS alike, and one for
// another name covers neither.
TEST_F(Delivery, HostNamesMatchTheCertificateInAnyCaseAndOtherNamesFail)
{
    const Instant now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto server_files = [&](const std::string& name, const std::string& dns_name) {
        CertificateSpec spec;
        spec.common_name = dns_name;
        spec.dns_names = {dns_name};
        spec.not_before = format_rfc3339(now - std::chrono::hours{1});
        spec.not_after = format_rfc3339(now + std::chrono::hours{24});
        const auto certificate = make_certificate(spec);
        return std::pair{m_dir.write(name + ".pem", certificate.pem()),
                         m_dir.write(name + ".key", certificate.private_key_pem())};
    };
    const auto forget_recipient = [&] {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(m_dir.path() / ("certgate.db" + std::string(suffix)));
        }
    };
    for (const auto& [dns_name, matching] : {std::pair{"LocalHost", true}, std::pair{"other.example.test", false}}) {
        const auto [cert, key] = server_files(matching ? "matching" : "other", dns_name);
        const TempDir peers; // each peer's port file is new
        PythonPeer https("tests/e2e/delivery/hostile_http.py", peers.path(),
                         {m_requests.string(), "ok", "--tls", cert, key});
        PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", peers.path(), {m_mail.string(), "--tls", cert, key});
        for (const std::string host : {"localhost", "LOCALHOST"}) {
            SCOPED_TRACE(host + " against a certificate for " + dns_name);
            forget_recipient();
            const auto hooked = hook("https://" + host + ":" + https.port() + "/hook", {"--webhook-ca-file", cert});
            forget_recipient();
            m_declarations = declarations("Ops", "ops@example.com", "", "email");
            const auto mailed = notify({"--smtp-host", host, "--smtp-port", smtp.port(), "--smtp-tls", "starttls",
                                        "--smtp-ca-file", cert, "--smtp-from", "certgate@example.com"});
            if (matching) {
                EXPECT_EQ(hooked.exit_code, 0) << hooked.out << hooked.err;
                EXPECT_EQ(hooked.out, "sent sms verification code to +8613800138000 (" +
                                          app::recipient_id({"", "+8613800138000"}) + ")\n");
                EXPECT_EQ(take_files(m_requests, ".req").size(), 1U);
                EXPECT_EQ(mailed.exit_code, 0) << mailed.out << mailed.err;
                EXPECT_EQ(mailed.out, "sent email verification code to ops@example.com (" + m_recipient + ")\n");
                EXPECT_EQ(take_files(m_mail, ".eml").size(), 1U);
            } else {
                EXPECT_EQ(hooked.exit_code, 1) << hooked.out << hooked.err;
                EXPECT_EQ(hooked.out, "failed sms verification code to +8613800138000 (" +
                                          app::recipient_id({"", "+8613800138000"}) + "): https://" + host + ":" +
                                          https.port() + ": the TLS certificate is not trusted: hostname mismatch\n");
                EXPECT_TRUE(take_files(m_requests, ".req").empty());
                EXPECT_EQ(mailed.exit_code, 1) << mailed.out << mailed.err;
                EXPECT_EQ(mailed.out, "failed email verification code to ops@example.com (" + m_recipient +
                                          "): smtp://" + host + ":" + smtp.port() +
                                          ": the TLS certificate is not trusted: hostname mismatch (during "
                                          "STARTTLS)\n");
                EXPECT_TRUE(take_files(m_mail, ".eml").empty());
            }
        }
    }
}

TEST_F(Delivery, RefusesHttpUnlessAllowedAndAnEmptySecret)
{
    m_declarations = declarations("Ops", "", "+8613800138000", "sms");
    const auto plain = notify({"--webhook-url", "http://127.0.0.1:1/hook?access_token=secret-token"},
                              {{"CERTGATE_WEBHOOK_SECRET", k_secret}});
    EXPECT_EQ(plain.exit_code, 2);
    EXPECT_EQ(plain.out, "");
    EXPECT_EQ(plain.err, "certgate: error: --webhook-url: refusing http:// (the payload and its signature would "
                         "travel in clear text); use https:// or, for a receiver on a trusted network, "
                         "--webhook-allow-http\n");
    const auto unsigned_hook = notify({"--webhook-url", "https://127.0.0.1:1/hook"}, {});
    EXPECT_EQ(unsigned_hook.exit_code, 2);
    EXPECT_EQ(unsigned_hook.err,
              "certgate: error: --webhook-secret-env: the webhook needs a signing secret: set "
              "CERTGATE_WEBHOOK_SECRET (or the variable named by --webhook-secret-env) to a non-empty value\n");
    const auto empty = notify({"--webhook-url", "https://127.0.0.1:1/hook"}, {{"CERTGATE_WEBHOOK_SECRET", ""}});
    EXPECT_EQ(empty.exit_code, 2);
    EXPECT_EQ(empty.err, unsigned_hook.err);
}

} // namespace
} // namespace certgate::testing
