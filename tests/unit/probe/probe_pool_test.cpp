#include "certgate/adapters/probe/probe_pool.hpp"

#include "test_pki.hpp"
#include "tls_test_server.hpp"

#include <gtest/gtest.h>

namespace certgate::probe {
namespace {

using namespace std::chrono_literals;
using testing::PeerBehaviour;
using testing::ServedChain;
using testing::TempDir;
using testing::TestPki;
using testing::TlsTestServer;

TEST(ProbePool, ResultsKeepTheOrderOfTargetsAndFailuresDoNotStopOthers)
{
    const TestPki pki;
    const TempDir dir;
    const TrustStore trust = *TrustStore::from_file(pki.ca_file(dir));
    const ServedChain served{pki.leaf("2027-01-01T00:00:00Z"), {pki.intermediate}};
    const TlsTestServer good(testing::serving(served));
    const TlsTestServer silent(testing::misbehaving(PeerBehaviour::silent));
    const std::string refused = "127.0.0.1:" + std::to_string(testing::refused_port());

    std::vector<Target> targets;
    for (int i = 0; i < 12; ++i) {
        const std::string text = i % 3 == 0 ? good.endpoint() : i % 3 == 1 ? refused : silent.endpoint();
        targets.push_back(*parse_target(text));
    }
    ProbeOptions options;
    options.deadline = 300ms;
    options.now = testing::at(testing::k_probe_now);
    const auto results = probe_endpoints(targets, options, trust, 4);
    ASSERT_EQ(results.size(), targets.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (i % 3 == 0) {
            ASSERT_TRUE(results[i].has_value()) << i << ": " << results[i].error().describe();
            EXPECT_EQ(results[i]->chain_der.at(0), served.leaf.der());
        } else if (i % 3 == 1) {
            ASSERT_FALSE(results[i].has_value());
            EXPECT_EQ(results[i].error().describe(), refused + ": connection refused");
        } else {
            ASSERT_FALSE(results[i].has_value());
            EXPECT_EQ(results[i].error().describe(),
                      silent.endpoint() + ": timed out after 300 ms during the tls handshake");
        }
    }
    EXPECT_EQ(good.accepted(), 4);
}

TEST(ProbePool, NoTargets)
{
    const auto trust = TrustStore::system();
    ASSERT_TRUE(trust.has_value());
    EXPECT_TRUE(probe_endpoints({}, ProbeOptions{}, *trust, 8).empty());
}

TEST(ProbePool, ZeroConcurrencyStillProbes)
{
    const auto trust = TrustStore::system();
    ASSERT_TRUE(trust.has_value());
    const std::string refused = "127.0.0.1:" + std::to_string(testing::refused_port());
    const auto results = probe_endpoints({*parse_target(refused)}, ProbeOptions{}, *trust, 0);
    ASSERT_EQ(results.size(), 1U);
    EXPECT_EQ(results[0].error().describe(), refused + ": connection refused");
}

} // namespace
} // namespace certgate::probe
