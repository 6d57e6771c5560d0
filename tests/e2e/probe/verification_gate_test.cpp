// The verification gate of `certgate check --host`, against real TLS servers
// on loopback: an endpoint whose chain is not trusted or does not cover the
// name asked for fails the gate (it used to pass); --ca-file trusts a private
// CA; --insecure-skip-verify checks the dates only.

#include "support/process.hpp"
#include "unit/probe/test_pki.hpp"
#include "unit/probe/tls_test_server.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace certgate::testing {
namespace {

using nlohmann::json;

const std::string k_advice = "; give --ca-file for a private CA, or --insecure-skip-verify to check the dates only";

struct Probed {
    ProcessResult process;
    json report;
};

Probed check(const std::vector<std::string>& args)
{
    std::vector<std::string> all{"check", "--now", k_probe_now, "--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    Probed run;
    run.process = run_certgate(all);
    run.report = json::parse(run.process.out, nullptr, false);
    return run;
}

std::string local(const TlsTestServer& server)
{
    return "localhost:" + std::to_string(server.port());
}

class VerificationGate : public ::testing::Test {
protected:
    TestPki pki;
    TempDir dir;
    std::string ca = pki.ca_file(dir);
};

TEST_F(VerificationGate, SelfSignedFailsTheGateWithTheReason)
{
    const TlsTestServer server(serving(ServedChain{TestPki::self_signed("2027-03-01T00:00:00Z"), {}}));
    const Probed run = check({"--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    EXPECT_EQ(run.process.err, "");
    ASSERT_EQ(run.report["findings"].size(), 2U) << run.process.out;
    const json& error = run.report["findings"][0];
    EXPECT_EQ(error["severity"], "error");
    EXPECT_EQ(error["message"], "TLS verification failed: chain does not verify: self-signed certificate" + k_advice);
    EXPECT_EQ(error["details"]["verify_error"], "self-signed certificate");
    EXPECT_EQ(run.report["findings"][1]["severity"], "ok");
    EXPECT_EQ(run.report["summary"]["gate"], "fail");

    const Probed skipped = check({"--insecure-skip-verify", "--host", local(server)});
    EXPECT_EQ(skipped.process.exit_code, 0) << skipped.process.err;
    ASSERT_EQ(skipped.report["findings"].size(), 1U);
    EXPECT_EQ(skipped.report["findings"][0]["details"]["chain_verified"], "false");
}

TEST_F(VerificationGate, PrivateCaIsTrustedOnlyThroughCaFile)
{
    const TlsTestServer server(serving(ServedChain{pki.leaf("2027-03-01T00:00:00Z"), {pki.intermediate}}));
    const Probed trusted = check({"--ca-file", ca, "--host", local(server)});
    EXPECT_EQ(trusted.process.exit_code, 0) << trusted.process.err << trusted.process.out;
    EXPECT_EQ(trusted.report["findings"].size(), 2U);

    const Probed system = check({"--host", local(server)});
    EXPECT_EQ(system.process.exit_code, 1) << system.process.err;
    ASSERT_EQ(system.report["findings"].size(), 3U);
    EXPECT_EQ(system.report["findings"][0]["severity"], "error");
    EXPECT_EQ(system.report["findings"][0]["message"],
              "TLS verification failed: chain does not verify: unable to get local issuer certificate" + k_advice);
}

TEST_F(VerificationGate, WrongNameFailsTheGate)
{
    const TlsTestServer server(
        serving(ServedChain{pki.leaf("2027-03-01T00:00:00Z", "other.test", 41), {pki.intermediate}}));
    const Probed run = check({"--ca-file", ca, "--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    ASSERT_EQ(run.report["findings"].size(), 3U);
    const json& error = run.report["findings"][0];
    EXPECT_EQ(error["severity"], "error");
    EXPECT_EQ(error["message"], "TLS verification failed: certificate does not cover \"localhost\"" + k_advice);
    EXPECT_EQ(error["details"]["name_matches"], "false");

    const Probed skipped = check({"--ca-file", ca, "--insecure-skip-verify", "--host", local(server)});
    EXPECT_EQ(skipped.process.exit_code, 0) << skipped.process.err;
}

// Expiry is the policy's to judge: an expired chain from a trusted CA is an
// expired finding, not a verification error.
TEST_F(VerificationGate, ExpiredButTrustedChainIsNoVerificationError)
{
    const TlsTestServer server(serving(ServedChain{pki.leaf("2026-11-20T00:00:00Z"), {pki.intermediate}}));
    const Probed run = check({"--ca-file", ca, "--host", local(server)});
    EXPECT_EQ(run.process.exit_code, 1) << run.process.err;
    ASSERT_EQ(run.report["findings"].size(), 2U);
    EXPECT_EQ(run.report["findings"][0]["severity"], "expired");
    EXPECT_EQ(run.report["findings"][0]["details"]["verify_error"], "certificate has expired");
}

} // namespace
} // namespace certgate::testing
