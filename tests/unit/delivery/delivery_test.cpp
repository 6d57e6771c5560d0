#include "certgate/adapters/delivery/codes.hpp"
#include "certgate/adapters/delivery/email.hpp"
#include "certgate/adapters/delivery/webhook.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace certgate::delivery {
namespace {

using certgate::testing::at;

TEST(SmtpData, DotStuffsAndNormalisesLineEnds)
{
    EXPECT_EQ(smtp_data("a\n.b\r\n..c"), "a\r\n..b\r\n...c\r\n.\r\n");
    EXPECT_EQ(smtp_data(".\n"), "..\r\n.\r\n");
    EXPECT_EQ(smtp_data(""), ".\r\n");
}

TEST(FormatEmail, WritesMultipartAlternativeAndStripsHeaderInjection)
{
    const EmailMessage message{"ops@example.com", "web expires\r\nBcc: evil@example.com", "text body", "<p>html</p>",
                               "abc@certgate"};
    const std::string text = format_email(message, "certgate@example.com", at("2026-12-04T08:05:09Z"));
    EXPECT_NE(text.find("Subject: web expires  Bcc: evil@example.com\r\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos);
    EXPECT_NE(text.find("Date: Fri, 04 Dec 2026 08:05:09 +0000\r\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Message-ID: <abc@certgate>\r\n"), std::string::npos);
    EXPECT_NE(text.find("Content-Type: multipart/alternative; boundary=\"certgate-abc@certgate-alt\"\r\n"),
              std::string::npos);
    EXPECT_NE(text.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
    EXPECT_NE(text.find("Content-Type: text/html; charset=utf-8\r\n"), std::string::npos);
    EXPECT_NE(text.find("--certgate-abc@certgate-alt--\r\n"), std::string::npos);
}

TEST(FormatEmail, EncodesANonAsciiSubject)
{
    const EmailMessage message{"ops@example.com", "证书 expires", "t", "h", "x@certgate"};
    const std::string text = format_email(message, "a@example.com", at("2026-12-04T08:00:00Z"));
    EXPECT_NE(text.find("Subject: =?UTF-8?B?6K+B5LmmIGV4cGlyZXM=?=\r\n"), std::string::npos) << text;
}

TEST(SmtpTls, ParsesModes)
{
    EXPECT_EQ(*parse_smtp_tls("none"), SmtpTls::none);
    EXPECT_EQ(*parse_smtp_tls("starttls"), SmtpTls::starttls);
    EXPECT_EQ(*parse_smtp_tls("implicit"), SmtpTls::implicit);
    auto bad = parse_smtp_tls("ssl");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().describe(),
              "--smtp-tls: unknown TLS mode \"ssl\", expected one of: none, starttls, implicit");
}

TEST(Codes, AreEightRandomDigitsAndHashWithSalt)
{
    const auto first = random_code();
    const auto second = random_code();
    ASSERT_EQ(first.size(), 8U);
    EXPECT_TRUE(std::all_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; }));
    EXPECT_NE(first, second);
    // sha256("salt:12345678")
    EXPECT_EQ(hash_code("12345678", "salt"), "2967738c63034acf674d8d481d9ca87b6326d22662c8b053935e5510e40f6085");
    EXPECT_NE(hash_code("12345678", "salt"), hash_code("12345678", "pepper"));
    EXPECT_EQ(hash_code("12345678", "salt").size(), 64U);
    EXPECT_EQ(random_hex(16).size(), 32U);
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

TEST(Webhook, SignsWithHmacSha256)
{
    // RFC 4231-style known answer (key "key", the quick brown fox).
    EXPECT_EQ(webhook_signature("key", "The quick brown fox jumps over the lazy dog"),
              "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST(Webhook, RefusesBadUrls)
{
    for (const std::string url : {"ftp://x/", "example.com/hook", "http://", "http://a b/"}) {
        auto checked = validate_webhook_url(url);
        ASSERT_FALSE(checked) << url;
        EXPECT_EQ(checked.error().where, "--webhook-url");
    }
    EXPECT_EQ(validate_webhook_url("ftp://x/").error().message,
              "expected an http:// or https:// URL, got \"ftp://x/\"");
    EXPECT_TRUE(validate_webhook_url("http://127.0.0.1:8080/hook"));
}

class Receiver {
public:
    explicit Receiver(int status, std::chrono::milliseconds delay = {}) : m_status(status), m_delay(delay)
    {
        m_server.Post("/hook", [this](const httplib::Request& request, httplib::Response& response) {
            m_body = request.body;
            m_signature = request.get_header_value("X-Certgate-Signature");
            m_key = request.get_header_value("Idempotency-Key");
            m_type = request.get_header_value("Content-Type");
            ++m_count;
            std::this_thread::sleep_for(m_delay);
            response.status = m_status;
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        while (!m_server.is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds{1});
        }
    }
    ~Receiver()
    {
        m_server.stop();
        m_thread.join();
    }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/hook"; }
    int m_status;
    std::chrono::milliseconds m_delay;
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
    std::string m_body, m_signature, m_key, m_type;
    std::atomic<int> m_count{0};
};

TEST(Webhook, PostsSignedJsonWithAnIdempotencyKey)
{
    Receiver receiver(200);
    WebhookSettings settings{receiver.url(), "s3cret", std::nullopt, std::chrono::milliseconds{5000}};
    ASSERT_TRUE(post_webhook(settings, WebhookRequest{R"({"a":1})", "key-1"}));
    EXPECT_EQ(receiver.m_body, R"({"a":1})");
    EXPECT_EQ(receiver.m_signature, webhook_signature("s3cret", R"({"a":1})"));
    EXPECT_EQ(receiver.m_key, "key-1");
    EXPECT_EQ(receiver.m_type, "application/json");
}

TEST(Webhook, ReportsAServerError)
{
    Receiver receiver(500);
    WebhookSettings settings{receiver.url(), "", std::nullopt, std::chrono::milliseconds{5000}};
    auto posted = post_webhook(settings, WebhookRequest{"{}", "k"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, ErrorCode::remote);
    EXPECT_EQ(posted.error().describe(), receiver.url() + ": answered HTTP 500, expected 2xx");
}

TEST(Webhook, TimesOut)
{
    Receiver receiver(200, std::chrono::milliseconds{1500});
    WebhookSettings settings{receiver.url(), "", std::nullopt, std::chrono::milliseconds{200}};
    auto posted = post_webhook(settings, WebhookRequest{"{}", "k"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, ErrorCode::network);
    EXPECT_EQ(posted.error().message.rfind("no answer within 200 ms", 0), 0U) << posted.error().message;
}

TEST(Webhook, ReportsARefusedConnection)
{
    int port = 0;
    {
        Receiver receiver(200);
        port = receiver.m_port;
    }
    WebhookSettings settings{"http://127.0.0.1:" + std::to_string(port) + "/hook", "", std::nullopt,
                             std::chrono::milliseconds{2000}};
    auto posted = post_webhook(settings, WebhookRequest{"{}", "k"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, ErrorCode::network);
}

/// A scripted SMTP server: answers each received line from a script.
class ScriptedSmtp {
public:
    explicit ScriptedSmtp(std::vector<std::string> replies, std::string greeting = "220 test ESMTP\r\n")
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(m_listener, 1);
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this, replies = std::move(replies), greeting = std::move(greeting)] {
            const int client = ::accept(m_listener, nullptr, nullptr);
            if (client < 0) {
                return;
            }
            ::send(client, greeting.data(), greeting.size(), MSG_NOSIGNAL);
            std::string buffer;
            bool in_data = false;
            std::size_t next = 0;
            char chunk[4096];
            // Reads until the client hangs up, so a silent server stays silent.
            while (true) {
                const auto got = ::recv(client, chunk, sizeof chunk, 0);
                if (got <= 0) {
                    break;
                }
                buffer.append(chunk, static_cast<std::size_t>(got));
                std::size_t end = 0;
                while ((end = buffer.find("\r\n")) != std::string::npos && next < replies.size()) {
                    const std::string line = buffer.substr(0, end);
                    buffer.erase(0, end + 2);
                    m_received += line + "\n";
                    if (in_data && line != ".") {
                        continue;
                    }
                    if (line == "DATA") {
                        in_data = true;
                    } else if (line == ".") {
                        in_data = false;
                    }
                    ::send(client, replies[next].data(), replies[next].size(), MSG_NOSIGNAL);
                    ++next;
                }
            }
            ::close(client);
        });
    }
    ~ScriptedSmtp()
    {
        ::shutdown(m_listener, SHUT_RDWR);
        ::close(m_listener);
        m_thread.join();
    }
    int m_listener = -1;
    unsigned short m_port = 0;
    std::thread m_thread;
    std::string m_received;
};

SmtpSettings plain(unsigned short port)
{
    SmtpSettings settings;
    settings.host = "127.0.0.1";
    settings.port = port;
    settings.tls = SmtpTls::none;
    settings.from = "certgate@example.com";
    settings.timeout = std::chrono::milliseconds{2000};
    return settings;
}

const EmailMessage k_message{"ops@example.com", "s", "line\n.dot", "<p>h</p>", "id@certgate"};

TEST(SmtpClient, SendsWithAuthPlainAndDotStuffing)
{
    std::string received;
    {
        ScriptedSmtp server({"250-test\r\n250-AUTH LOGIN PLAIN\r\n250 8BITMIME\r\n", "235 ok\r\n", "250 ok\r\n",
                             "250 ok\r\n", "354 go\r\n", "250 queued\r\n", "221 bye\r\n"});
        auto settings = plain(server.m_port);
        settings.user = "user";
        settings.password = "pass";
        ASSERT_TRUE(send_email(settings, k_message, at("2026-12-04T08:00:00Z")));
        server.m_thread.join();
        server.m_thread = std::thread([] {});
        received = server.m_received;
    }
    EXPECT_NE(received.find("EHLO localhost\n"), std::string::npos);
    EXPECT_NE(received.find("AUTH PLAIN AHVzZXIAcGFzcw==\n"), std::string::npos) << received;
    EXPECT_NE(received.find("MAIL FROM:<certgate@example.com> BODY=8BITMIME\n"), std::string::npos);
    EXPECT_NE(received.find("RCPT TO:<ops@example.com>\n"), std::string::npos);
    EXPECT_NE(received.find("\n..dot\n"), std::string::npos) << received;
    EXPECT_NE(received.find("QUIT\n"), std::string::npos);
}

TEST(SmtpClient, FallsBackToAuthLogin)
{
    std::string received;
    {
        ScriptedSmtp server({"250-test\r\n250 AUTH LOGIN\r\n", "334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n",
                             "235 ok\r\n", "250 ok\r\n", "250 ok\r\n", "354 go\r\n", "250 queued\r\n", "221 bye\r\n"});
        auto settings = plain(server.m_port);
        settings.user = "user";
        settings.password = "pass";
        ASSERT_TRUE(send_email(settings, k_message, at("2026-12-04T08:00:00Z")));
        server.m_thread.join();
        server.m_thread = std::thread([] {});
        received = server.m_received;
    }
    EXPECT_NE(received.find("AUTH LOGIN\ndXNlcg==\ncGFzcw==\n"), std::string::npos) << received;
}

TEST(SmtpClient, QuotesARefusal)
{
    ScriptedSmtp server({"250 test\r\n", "250 ok\r\n", "550 5.1.1 no such user\r\n"});
    auto sent = send_email(plain(server.m_port), k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::remote);
    EXPECT_EQ(sent.error().describe(),
              "smtp://127.0.0.1:" + std::to_string(server.m_port) + ": refused RCPT TO: 550 5.1.1 no such user");
}

TEST(SmtpClient, RequiresStartTlsWhenAsked)
{
    ScriptedSmtp server({"250 test\r\n"});
    auto settings = plain(server.m_port);
    settings.tls = SmtpTls::starttls;
    auto sent = send_email(settings, k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().message, "does not offer STARTTLS (use --smtp-tls none or implicit)");
}

TEST(SmtpClient, RefusesGarbageReplies)
{
    ScriptedSmtp server({}, "HTTP/1.1 400 Bad Request\r\n");
    auto sent = send_email(plain(server.m_port), k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().message, "answered \"HTTP/1.1 400 Bad Request\", expected an SMTP reply");
}

TEST(SmtpClient, RefusesAnEndlessLine)
{
    ScriptedSmtp server({}, std::string(10000, '2'));
    auto sent = send_email(plain(server.m_port), k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().message, "answered a line longer than 4096 bytes");
}

TEST(SmtpClient, TimesOutOnASilentServer)
{
    ScriptedSmtp server({}, "");
    auto settings = plain(server.m_port);
    settings.timeout = std::chrono::milliseconds{200};
    auto sent = send_email(settings, k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::network);
    EXPECT_EQ(sent.error().message, "cannot read: timed out after 200 ms");
}

TEST(SmtpClient, ReportsARefusedConnection)
{
    unsigned short port = 0;
    {
        ScriptedSmtp server({}, "");
        port = server.m_port;
        const int poke = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::connect(poke, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::close(poke);
    }
    auto sent = send_email(plain(port), k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().describe(),
              "smtp://127.0.0.1:" + std::to_string(port) + ": cannot connect: connection refused");
}

TEST(SmtpClient, RefusesAddressesThatWouldInjectCommands)
{
    auto settings = plain(1);
    EmailMessage message = k_message;
    message.to = "a@example.com>\r\nRCPT TO:<b@example.com";
    auto sent = send_email(settings, message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::input);
}

} // namespace
} // namespace certgate::delivery
