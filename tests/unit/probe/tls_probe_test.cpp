#include "certgate/adapters/probe/tls_probe.hpp"

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

class TlsProbe : public ::testing::Test {
protected:
    TestPki pki;
    TempDir dir;
    TrustStore trust = *TrustStore::from_file(pki.ca_file(dir));

    static ProbeOptions options(std::chrono::milliseconds deadline = 5000ms)
    {
        ProbeOptions out;
        out.connect_timeout = 2000ms;
        out.deadline = deadline;
        out.now = testing::at(testing::k_probe_now);
        return out;
    }

    static Target target(const std::string& text)
    {
        auto parsed = parse_target(text);
        EXPECT_TRUE(parsed.has_value()) << text;
        return parsed ? *parsed : Target{};
    }

    [[nodiscard]] ServedChain chain(const std::string& not_after) const
    {
        return {pki.leaf(not_after), {pki.intermediate}};
    }

    static std::string failure(const Result<ProbeResult>& result)
    {
        EXPECT_FALSE(result.has_value());
        return result ? "" : result.error().describe();
    }
};

TEST_F(TlsProbe, ReadsAndVerifiesTheServedChain)
{
    const ServedChain served = chain("2027-01-01T00:00:00Z");
    const TlsTestServer server(testing::serving(served));
    auto result = probe_endpoint(target("localhost:" + std::to_string(server.port())), options(), trust);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    ASSERT_EQ(result->chain_der.size(), 2U);
    EXPECT_EQ(result->chain_der[0], served.leaf.der());
    EXPECT_EQ(result->chain_der[1], pki.intermediate.der());
    EXPECT_TRUE(result->chain_verified);
    EXPECT_EQ(result->verify_error, "");
    EXPECT_TRUE(result->name_matches);
    EXPECT_EQ(result->tls_version, "TLSv1.3");
    EXPECT_EQ(result->sni, "localhost");
}

TEST_F(TlsProbe, ExpiredChainIsStillRead)
{
    const ServedChain served = chain("2026-11-01T00:00:00Z");
    const TlsTestServer server(testing::serving(served));
    auto result = probe_endpoint(target("localhost:" + std::to_string(server.port())), options(), trust);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    ASSERT_EQ(result->chain_der.size(), 2U);
    EXPECT_EQ(result->chain_der[0], served.leaf.der());
    EXPECT_FALSE(result->chain_verified);
    EXPECT_EQ(result->verify_error, "certificate has expired");
    EXPECT_TRUE(result->name_matches);
}

TEST_F(TlsProbe, VerificationUsesTheCheckInstantNotTheClock)
{
    const ServedChain served = chain("2027-01-01T00:00:00Z");
    const TlsTestServer server(testing::serving(served));
    ProbeOptions later = options();
    later.now = testing::at("2027-01-01T00:00:01Z");
    auto result = probe_endpoint(target("localhost:" + std::to_string(server.port())), later, trust);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_FALSE(result->chain_verified);
    EXPECT_EQ(result->verify_error, "certificate has expired");
}

TEST_F(TlsProbe, SelfSignedIsReadAndDoesNotVerify)
{
    const auto self_signed = TestPki::self_signed("2027-01-01T00:00:00Z");
    const TlsTestServer server(testing::serving(ServedChain{self_signed, {}}));
    auto result = probe_endpoint(target("localhost:" + std::to_string(server.port())), options(), trust);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    ASSERT_EQ(result->chain_der.size(), 1U);
    EXPECT_EQ(result->chain_der[0], self_signed.der());
    EXPECT_FALSE(result->chain_verified);
    EXPECT_EQ(result->verify_error, "self-signed certificate");
}

TEST_F(TlsProbe, MissingIntermediateDoesNotVerify)
{
    const TlsTestServer server(testing::serving(ServedChain{pki.leaf("2027-01-01T00:00:00Z"), {}}));
    auto result = probe_endpoint(target("localhost:" + std::to_string(server.port())), options(), trust);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(result->chain_der.size(), 1U);
    EXPECT_FALSE(result->chain_verified);
    EXPECT_EQ(result->verify_error, "unable to get local issuer certificate");
}

TEST_F(TlsProbe, SystemStoreDoesNotTrustTheTestRoot)
{
    const TlsTestServer server(testing::serving(chain("2027-01-01T00:00:00Z")));
    auto system = TrustStore::system();
    ASSERT_TRUE(system.has_value());
    auto result = probe_endpoint(target("localhost:" + std::to_string(server.port())), options(), *system);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_FALSE(result->chain_verified);
    EXPECT_EQ(result->verify_error, "unable to get local issuer certificate");
}

TEST_F(TlsProbe, TwoNamesOnOnePortBySni)
{
    const ServedChain first{pki.leaf("2027-01-01T00:00:00Z", "first.test", 21), {pki.intermediate}};
    const ServedChain second{pki.leaf("2027-02-01T00:00:00Z", "second.test", 22), {pki.intermediate}};
    const TlsTestServer server(testing::serving_by_name({{"first.test", first}, {"second.test", second}}));
    const std::string port = std::to_string(server.port());

    auto one = probe_endpoint(target("127.0.0.1:" + port + " first.test"), options(), trust);
    auto two = probe_endpoint(target("127.0.0.1:" + port + " second.test"), options(), trust);
    ASSERT_TRUE(one.has_value()) << one.error().describe();
    ASSERT_TRUE(two.has_value()) << two.error().describe();
    EXPECT_EQ(one->chain_der[0], first.leaf.der());
    EXPECT_EQ(two->chain_der[0], second.leaf.der());
    EXPECT_EQ(one->sni, "first.test");
    EXPECT_EQ(two->sni, "second.test");
    EXPECT_TRUE(one->name_matches);
    EXPECT_TRUE(two->name_matches);
    EXPECT_TRUE(one->chain_verified);
}

TEST_F(TlsProbe, NameMismatchIsReportedNotFatal)
{
    const TlsTestServer server(testing::serving(chain("2027-01-01T00:00:00Z")));
    auto result =
        probe_endpoint(target("127.0.0.1:" + std::to_string(server.port()) + " other.test"), options(), trust);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_FALSE(result->name_matches);
    EXPECT_TRUE(result->chain_verified);
    EXPECT_EQ(result->sni, "other.test");
}

TEST_F(TlsProbe, IpLiteralSendsNoSniAndMatchesIpSan)
{
    const TlsTestServer server(testing::serving(chain("2027-01-01T00:00:00Z")));
    auto result = probe_endpoint(target("127.0.0.1:" + std::to_string(server.port())), options(), trust);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(result->sni, "");
    EXPECT_TRUE(result->name_matches);
}

TEST_F(TlsProbe, Ipv6Listener)
{
    if (!testing::ipv6_loopback_available()) {
        GTEST_SKIP() << "::1 is not available here";
    }
    const TlsTestServer server(testing::serving(chain("2027-01-01T00:00:00Z"), PeerBehaviour::tls, "::1"));
    auto result = probe_endpoint(target(server.endpoint()), options(), trust);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(result->sni, "");
    EXPECT_TRUE(result->name_matches);
    EXPECT_TRUE(result->chain_verified);
}

TEST_F(TlsProbe, ConnectionRefused)
{
    const std::string port = std::to_string(testing::refused_port());
    EXPECT_EQ(failure(probe_endpoint(target("127.0.0.1:" + port), options(), trust)),
              "127.0.0.1:" + port + ": connection refused");
}

TEST_F(TlsProbe, SilentPeerTimesOut)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::silent));
    EXPECT_EQ(failure(probe_endpoint(target(server.endpoint()), options(300ms), trust)),
              server.endpoint() + ": timed out after 300 ms during the tls handshake");
}

TEST_F(TlsProbe, GarbagePeerIsNotTls)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::garbage));
    EXPECT_EQ(failure(probe_endpoint(target(server.endpoint()), options(), trust)),
              server.endpoint() + ": the server does not speak TLS (wrong version number)");
}

TEST_F(TlsProbe, PeerClosingMidHandshake)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::close_mid_handshake));
    EXPECT_EQ(failure(probe_endpoint(target(server.endpoint()), options(), trust)),
              server.endpoint() + ": the server closed the connection during the tls handshake");
}

TEST_F(TlsProbe, TricklingPeerHitsTheDeadline)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::trickle));
    EXPECT_EQ(failure(probe_endpoint(target(server.endpoint()), options(1500ms), trust)),
              server.endpoint() + ": timed out after 1500 ms during the tls handshake");
}

TEST_F(TlsProbe, FullBacklogTimesOutTheConnect)
{
    // A listener that never accepts, with its backlog filled: the kernel drops
    // further SYNs, so the connect itself times out.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
    auto* raw = reinterpret_cast<sockaddr*>(&address);
    socklen_t length = sizeof(address);
    ASSERT_EQ(::bind(fd, raw, length), 0);
    ASSERT_EQ(::listen(fd, 0), 0);
    ASSERT_EQ(::getsockname(fd, raw, &length), 0);
    std::vector<int> fillers;
    for (int i = 0; i < 4; ++i) {
        const int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        [[maybe_unused]] const int status = ::connect(filler, raw, length);
        fillers.push_back(filler);
    }
    ::usleep(100000);
    ProbeOptions quick = options(5000ms);
    quick.connect_timeout = 300ms;
    const std::string label = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
    EXPECT_EQ(failure(probe_endpoint(target(label), quick, trust)), label + ": connection timed out after 300 ms");
    for (int filler : fillers) {
        ::close(filler);
    }
    ::close(fd);
}

TEST_F(TlsProbe, ConnectTimeoutIsCappedByTheDeadline)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::silent));
    ProbeOptions quick = options(200ms);
    quick.connect_timeout = 10000ms;
    EXPECT_EQ(failure(probe_endpoint(target(server.endpoint()), quick, trust)),
              server.endpoint() + ": timed out after 200 ms during the tls handshake");
}

} // namespace
} // namespace certgate::probe
