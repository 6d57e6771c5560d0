// The SCM client against the local HTTPS emulator on 127.0.0.1.

#include "certgate/adapters/huaweicloud/scm_client.hpp"

#include "e2e/huaweicloud/scm_emulator.hpp"
#include "support/certificates.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace certgate::huaweicloud {
namespace {

using testing::at;
using testing::InjectedFault;
using testing::ScmEmulator;

class ScmClientTest : public ::testing::Test {
protected:
    ClientOptions options()
    {
        ClientOptions result;
        result.endpoint = *parse_endpoint(emulator.endpoint());
        result.credentials = Credentials{emulator.access_key, emulator.secret_key, emulator.security_token};
        result.ca_file = emulator.ca_file();
        result.initial_backoff = std::chrono::milliseconds{1};
        result.max_backoff = std::chrono::milliseconds{4};
        result.sleep = [this](std::chrono::milliseconds duration) { sleeps.push_back(duration); };
        return result;
    }

    ScmEmulator emulator;
    std::vector<std::chrono::milliseconds> sleeps;
};

TEST_F(ScmClientTest, ListsSeveralPages)
{
    emulator.set_certificates(testing::numbered_certificates(120, at("2027-01-01T00:00:00Z")));
    ScmClient client(options());
    auto all = list_all_certificates(client);
    ASSERT_TRUE(all) << all.error().describe();
    ASSERT_EQ(all->size(), 120U);
    EXPECT_EQ(all->front().id, "scs0000000000001");
    EXPECT_EQ(all->back().id, "scs0000000000120");
    EXPECT_EQ(all->back().expire_time, "2027-04-30 00:00:00.0");
    EXPECT_EQ(client.requests_sent(), 3);
    EXPECT_EQ(emulator.requests(), (std::vector<std::string>{"GET /v3/scm/certificates", "GET /v3/scm/certificates",
                                                             "GET /v3/scm/certificates"}));
    EXPECT_TRUE(emulator.rejections().empty());
    EXPECT_TRUE(sleeps.empty());
}

TEST_F(ScmClientTest, ExactMultipleOfThePageSizeStopsAtTotalCount)
{
    emulator.set_certificates(testing::numbered_certificates(100, at("2027-01-01T00:00:00Z")));
    ScmClient client(options());
    auto all = list_all_certificates(client);
    ASSERT_TRUE(all) << all.error().describe();
    EXPECT_EQ(all->size(), 100U);
    EXPECT_EQ(client.requests_sent(), 2);
}

TEST_F(ScmClientTest, EmptyAccount)
{
    ScmClient client(options());
    auto all = list_all_certificates(client);
    ASSERT_TRUE(all) << all.error().describe();
    EXPECT_TRUE(all->empty());
    EXPECT_EQ(client.requests_sent(), 1);
}

TEST_F(ScmClientTest, RepeatedPageFailsLoudly)
{
    emulator.set_certificates(testing::numbered_certificates(60, at("2027-01-01T00:00:00Z")));
    emulator.repeat_pages(true);
    ScmClient client(options());
    auto all = list_all_certificates(client);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().message, "GET /v3/scm/certificates at offset 50: the page repeats certificate "
                                   "\"scs0000000000001\" already listed; paging is not advancing, refusing to guess");
}

TEST_F(ScmClientTest, EmptyPageBeforeTotalCountFails)
{
    emulator.inject({"/v3/scm/certificates", 200, R"({"certificates":[],"total_count":3})", ""});
    ScmClient client(options());
    auto all = list_all_certificates(client);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().message, "GET /v3/scm/certificates at offset 0: empty page, but total_count says 3 "
                                   "certificates and only 0 were listed");
}

TEST_F(ScmClientTest, ServerErrorThenSuccessIsRetriedWithBackoff)
{
    emulator.set_certificates(testing::numbered_certificates(3, at("2027-01-01T00:00:00Z")));
    emulator.inject({"/v3/scm/certificates", 500, R"({"error_code":"SCM.4001","error_msg":"PDP error"})", ""});
    emulator.inject({"/v3/scm/certificates", 502, "<html>bad gateway</html>", ""});
    ScmClient client(options());
    auto all = list_all_certificates(client);
    ASSERT_TRUE(all) << all.error().describe();
    EXPECT_EQ(all->size(), 3U);
    EXPECT_EQ(client.requests_sent(), 3);
    EXPECT_EQ(sleeps,
              (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds{1}, std::chrono::milliseconds{2}}));
}

TEST_F(ScmClientTest, RetryAfterIsHonouredUpToTheCap)
{
    emulator.inject({"/v3/scm/certificates", 429, R"({"error_code":"APIGW.0308","error_msg":"throttled"})", "2"});
    ScmClient client(options());
    auto all = list_all_certificates(client);
    ASSERT_TRUE(all) << all.error().describe();
    EXPECT_EQ(sleeps, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds{4}}));
}

TEST_F(ScmClientTest, PersistentServerErrorGivesUp)
{
    emulator.always_fail({"/v3/scm/certificates", 503, R"({"error_code":"SCM.4001","error_msg":"busy"})", ""});
    ScmClient client(options());
    auto all = list_all_certificates(client);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().code, ErrorCode::remote);
    EXPECT_EQ(all.error().message, "GET /v3/scm/certificates: HTTP 503 SCM.4001 \"busy\" (request id \"req-4\"); "
                                   "gave up after 4 attempts");
    EXPECT_EQ(client.requests_sent(), 4);
}

TEST_F(ScmClientTest, WrongSecretKeyIsAClearAuthenticationError)
{
    ClientOptions bad = options();
    bad.credentials.secret_key = "WRONGSECRET";
    ScmClient client(bad);
    auto all = list_all_certificates(client);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().message,
              "GET /v3/scm/certificates: HTTP 401 APIGW.0301 \"Incorrect IAM authentication information: verify aksk "
              "signature fail\" (request id \"req-1\"); check HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN "
              "for temporary credentials)");
    EXPECT_EQ(all.error().message.find("WRONGSECRET"), std::string::npos);
    EXPECT_EQ(client.requests_sent(), 1);
    EXPECT_EQ(emulator.rejections(), std::vector<std::string>{"APIGW.0301 signature mismatch"});
}

TEST_F(ScmClientTest, ServedApigw0301BodyIsReported)
{
    emulator.inject(
        {"/v3/scm/certificates", 401,
         R"({"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: ak not found"})", ""});
    ScmClient client(options());
    auto page = client.list_certificates(0, 50);
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().message,
              "GET /v3/scm/certificates: HTTP 401 APIGW.0301 \"Incorrect IAM authentication information: ak not "
              "found\" (request id \"req-1\"); check HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for "
              "temporary credentials)");
}

TEST_F(ScmClientTest, ClockSkewIsRefusedByTheGateway)
{
    ClientOptions skewed = options();
    skewed.clock = [] { return system_clock_now() - std::chrono::minutes{20}; };
    ScmClient client(skewed);
    auto page = client.list_certificates(0, 50);
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().message,
              "GET /v3/scm/certificates: HTTP 401 APIGW.0303 \"Incorrect app authentication information: request "
              "expired\" (request id \"req-1\"); the system clock differs from the gateway's by more than 15 minutes");
    EXPECT_EQ(emulator.rejections(), std::vector<std::string>{"APIGW.0303 clock skew"});
}

TEST_F(ScmClientTest, SmallSkewIsAccepted)
{
    ClientOptions skewed = options();
    skewed.clock = [] { return system_clock_now() - std::chrono::minutes{10}; };
    ScmClient client(skewed);
    EXPECT_TRUE(client.list_certificates(0, 50));
}

TEST_F(ScmClientTest, SecurityTokenIsSentAndSigned)
{
    emulator.security_token = "TEMPORARY-TOKEN";
    ScmClient with_token(options());
    auto page = with_token.list_certificates(0, 50);
    ASSERT_TRUE(page) << page.error().describe();
    ClientOptions without = options();
    without.credentials.security_token.reset();
    ScmClient without_token(without);
    auto refused = without_token.list_certificates(0, 50);
    ASSERT_FALSE(refused);
    EXPECT_EQ(emulator.rejections(), std::vector<std::string>{"APIGW.0301 security token missing, unsigned or wrong"});
    const std::vector<std::string> seen = emulator.authorizations();
    ASSERT_EQ(seen.size(), 2U);
    EXPECT_NE(seen[0].find("SignedHeaders=host;x-sdk-date;x-security-token, "), std::string::npos) << seen[0];
}

TEST_F(ScmClientTest, ShowsACertificate)
{
    auto certificates = testing::numbered_certificates(2, at("2027-01-01T00:00:00Z"));
    certificates[1].status = "UPLOAD";
    emulator.set_certificates(certificates);
    ScmClient client(options());
    auto details = client.show_certificate("scs0000000000002");
    ASSERT_TRUE(details) << details.error().describe();
    EXPECT_EQ(details->status, "UPLOAD");
    EXPECT_EQ(details->not_after, "2027-01-02T00:00:00Z");
    auto missing = client.show_certificate("scs9999999999999");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "GET /v3/scm/certificates/scs9999999999999: HTTP 400 SCM.0008 \"Invalid "
                                       "certificate ID\" (request id \"req-2\")");
}

TEST_F(ScmClientTest, TogglesAreBatchedIntoOneCall)
{
    emulator.set_certificates(testing::numbered_certificates(3, at("2027-01-01T00:00:00Z")));
    ScmClient client(options());
    ASSERT_TRUE(client.set_notification({"scs0000000000001", "scs0000000000003"}, false));
    ASSERT_TRUE(client.set_notification({"scs0000000000002"}, true));
    const auto toggles = emulator.toggles();
    ASSERT_EQ(toggles.size(), 3U);
    EXPECT_EQ(toggles[0].resource_id, "scs0000000000001");
    EXPECT_FALSE(toggles[0].enabled);
    EXPECT_EQ(toggles[0].notice_types, (std::vector<std::string>{"CERT_EXPIRING", "CERT_EXPIRED"}));
    EXPECT_EQ(toggles[1].resource_id, "scs0000000000003");
    EXPECT_EQ(toggles[2].resource_id, "scs0000000000002");
    EXPECT_TRUE(toggles[2].enabled);
    EXPECT_EQ(emulator.requests(),
              (std::vector<std::string>{"POST /v3/scm/notification/disable", "POST /v3/scm/notification/enable"}));
    EXPECT_TRUE(emulator.rejections().empty());
}

TEST_F(ScmClientTest, MalformedAndOversizedAnswersAreErrors)
{
    emulator.inject({"/v3/scm/certificates", 200, "not json at all", ""});
    ScmClient client(options());
    auto page = client.list_certificates(0, 50);
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().message, "GET /v3/scm/certificates at offset 0: unexpected API response: not JSON");

    emulator.inject({"/v3/scm/certificates", 200, std::string(4096, ' ') + "{}", ""});
    ClientOptions small = options();
    small.max_response_bytes = 1024;
    ScmClient limited(small);
    auto big = limited.list_certificates(0, 50);
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().message, "GET /v3/scm/certificates: the answer from 127.0.0.1:" +
                                       std::to_string(emulator.port()) + " is larger than 1024 bytes");
    EXPECT_EQ(limited.requests_sent(), 1);
}

TEST_F(ScmClientTest, SlowServerTimesOut)
{
    emulator.delay(std::chrono::milliseconds{1500});
    ClientOptions quick = options();
    quick.read_timeout = std::chrono::milliseconds{400};
    quick.max_attempts = 2;
    ScmClient client(quick);
    auto page = client.list_certificates(0, 50);
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code, ErrorCode::network);
    EXPECT_EQ(page.error().message,
              "GET /v3/scm/certificates: no complete answer from 127.0.0.1:" + std::to_string(emulator.port()) +
                  " within 400 ms (timed out or connection closed)");
    EXPECT_EQ(client.requests_sent(), 2);
}

TEST_F(ScmClientTest, UntrustedServerCertificateIsRefusedWithoutRetry)
{
    ClientOptions untrusted = options();
    const testing::TempDir directory;
    const testing::TestCertificate other = testing::make_certificate({});
    untrusted.ca_file = directory.write("other.pem", other.pem());
    ScmClient client(untrusted);
    auto page = client.list_certificates(0, 50);
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().message,
              "GET /v3/scm/certificates: the TLS certificate of 127.0.0.1:" + std::to_string(emulator.port()) +
                  " could not be verified; for a private endpoint give its CA bundle (--ca-file "
                  "or SSL_CERT_FILE)");
    EXPECT_EQ(client.requests_sent(), 1);
    EXPECT_TRUE(emulator.requests().empty());
}

TEST(ScmClientConnection, RefusedConnectionIsANetworkError)
{
    // Bind a port, then close it, so nothing listens there.
    const int descriptor = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(descriptor, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ASSERT_EQ(::getsockname(descriptor, reinterpret_cast<sockaddr*>(&address), &length), 0);
    const int port = ntohs(address.sin_port);
    ::close(descriptor);
    ClientOptions options;
    options.endpoint = *parse_endpoint("https://127.0.0.1:" + std::to_string(port));
    options.credentials = Credentials{"ak", "sk", std::nullopt};
    options.max_attempts = 2;
    std::vector<std::chrono::milliseconds> sleeps;
    options.sleep = [&](std::chrono::milliseconds duration) { sleeps.push_back(duration); };
    ScmClient client(options);
    auto page = client.list_certificates(0, 50);
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code, ErrorCode::network);
    EXPECT_EQ(page.error().message, "GET /v3/scm/certificates: cannot connect to 127.0.0.1:" + std::to_string(port));
    EXPECT_EQ(sleeps.size(), 1U);
}

TEST_F(ScmClientTest, EmulatorRefusesMalformedOrIncompleteSignatures)
{
    httplib::SSLClient raw("127.0.0.1", emulator.port());
    raw.set_ca_cert_path(emulator.ca_file());
    const std::string date = format_sdk_date(system_clock_now());
    const auto send = [&](const std::string& authorization) {
        httplib::Headers headers{{"X-Sdk-Date", date}, {"Authorization", authorization}};
        auto response = raw.Get("/v3/scm/certificates", headers);
        return response ? response->status : -1;
    };
    EXPECT_EQ(send("Bearer token"), 401);
    EXPECT_EQ(send("SDK-HMAC-SHA256 Access=TESTACCESSKEY, SignedHeaders=x-sdk-date, Signature=" + std::string(64, 'a')),
              401);
    EXPECT_EQ(emulator.rejections(), (std::vector<std::string>{"APIGW.0301 bad Authorization shape",
                                                               "APIGW.0301 host and x-sdk-date must be signed"}));
}

} // namespace
} // namespace certgate::huaweicloud
