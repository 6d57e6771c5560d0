// `certgate check --host` against real TLS servers on loopback.

#include "support/process.hpp"
#include "unit/probe/test_pki.hpp"
#include "unit/probe/tls_test_server.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>

namespace certgate::testing {
namespace {

using nlohmann::json;

struct Checked {
    ProcessResult process;
    json report;
    std::chrono::milliseconds elapsed{0};
};

class CheckHosts : public ::testing::Test {
protected:
    TestPki pki;
    TempDir dir;
    std::string ca = pki.ca_file(dir);

    [[nodiscard]] ServedChain chain(const std::string& not_after) const
    {
        return {pki.leaf(not_after), {pki.intermediate}};
    }

    Checked check(std::vector<std::string> args) const
    {
        std::vector<std::string> all{"check", "--now", k_probe_now, "--format", "json", "--ca-file", ca};
        all.insert(all.end(), args.begin(), args.end());
        const auto start = std::chrono::steady_clock::now();
        Checked out;
        out.process = run_certgate(all);
        out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        if (!out.process.out.empty()) {
            out.report = json::parse(out.process.out, nullptr, false);
        }
        return out;
    }
};

std::string local(const TlsTestServer& server)
{
    return "localhost:" + std::to_string(server.port());
}

TEST_F(CheckHosts, ValidChainPassesWithEveryCertificateAsAFinding)
{
    const ServedChain served = chain("2027-03-01T00:00:00Z");
    const TlsTestServer server(serving(served));
    const Checked run = check({"--host", local(server)});
    ASSERT_EQ(run.process.exit_code, 0) << run.process.err << run.process.out;
    const json& findings = run.report["findings"];
    ASSERT_EQ(findings.size(), 2U);
    for (const json& finding : findings) {
        EXPECT_EQ(finding["severity"], "ok");
        EXPECT_EQ(finding["source"]["kind"], "host");
        EXPECT_EQ(finding["source"]["path"], local(server));
        EXPECT_EQ(finding["source"]["host"], local(server));
        EXPECT_EQ(finding["details"]["chain_verified"], "true");
        EXPECT_EQ(finding["details"]["name_matches"], "true");
        EXPECT_EQ(finding["details"]["tls_version"], "TLSv1.3");
        EXPECT_EQ(finding["details"]["sni"], "localhost");
        EXPECT_FALSE(finding["details"].contains("verify_error"));
    }
    const json& leaf = findings[0]["source"]["index"] == 0 ? findings[0] : findings[1];
    const json& intermediate = findings[0]["source"]["index"] == 0 ? findings[1] : findings[0];
    EXPECT_EQ(leaf["fingerprint_sha256"], served.leaf.fingerprint_sha256());
    EXPECT_EQ(leaf["not_after"], "2027-03-01T00:00:00Z");
    EXPECT_EQ(intermediate["fingerprint_sha256"], pki.intermediate.fingerprint_sha256());
    EXPECT_EQ(intermediate["source"]["index"], 1);
    EXPECT_EQ(run.report["summary"]["gate"], "pass");
}

TEST_F(CheckHosts, InsideTheRenewalWindowFailsTheGate)
{
    // Thursday 2026-11-26 to Friday 2026-12-04: 6 working days left.
    const TlsTestServer server(serving(chain("2026-12-04T12:00:00Z")));
    const Checked run = check({"--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    const json& leaf = run.report["findings"][0];
    EXPECT_EQ(leaf["severity"], "renew");
    EXPECT_EQ(leaf["working_days_remaining"], 6);
    EXPECT_EQ(leaf["in_renewal_window"], true);
    EXPECT_EQ(leaf["source"]["index"], 0);
    EXPECT_EQ(run.report["summary"]["gate"], "fail");
}

TEST_F(CheckHosts, ExpiredChainIsReadAndReported)
{
    const TlsTestServer server(serving(chain("2026-11-20T00:00:00Z")));
    const Checked run = check({"--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    const json& leaf = run.report["findings"][0];
    EXPECT_EQ(leaf["severity"], "expired");
    EXPECT_EQ(leaf["expired"], true);
    EXPECT_EQ(leaf["details"]["chain_verified"], "false");
    EXPECT_EQ(leaf["details"]["verify_error"], "certificate has expired");
    EXPECT_EQ(leaf["message"], "chain does not verify: certificate has expired");
}

TEST_F(CheckHosts, IntermediateThatExpiresFirstIsTheWorstFinding)
{
    CertificateSpec short_spec =
        probe_spec("Short Intermediate", "2025-01-01T00:00:00Z", "2026-12-01T00:00:00Z", &pki.root, true, 40);
    const TestCertificate short_intermediate = make_certificate(short_spec);
    CertificateSpec leaf_spec =
        probe_spec("localhost", "2026-01-01T00:00:00Z", "2027-06-01T00:00:00Z", &short_intermediate, false, 41);
    leaf_spec.dns_names = {"localhost"};
    const TestCertificate leaf = make_certificate(leaf_spec);
    const TlsTestServer server(serving(ServedChain{leaf, {short_intermediate}}));
    const Checked run = check({"--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    const json& findings = run.report["findings"];
    ASSERT_EQ(findings.size(), 2U);
    EXPECT_EQ(findings[0]["source"]["index"], 1);
    EXPECT_EQ(findings[0]["severity"], "renew");
    EXPECT_EQ(findings[0]["fingerprint_sha256"], short_intermediate.fingerprint_sha256());
    EXPECT_EQ(findings[1]["source"]["index"], 0);
    EXPECT_EQ(findings[1]["severity"], "ok");
    EXPECT_EQ(findings[1]["details"]["chain_verified"], "true");
}

TEST_F(CheckHosts, SelfSignedIsReadAndDoesNotVerify)
{
    const TestCertificate self_signed = TestPki::self_signed("2027-03-01T00:00:00Z");
    const TlsTestServer server(serving(ServedChain{self_signed, {}}));
    const Checked run = check({"--insecure-skip-verify", "--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
    ASSERT_EQ(run.report["findings"].size(), 1U);
    const json& leaf = run.report["findings"][0];
    EXPECT_EQ(leaf["severity"], "ok");
    EXPECT_EQ(leaf["fingerprint_sha256"], self_signed.fingerprint_sha256());
    EXPECT_EQ(leaf["details"]["chain_verified"], "false");
    EXPECT_EQ(leaf["details"]["verify_error"], "self-signed certificate");
}

TEST_F(CheckHosts, TwoNamesOnOnePortBySni)
{
    const ServedChain first{pki.leaf("2027-03-01T00:00:00Z", "first.test", 21), {pki.intermediate}};
    const ServedChain second{pki.leaf("2026-12-04T12:00:00Z", "second.test", 22), {pki.intermediate}};
    const TlsTestServer server(serving_by_name({{"first.test", first}, {"second.test", second}}));
    const std::string endpoint = server.endpoint();
    const Checked run = check({"--leaf-only", "--host", endpoint + " first.test", "--host", endpoint + " second.test"});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    const json& findings = run.report["findings"];
    ASSERT_EQ(findings.size(), 2U);
    EXPECT_EQ(findings[0]["severity"], "renew");
    EXPECT_EQ(findings[0]["fingerprint_sha256"], second.leaf.fingerprint_sha256());
    EXPECT_EQ(findings[0]["details"]["sni"], "second.test");
    EXPECT_EQ(findings[1]["severity"], "ok");
    EXPECT_EQ(findings[1]["fingerprint_sha256"], first.leaf.fingerprint_sha256());
    EXPECT_EQ(findings[1]["details"]["sni"], "first.test");
    EXPECT_EQ(findings[1]["details"]["name_matches"], "true");
}

TEST_F(CheckHosts, Ipv6Listener)
{
    if (!ipv6_loopback_available()) {
        GTEST_SKIP() << "::1 is not available here";
    }
    const TlsTestServer server(serving(chain("2027-03-01T00:00:00Z"), PeerBehaviour::tls, "::1"));
    const Checked run = check({"--host", server.endpoint()});
    EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
    ASSERT_EQ(run.report["findings"].size(), 2U);
    EXPECT_EQ(run.report["findings"][0]["source"]["host"], "[::1]:" + std::to_string(server.port()));
    EXPECT_EQ(run.report["findings"][0]["details"]["sni"], "");
    EXPECT_EQ(run.report["findings"][0]["details"]["name_matches"], "true");
}

TEST_F(CheckHosts, StartTlsSmtp)
{
    const ServedChain served = chain("2027-03-01T00:00:00Z");
    const TlsTestServer server(serving(served, PeerBehaviour::smtp_starttls));
    const Checked run = check({"--starttls", "smtp", "--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
    ASSERT_EQ(run.report["findings"].size(), 2U);
    EXPECT_EQ(run.report["findings"][0]["details"]["starttls"], "smtp");
    EXPECT_EQ(server.commands(), (std::vector<std::string>{"EHLO certgate.invalid", "STARTTLS"}));
}

TEST_F(CheckHosts, StartTlsRefusedIsAnErrorFinding)
{
    const TlsTestServer server(misbehaving(PeerBehaviour::smtp_refuses_starttls));
    const Checked run = check({"--starttls", "smtp", "--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    ASSERT_EQ(run.report["findings"].size(), 1U);
    EXPECT_EQ(run.report["findings"][0]["severity"], "error");
    EXPECT_EQ(run.report["findings"][0]["message"],
              "the smtp server refused STARTTLS: \"454 4.7.0 TLS not available\", expected 220");
}

struct Hostile {
    const char* name;
    PeerBehaviour behaviour;
    const char* message;
};

class HostilePeers : public CheckHosts, public ::testing::WithParamInterface<Hostile> {};

TEST_P(HostilePeers, EndWithinTheDeadlineWithAnErrorFinding)
{
    const TlsTestServer server(misbehaving(GetParam().behaviour));
    const Checked run = check({"--deadline", "1000", "--host", server.endpoint()});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    EXPECT_EQ(run.process.err, "");
    EXPECT_LT(run.elapsed.count(), 5000);
    ASSERT_EQ(run.report["findings"].size(), 1U);
    const json& finding = run.report["findings"][0];
    EXPECT_EQ(finding["severity"], "error");
    EXPECT_EQ(finding["source"]["kind"], "host");
    EXPECT_EQ(finding["source"]["host"], server.endpoint());
    EXPECT_EQ(finding["message"], GetParam().message);
    EXPECT_EQ(run.report["summary"]["gate"], "fail");

    const Checked ignored = check({"--deadline", "1000", "--ignore-unreachable", "--host", server.endpoint()});
    EXPECT_EQ(ignored.process.exit_code, 0) << ignored.process.err;
    EXPECT_EQ(ignored.report["findings"][0]["severity"], "error");
}

INSTANTIATE_TEST_SUITE_P(
    Probe, HostilePeers,
    ::testing::Values(Hostile{"silent", PeerBehaviour::silent, "timed out after 1000 ms during the tls handshake"},
                      Hostile{"garbage", PeerBehaviour::garbage,
                              "the server does not speak TLS (wrong version number)"},
                      Hostile{"closes_mid_handshake", PeerBehaviour::close_mid_handshake,
                              "the server closed the connection during the tls handshake"},
                      Hostile{"trickles", PeerBehaviour::trickle, "timed out after 1000 ms during the tls handshake"}),
    [](const ::testing::TestParamInfo<Hostile>& param_info) { return std::string(param_info.param.name); });

TEST_F(CheckHosts, UnreachableHostDoesNotStopTheOthers)
{
    const TlsTestServer server(serving(chain("2027-03-01T00:00:00Z")));
    const std::string refused = "127.0.0.1:" + std::to_string(refused_port());
    const Checked run = check({"--host", refused, "--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    const json& findings = run.report["findings"];
    ASSERT_EQ(findings.size(), 3U);
    EXPECT_EQ(findings[0]["severity"], "error");
    EXPECT_EQ(findings[0]["message"], "connection refused");
    EXPECT_EQ(findings[0]["source"]["path"], refused);
    EXPECT_EQ(findings[1]["severity"], "ok");

    const Checked ignored = check({"--ignore-unreachable", "--host", refused, "--host", local(server)});
    EXPECT_EQ(ignored.process.exit_code, 0) << ignored.process.err;
}

TEST_F(CheckHosts, TheSameEndpointTwiceIsProbedOnce)
{
    const TlsTestServer server(serving(chain("2027-03-01T00:00:00Z")));
    const std::string hosts = dir.write("hosts.txt", local(server) + "\n");
    const Checked run = check({"--host", local(server), "--hosts-file", hosts, "--host",
                               "localhost:" + std::to_string(server.port()) + " localhost"});
    EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
    // "localhost:PORT" twice, then once with an explicit SNI: two endpoints.
    EXPECT_EQ(run.report["findings"].size(), 4U);
    EXPECT_EQ(server.accepted(), 2);
}

TEST_F(CheckHosts, ProbesRunConcurrently)
{
    // Eight silent peers with a one-second deadline: one after another they
    // would take eight seconds.
    std::vector<std::unique_ptr<TlsTestServer>> servers;
    std::vector<std::string> args{"--deadline", "1000", "--concurrency", "8"};
    for (int i = 0; i < 8; ++i) {
        servers.push_back(std::make_unique<TlsTestServer>(misbehaving(PeerBehaviour::silent)));
        args.push_back("--host");
        args.push_back(servers.back()->endpoint());
    }
    const Checked run = check(args);
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    EXPECT_EQ(run.report["findings"].size(), 8U);
    EXPECT_LT(run.elapsed.count(), 5000);
}

TEST_F(CheckHosts, HostsFileWithCommentsSniAndABadLine)
{
    const TlsTestServer server(serving(chain("2027-03-01T00:00:00Z")));
    const std::string hosts =
        dir.write("hosts.txt", "# production endpoints\n\n" + local(server) +
                                   "   # the web server\n"
                                   "127.0.0.1:" +
                                   std::to_string(server.port()) + " localhost\nnot a valid line\n");
    const Checked run = check({"--hosts-file", hosts});
    EXPECT_EQ(run.process.exit_code, 2);
    EXPECT_EQ(run.process.err, "certgate: error: " + hosts +
                                   ":5: too many words, expected HOST[:PORT] or "
                                   "[IPV6]:PORT, optionally followed by an SNI name\n");
    ASSERT_EQ(run.report["findings"].size(), 4U);
}

TEST_F(CheckHosts, BadFlagsAreUsageErrors)
{
    Checked run = check({"--host", "example.com:99999"});
    EXPECT_EQ(run.process.exit_code, 2);
    EXPECT_EQ(run.process.err, "certgate: error: --host: port \"99999\" is not a number from 1 to 65535\n");

    run = check({"--starttls", "xmpp", "--host", "localhost:1"});
    EXPECT_EQ(run.process.exit_code, 2);
    EXPECT_EQ(run.process.err, "certgate: error: --starttls: unknown STARTTLS protocol \"xmpp\", expected one "
                               "of: smtp, imap, pop3, ftp\n");

    const std::string missing = (dir.path() / "missing.txt").string();
    run = check({"--hosts-file", missing});
    EXPECT_EQ(run.process.exit_code, 2);
    EXPECT_NE(run.process.err.find("certgate: error: " + missing + ": "), std::string::npos) << run.process.err;
}

TEST_F(CheckHosts, MissingCaFile)
{
    const std::string missing = (dir.path() / "nope.pem").string();
    const ProcessResult run =
        run_certgate({"check", "--now", k_probe_now, "--ca-file", missing, "--host", "localhost:1"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.err, "certgate: error: " + missing + ": cannot read the CA file\n");
}

TEST_F(CheckHosts, HostsAndFilesInOneReport)
{
    const TlsTestServer server(serving(chain("2027-03-01T00:00:00Z")));
    const TestCertificate file_leaf = pki.leaf("2026-12-04T12:00:00Z", "file.test", 50);
    const std::string pem = dir.write("file.pem", file_leaf.pem());
    const Checked run = check({pem, "--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    const json& findings = run.report["findings"];
    ASSERT_EQ(findings.size(), 3U);
    EXPECT_EQ(findings[0]["source"]["kind"], "file");
    EXPECT_EQ(findings[0]["severity"], "renew");
    EXPECT_EQ(findings[1]["source"]["kind"], "host");
}

} // namespace
} // namespace certgate::testing
