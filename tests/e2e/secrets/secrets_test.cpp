// Nothing secret is ever printed: private keys (RSA, EC, encrypted PKCS#8)
// and Terraform values marked sensitive go through every program and every
// report format, and no piece of them may appear in stdout, stderr or any
// file written. Webhook URL tokens and SMTP passwords go through notify and
// appear neither in its output nor in the store.
#include "certgate/app/external_recipient.hpp"

#include "support/certificates.hpp"
#include "support/process.hpp"
#include "support/python_peer.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

namespace certgate {
namespace {

using testing::CertificateSpec;
using testing::KeyKind;
using testing::make_certificate;
using testing::TempDir;

const std::vector<std::string> k_formats{"text",   "json",     "junit",      "sarif",
                                         "github", "markdown", "prometheus", "gitlab"};

// The base64 lines of a PEM block's body: any of them in an output is a leak.
std::vector<std::string> secret_lines(const std::string& pem)
{
    std::vector<std::string> lines;
    std::istringstream in(pem);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.starts_with("-----") && line.size() >= 16) {
            lines.push_back(line);
        }
    }
    return lines;
}

void expect_absent(const std::string& haystack, const std::vector<std::string>& secrets, const std::string& what)
{
    for (const std::string& secret : secrets) {
        EXPECT_EQ(haystack.find(secret), std::string::npos) << what << " leaks \"" << secret << "\"";
    }
}

// What a run must show before its silence about secrets means anything: the
// exit status and a piece of output only a real run of that case prints (a
// program that never started leaks nothing, and passes nothing here).
struct Expected {
    int exit_code;
    std::string output; ///< must appear in stdout or stderr
};

// Every case of this file goes through here: the run happened as expected,
// and no secret appears in what it printed.
void expect_ran_without_leaking(const testing::ProcessResult& result, const Expected& expected,
                                const std::vector<std::string>& secrets, const std::string& what)
{
    ASSERT_FALSE(secrets.empty()) << what << ": no secret to look for";
    EXPECT_EQ(result.exit_code, expected.exit_code) << what << ": " << result.err;
    EXPECT_NE((result.out + result.err).find(expected.output), std::string::npos)
        << what << " does not print \"" << expected.output << "\"; stdout: " << result.out
        << "\nstderr: " << result.err;
    expect_absent(result.out + result.err, secrets, what + " stdout/stderr");
}

// Runs certgate check on `input` in every format, to stdout and to files, and
// checks that each run ended with `exit_code`, wrote its report, and that no
// secret appears anywhere.
void check_every_format(const TempDir& dir, const std::string& input, const std::vector<std::string>& secrets,
                        int exit_code)
{
    for (const std::string& format : k_formats) {
        const std::string output = (dir.path() / ("report." + format)).string();
        const auto to_file = testing::run_certgate({"check", input, "--now", "2026-11-30T09:00:00Z", "--format", format,
                                                    "--output", output, "--format", "text"});
        expect_ran_without_leaking(to_file, {exit_code, "gate "}, secrets, format);
        const std::string report = TempDir::read(output);
        EXPECT_FALSE(report.empty()) << format << ": no report written to " << output;
        expect_absent(report, secrets, format + " report file");
    }
}

struct KeyCase {
    const char* name;
    KeyKind kind;
    bool encrypted;
};

TEST(Secrets, private_keys_in_a_bundle_never_appear_in_any_format)
{
    for (const KeyCase& key : {KeyCase{"rsa", KeyKind::rsa2048, false}, KeyCase{"ec", KeyKind::ec_p256, false},
                               KeyCase{"encrypted-pkcs8", KeyKind::ec_p256, true}}) {
        SCOPED_TRACE(key.name);
        CertificateSpec spec;
        spec.key = key.kind;
        spec.not_after = "2026-12-11T12:00:00Z";
        const auto certificate = make_certificate(spec);
        const std::string key_pem =
            key.encrypted ? certificate.encrypted_private_key_pem("hunter2") : certificate.private_key_pem();
        TempDir dir;
        const std::string bundle = dir.write("bundle.pem", key_pem + certificate.pem());
        check_every_format(dir, bundle, secret_lines(key_pem), 1);
    }
}

TEST(Secrets, a_broken_key_block_is_not_echoed_in_the_error)
{
    CertificateSpec spec;
    const auto certificate = make_certificate(spec);
    std::string key_pem = certificate.private_key_pem();
    key_pem.insert(40, "!!!not base64!!!");
    TempDir dir;
    const std::string bundle = dir.write("bundle.pem", certificate.pem() + key_pem);
    const auto result = testing::run_certgate({"check", bundle, "--now", "2026-11-30T09:00:00Z"});
    expect_ran_without_leaking(result, {0, "NOTICE"}, secret_lines(key_pem), "check");
}

TEST(Secrets, external_program_never_echoes_the_private_key)
{
    CertificateSpec spec;
    const auto certificate = make_certificate(spec);
    const auto other = make_certificate(spec);
    const std::vector<std::string> secrets = secret_lines(other.private_key_pem());
    // A matching key succeeds; a key of another certificate fails. Neither may echo it.
    const std::vector<std::pair<const testing::TestCertificate*, Expected>> cases{
        {&certificate, {0, "\"id\":\"" + certificate.fingerprint_sha256() + "\""}},
        {&other, {1, "private_key: the private key does not match the certificate"}},
    };
    for (const auto& [key, expected] : cases) {
        nlohmann::json query = {{"certificate", certificate.pem()},
                                {"private_key", key->private_key_pem()},
                                {"now", "2026-11-30T09:00:00Z"}};
        testing::ProcessOptions options;
        options.stdin_text = query.dump();
        const auto result = testing::run_process({testing::external_program(), "certificate"}, options);
        expect_ran_without_leaking(result, expected, secret_lines(key->private_key_pem()), "certgate-external");
    }
}

TEST(Secrets, terraform_sensitive_values_are_evaluated_but_never_printed)
{
    CertificateSpec spec;
    spec.common_name = "secret-internal.example.com";
    spec.dns_names = {"secret-internal.example.com"};
    spec.not_after = "2026-12-11T12:00:00Z";
    const auto certificate = make_certificate(spec);
    nlohmann::json values = {{"certificate_pem", certificate.pem()}, {"name", "internal"}};
    nlohmann::json resource = {{"address", "aws_iam_server_certificate.internal"},
                               {"mode", "managed"},
                               {"type", "aws_iam_server_certificate"},
                               {"name", "internal"},
                               {"values", values},
                               {"sensitive_values", {{"certificate_pem", true}}}};
    nlohmann::json plan = {{"format_version", "1.2"},
                           {"terraform_version", "1.9.0"},
                           {"planned_values", {{"root_module", {{"resources", {resource}}}}}},
                           {"resource_changes",
                            {{{"address", "aws_iam_server_certificate.internal"},
                              {"mode", "managed"},
                              {"type", "aws_iam_server_certificate"},
                              {"name", "internal"},
                              {"change",
                               {{"actions", {"create"}},
                                {"before", nullptr},
                                {"after", values},
                                {"after_unknown", nlohmann::json::object()},
                                {"after_sensitive", {{"certificate_pem", true}}}}}}}}};
    TempDir dir;
    const std::string input = dir.write("plan.json", plan.dump());
    std::vector<std::string> secrets = secret_lines(certificate.pem());
    secrets.push_back("secret-internal");
    secrets.push_back(certificate.fingerprint_sha256());
    check_every_format(dir, input, secrets, 1);

    // Evaluated all the same: the certificate is inside the renewal window.
    const auto json = testing::run_certgate({"check", input, "--now", "2026-11-30T09:00:00Z", "--format", "json"});
    EXPECT_EQ(json.exit_code, 1) << json.err;
    const auto report = nlohmann::json::parse(json.out);
    ASSERT_EQ(report["findings"].size(), 1U);
    EXPECT_EQ(report["findings"][0]["severity"], "renew");
}

// Everything notify leaves behind: the store and its journal files.
std::string store_bytes(const TempDir& dir)
{
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        if (entry.path().filename().string().rfind("certgate.db", 0) == 0) {
            bytes += TempDir::read(entry.path());
        }
    }
    return bytes;
}

TEST(Secrets, webhook_url_tokens_never_appear_in_output_or_the_store)
{
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "requests");
    testing::PythonPeer http("tests/e2e/delivery/hostile_http.py", dir.path(),
                             {(dir.path() / "requests").string(), "status:503"});
    const std::string declarations = dir.write(
        "declarations.json",
        R"({"certificates": [], "recipients": [{"name": "Ops", "mobile": "+8613800138000", "channels": ["sms"]}]})");
    const std::string recipient = app::recipient_id({"", "+8613800138000"});
    const std::string origin = "http://127.0.0.1:" + http.port();
    const std::vector<std::pair<std::string, std::vector<std::string>>> urls{
        {"http://hook-user:hook-pass-5ecret@127.0.0.1:" + http.port() + "/hook", {"hook-user", "hook-pass-5ecret"}},
        {origin + "/robot/send?access_token=dingtalk-t0ken-abcdef", {"dingtalk-t0ken", "access_token"}},
        {origin + "/services/T0SLACK/B0SLACK/slackPathT0ken123", {"T0SLACK", "slackPathT0ken123"}},
        {origin + "/open-apis/bot/v2/hook/feishu-path-t0ken-0a1b", {"feishu-path-t0ken", "open-apis"}}};
    for (const auto& [url, secrets] : urls) {
        SCOPED_TRACE(url);
        testing::ProcessOptions options;
        options.environment["CERTGATE_WEBHOOK_SECRET"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        options.unset_environment = {"CERTGATE_STORE", "CERTGATE_SMTP_HOST", "CERTGATE_WEBHOOK_URL"};
        const auto run = testing::run_certgate({"notify", "--declarations", declarations, "--store",
                                                (dir.path() / "certgate.db").string(), "--now", "2026-12-01",
                                                "--webhook-url", url, "--webhook-allow-http", "--attempts", "1"},
                                               options);
        // The program ran and reached the receiver: the failure names it safely.
        EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
        EXPECT_EQ(run.out, "failed sms verification code to +8613800138000 (" + recipient + "): " + origin +
                               ": answered HTTP 503, expected 2xx\n");
        EXPECT_EQ(run.err, "certgate: error: notify: 1 delivery failed; recorded and retried on the next run\n");
        expect_absent(run.out + run.err, secrets, "notify output");
        expect_absent(store_bytes(dir), secrets, "the store");
    }
    // Each request did arrive, with its token: the receiver needs it.
    const auto requests = testing::take_files(dir.path() / "requests", ".req");
    ASSERT_EQ(requests.size(), urls.size());
    EXPECT_NE(requests[1].find("access_token=dingtalk-t0ken-abcdef"), std::string::npos);
}

TEST(Secrets, the_smtp_password_never_appears_in_output_or_the_store)
{
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "mail");
    testing::PythonPeer smtp("tests/e2e/delivery/hostile_smtp.py", dir.path(),
                             {(dir.path() / "mail").string(), "--refuse", "message", "554 5.7.1 rejected"});
    const std::string declarations = dir.write(
        "declarations.json",
        R"({"certificates": [], "recipients": [{"name": "Ops", "email": "ops@example.com", "channels": ["email"]}]})");
    const std::string recipient = app::recipient_id({"ops@example.com", ""});
    const std::string password = "Sm7p-pa55w0rd-not-for-output";
    testing::ProcessOptions options;
    options.environment["MAILER_PASSWORD"] = password;
    options.unset_environment = {"CERTGATE_STORE", "CERTGATE_SMTP_HOST", "CERTGATE_WEBHOOK_URL"};
    const auto run = testing::run_certgate({"notify",
                                            "--declarations",
                                            declarations,
                                            "--store",
                                            (dir.path() / "certgate.db").string(),
                                            "--now",
                                            "2026-12-01",
                                            "--smtp-host",
                                            "127.0.0.1",
                                            "--smtp-port",
                                            smtp.port(),
                                            "--smtp-tls",
                                            "none",
                                            "--smtp-allow-plaintext-auth",
                                            "--smtp-user",
                                            "mailer",
                                            "--smtp-password-env",
                                            "MAILER_PASSWORD",
                                            "--smtp-from",
                                            "certgate@example.com",
                                            "--attempts",
                                            "1"},
                                           options);
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_EQ(run.out, "refused email verification code to ops@example.com (" + recipient + "): smtp://127.0.0.1:" +
                           smtp.port() + ": permanently refused the message: 554 5.7.1 rejected; not retried\n");
    const std::vector<std::string> secrets{password, "U203cC1wYTU1dzByZC1ub3QtZm9yLW91dHB1dA"};
    expect_absent(run.out + run.err, secrets, "notify output");
    expect_absent(store_bytes(dir), secrets, "the store");
}

} // namespace
} // namespace certgate
