// The SCM client's transport against hostile HTTPS servers on 127.0.0.1
// (tests/e2e/delivery/hostile_http.py --tls): a server that drips its answer
// is cut off by the request's deadline, and a server that resets the
// connection while a large request is still being written gives an error,
// not a SIGPIPE.

#include "certgate/adapters/huaweicloud/scm_client.hpp"

#include "support/certificates.hpp"
#include "support/python_peer.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

namespace certgate::huaweicloud {
namespace {

class ScmTransport : public ::testing::Test {
protected:
    ScmTransport()
    {
        const Instant now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        testing::CertificateSpec spec;
        spec.common_name = "127.0.0.1";
        spec.ip_addresses = {"127.0.0.1"};
        spec.not_before = format_rfc3339(now - std::chrono::hours{1});
        spec.not_after = format_rfc3339(now + std::chrono::hours{24});
        const auto certificate = testing::make_certificate(spec);
        m_cert = m_dir.write("server.pem", certificate.pem());
        m_key = m_dir.write("server.key", certificate.private_key_pem());
        std::filesystem::create_directories(m_dir.path() / "requests");
    }

    std::unique_ptr<testing::PythonPeer> server(const std::string& mode)
    {
        return std::make_unique<testing::PythonPeer>(
            "tests/e2e/delivery/hostile_http.py", m_dir.path(),
            std::vector<std::string>{(m_dir.path() / "requests").string(), mode, "--tls", m_cert, m_key});
    }

    ClientOptions options(const std::string& port)
    {
        ClientOptions result;
        result.endpoint = *parse_endpoint("https://127.0.0.1:" + port);
        result.credentials = Credentials{"TESTACCESSKEY", "TESTSECRETKEY0123456789", std::nullopt};
        result.ca_file = m_cert;
        result.max_attempts = 1;
        result.read_timeout = std::chrono::milliseconds{1500};
        return result;
    }

    testing::TempDir m_dir;
    std::string m_cert;
    std::string m_key;
};

TEST_F(ScmTransport, ADrippingServerIsCutOffByTheRequestDeadline)
{
    const auto peer = server("drip");
    ScmClient client(options(peer->port()));
    const auto start = std::chrono::steady_clock::now();
    auto page = client.list_certificates(0, 50);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code, ErrorCode::network);
    EXPECT_EQ(page.error().message, "GET /v3/scm/certificates: no complete answer from 127.0.0.1:" + peer->port() +
                                        " within 1500 ms (timed out or connection closed)");
    EXPECT_LT(elapsed, std::chrono::milliseconds{3500});
}

TEST_F(ScmTransport, AResetDuringALargeRequestIsAnErrorNotASignal)
{
    // The default disposition: a write to a reset connection would kill the process.
    const auto previous = std::signal(SIGPIPE, SIG_DFL);
    const auto peer = server("reset-early");
    ScmClient client(options(peer->port()));
    std::vector<std::string> ids;
    for (int i = 0; i < 20000; ++i) {
        ids.push_back("scs" + std::to_string(1000000000000 + i));
    }
    auto set = client.set_notification(ids, true);
    std::signal(SIGPIPE, previous);
    ASSERT_FALSE(set);
    EXPECT_EQ(set.error().code, ErrorCode::network);
    EXPECT_EQ(set.error().message.rfind("POST /v3/scm/notification/enable: ", 0), 0U) << set.error().message;
}

} // namespace
} // namespace certgate::huaweicloud
