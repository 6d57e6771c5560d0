#include "certgate/adapters/probe/starttls.hpp"
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

TEST(ParseStartTls, KnownProtocols)
{
    EXPECT_EQ(*parse_starttls("smtp"), StartTls::smtp);
    EXPECT_EQ(*parse_starttls("imap"), StartTls::imap);
    EXPECT_EQ(*parse_starttls("pop3"), StartTls::pop3);
    EXPECT_EQ(*parse_starttls("ftp"), StartTls::ftp);
    EXPECT_EQ(to_string(StartTls::pop3), "pop3");
}

TEST(ParseStartTls, UnknownProtocol)
{
    for (const char* text : {"SMTP", "", "xmpp", "smtp "}) {
        auto parsed = parse_starttls(text);
        ASSERT_FALSE(parsed.has_value()) << text;
        EXPECT_EQ(parsed.error().message,
                  "unknown STARTTLS protocol \"" + std::string(text) + "\", expected one of: smtp, imap, pop3, ftp");
    }
}

class StartTlsProbe : public ::testing::Test {
protected:
    TestPki pki;
    TempDir dir;
    TrustStore trust = *TrustStore::from_file(pki.ca_file(dir));
    ServedChain served{pki.leaf("2027-01-01T00:00:00Z"), {pki.intermediate}};

    Result<ProbeResult> run(const TlsTestServer& server, StartTls protocol,
                            std::chrono::milliseconds deadline = 5000ms) const
    {
        ProbeOptions options;
        options.deadline = deadline;
        options.starttls = protocol;
        options.now = testing::at(testing::k_probe_now);
        return probe_endpoint(*parse_target("localhost:" + std::to_string(server.port())), options, trust);
    }
};

TEST_F(StartTlsProbe, Smtp)
{
    const TlsTestServer server(testing::serving(served, PeerBehaviour::smtp_starttls));
    auto result = run(server, StartTls::smtp);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(result->chain_der.at(0), served.leaf.der());
    EXPECT_TRUE(result->chain_verified);
    EXPECT_EQ(server.commands(), (std::vector<std::string>{"EHLO certgate.invalid", "STARTTLS"}));
}

TEST_F(StartTlsProbe, SmtpRefused)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::smtp_refuses_starttls));
    auto result = run(server, StartTls::smtp);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message,
              "the smtp server refused STARTTLS: \"454 4.7.0 TLS not available\", expected 220");
}

TEST_F(StartTlsProbe, Imap)
{
    const TlsTestServer server(testing::serving(served, PeerBehaviour::imap_starttls));
    auto result = run(server, StartTls::imap);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(result->chain_der.at(0), served.leaf.der());
    EXPECT_EQ(server.commands(), (std::vector<std::string>{"a001 STARTTLS"}));
}

TEST_F(StartTlsProbe, Pop3)
{
    const TlsTestServer server(testing::serving(served, PeerBehaviour::pop3_starttls));
    auto result = run(server, StartTls::pop3);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(server.commands(), (std::vector<std::string>{"STLS"}));
}

TEST_F(StartTlsProbe, Ftp)
{
    const TlsTestServer server(testing::serving(served, PeerBehaviour::ftp_starttls));
    auto result = run(server, StartTls::ftp);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(server.commands(), (std::vector<std::string>{"AUTH TLS"}));
}

TEST_F(StartTlsProbe, SilentServerTimesOutWaitingForTheGreeting)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::silent));
    auto result = run(server, StartTls::smtp, 300ms);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message, "timed out after 300 ms waiting for the smtp greeting");
}

TEST_F(StartTlsProbe, TlsServerIsNotAnSmtpServer)
{
    // A plain TLS server says nothing first: STARTTLS waits for a greeting.
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::garbage));
    auto result = run(server, StartTls::smtp);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message,
              "expected a numbered reply as the smtp greeting, got \"HTTP/1.1 400 Bad Request\"");
    auto imap = run(server, StartTls::imap);
    ASSERT_FALSE(imap.has_value());
    EXPECT_EQ(imap.error().message, "the imap server did not greet: \"HTTP/1.1 400 Bad Request\", expected \"* OK\"");
    auto pop3 = run(server, StartTls::pop3);
    ASSERT_FALSE(pop3.has_value());
    EXPECT_EQ(pop3.error().message, "the pop3 server did not greet: \"HTTP/1.1 400 Bad Request\", expected \"+OK\"");
}

TEST_F(StartTlsProbe, OverlongLineIsRefused)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::long_line));
    auto result = run(server, StartTls::smtp);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message, "line longer than 4096 bytes in the smtp greeting");
}

TEST_F(StartTlsProbe, EndlessReplyIsRefused)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::endless_reply));
    auto result = run(server, StartTls::ftp);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message, "more than 100 lines in the ftp greeting");
}

TEST_F(StartTlsProbe, ServerClosingBeforeTheGreeting)
{
    const TlsTestServer server(testing::misbehaving(PeerBehaviour::close_mid_handshake));
    // The server waits for data before closing; the probe waits for a greeting.
    auto result = run(server, StartTls::ftp, 500ms);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message, "timed out after 500 ms waiting for the ftp greeting");
}

} // namespace
} // namespace certgate::probe
