#include "certgate/adapters/delivery/email.hpp"
#include "certgate/adapters/delivery/webhook.hpp"

#include "support/certificates.hpp"
#include "support/mime_message.hpp"
#include "support/webhook_receiver.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <thread>

namespace certgate::delivery {
namespace {

using certgate::testing::at;
using certgate::testing::WebhookReceiver;

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        lines.push_back(text.substr(start, end - start));
        start = end == std::string::npos ? text.size() : end + 2;
    }
    return lines;
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
    std::smatch boundary;
    ASSERT_TRUE(std::regex_search(
        text, boundary,
        std::regex("Content-Type: multipart/alternative;\r\n boundary=\"(=_certgate_[0-9a-f]{32})\"\r\n")))
        << text;
    EXPECT_NE(text.find("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"),
              std::string::npos);
    EXPECT_NE(text.find("Content-Type: text/html; charset=utf-8\r\n"), std::string::npos);
    EXPECT_NE(text.find("--" + boundary[1].str() + "--\r\n"), std::string::npos);
    // The boundary is random: it cannot be predicted from the message.
    const std::string again = format_email(message, "certgate@example.com", at("2026-12-04T08:05:09Z"));
    EXPECT_EQ(again.find(boundary[1].str()), std::string::npos);
}

TEST(FormatEmail, EncodesANonAsciiSubject)
{
    const EmailMessage message{"ops@example.com", "证书 expires", "t", "h", "x@certgate"};
    const std::string text = format_email(message, "a@example.com", at("2026-12-04T08:00:00Z"));
    EXPECT_NE(text.find("Subject: =?UTF-8?B?6K+B5LmmIGV4cGlyZXM=?=\r\n"), std::string::npos) << text;
}

TEST(FormatEmail, KeepsEveryLineShortAndSevenBit)
{
    const std::string long_word(3000, 'w');
    const std::string words = [] {
        std::string text;
        for (int i = 0; i < 400; ++i) {
            text += "word" + std::to_string(i) + " ";
        }
        return text + "end";
    }();
    for (const std::string& subject : {long_word, words, std::string("证书") + long_word}) {
        const EmailMessage message{"ops@example.com", subject, "é " + long_word + "\n" + words + "  \n",
                                   "<p>" + long_word, "x@certgate"};
        const std::string text = format_email(message, "a@example.com", at("2026-12-04T08:00:00Z"));
        for (const auto& line : lines_of(text)) {
            ASSERT_LE(line.size(), k_max_mail_line) << line;
            for (const char c : line) {
                ASSERT_LT(static_cast<unsigned char>(c), 0x80U);
            }
        }
        const auto parsed = testing::parse_mime(text);
        ASSERT_EQ(parsed.error, "");
        EXPECT_EQ(parsed.header("Subject"), subject);
        ASSERT_EQ(parsed.parts.size(), 2U);
        EXPECT_EQ(parsed.parts[0].body, message.text);
        EXPECT_EQ(parsed.parts[1].body, message.html);
    }
}

TEST(Addresses, AreValidatedForHeadersAndTheEnvelope)
{
    EXPECT_TRUE(valid_address("ops@example.com"));
    for (const std::string bad :
         {"", "ops", "a@b@c", "a b@c", "a@example.com>\r\nRCPT TO:<b@example.com", "é@x.y", "<a@b>", "a@b,c@d"}) {
        EXPECT_FALSE(valid_address(bad)) << bad;
    }
    EXPECT_FALSE(valid_address(std::string(250, 'a') + "@b.cn"));
}

TEST(SmtpSettingsCheck, RefusesClearTextAuthUnlessAllowed)
{
    SmtpSettings settings;
    settings.host = "mail.example.com";
    settings.from = "certgate@example.com";
    settings.tls = SmtpTls::none;
    settings.user = "mailer";
    auto refused = validate_smtp_settings(settings);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().where, "--smtp-user");
    settings.allow_plaintext_auth = true;
    EXPECT_TRUE(validate_smtp_settings(settings));
    settings.allow_plaintext_auth = false;
    settings.tls = SmtpTls::starttls;
    EXPECT_TRUE(validate_smtp_settings(settings));
}

TEST(Endpoints, NeverShowPathsQueriesOrUserInformation)
{
    EXPECT_EQ(describe_endpoint("https://oapi.dingtalk.com/robot/send?access_token=abc"), "https://oapi.dingtalk.com");
    EXPECT_EQ(describe_endpoint("https://hooks.slack.com/services/T0/B0/XYZ"), "https://hooks.slack.com");
    EXPECT_EQ(describe_endpoint("https://user:pass@example.com:8443/x#frag"), "https://example.com:8443");
    EXPECT_EQ(describe_endpoint("http://[::1]:8080/hook"), "http://[::1]:8080");
    EXPECT_EQ(describe_endpoint("not a url"), "(invalid URL)");
    EXPECT_EQ(printable_line("a\r\nb\x1b[2Jc"), "a\\x0d\\x0ab\\x1b[2Jc");
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

TEST(Webhook, SignsTheStandardWebhooksWay)
{
    // The reference vector of https://www.standardwebhooks.com/ (whsec_ secret: base64 key).
    EXPECT_EQ(webhook_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                R"({"test": 2432232314})"),
              "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    // Any other text is the key itself: HMAC-SHA256("key", "id.1.body").
    EXPECT_EQ(webhook_signature("key", "id", 1, "body"), "v1,sYA3/+8KvyXbe4KAKZy0QWKFoLKSHDq/QWu0xQZyY7s=");
}

TEST(Webhook, RefusesBadSettings)
{
    const auto check = [](const std::string& url, const std::string& secret, bool allow_http) {
        WebhookSettings settings;
        settings.url = url;
        settings.secret = secret;
        settings.allow_http = allow_http;
        return validate_webhook_settings(settings);
    };
    for (const std::string url : {"ftp://x/", "example.com/hook", "http://", "http://a b/", "https://"}) {
        auto checked = check(url, "s", true);
        ASSERT_FALSE(checked) << url;
        EXPECT_EQ(checked.error().where, "--webhook-url");
        EXPECT_EQ(checked.error().message.find(url.substr(0, 8) + "x"), std::string::npos);
    }
    EXPECT_EQ(check("ftp://x/?token=abc", "s", true).error().message, "expected an https:// URL, got scheme \"ftp\"");
    EXPECT_FALSE(check("http://127.0.0.1:8080/hook", "s", false));
    EXPECT_TRUE(check("http://127.0.0.1:8080/hook", "s", true));
    EXPECT_TRUE(check("https://127.0.0.1:8080/hook", "s", false));
    EXPECT_EQ(check("https://127.0.0.1:8080/hook", "", false).error().where, "--webhook-secret-env");
}

TEST(Webhook, ClassifiesStatuses)
{
    EXPECT_EQ(classify_webhook_status(200), WebhookStatus::sent);
    EXPECT_EQ(classify_webhook_status(204), WebhookStatus::sent);
    EXPECT_EQ(classify_webhook_status(400), WebhookStatus::permanent);
    EXPECT_EQ(classify_webhook_status(410), WebhookStatus::permanent);
    EXPECT_EQ(classify_webhook_status(404), WebhookStatus::temporary);
    EXPECT_EQ(classify_webhook_status(429), WebhookStatus::temporary);
    EXPECT_EQ(classify_webhook_status(503), WebhookStatus::temporary);
    EXPECT_EQ(classify_webhook_status(302), WebhookStatus::temporary);
}

WebhookSettings local(const std::string& url, std::chrono::milliseconds timeout)
{
    WebhookSettings settings;
    settings.url = url;
    settings.secret = "s3cret";
    settings.allow_http = true;
    settings.timeout = timeout;
    return settings;
}

TEST(Webhook, PostsSignedJsonWithAnIdempotencyKey)
{
    WebhookReceiver receiver(200);
    ASSERT_TRUE(
        post_webhook(local(receiver.url(), std::chrono::milliseconds{5000}), WebhookRequest{R"({"a":1})", "key-1"}));
    const auto got = receiver.take();
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0].body, R"({"a":1})");
    EXPECT_EQ(got[0].id, "key-1");
    EXPECT_EQ(got[0].signature, webhook_signature("s3cret", "key-1", std::stoll(got[0].timestamp), R"({"a":1})"));
    EXPECT_EQ(got[0].key, "key-1");
    EXPECT_EQ(got[0].content_type, "application/json");
}

TEST(Webhook, ReportsAServerErrorAsTemporary)
{
    WebhookReceiver receiver(500);
    auto posted = post_webhook(local(receiver.url(), std::chrono::milliseconds{5000}), WebhookRequest{"{}", "k"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, ErrorCode::network);
    EXPECT_FALSE(is_permanent_failure(posted.error()));
    EXPECT_EQ(posted.error().describe(),
              "http://127.0.0.1:" + std::to_string(receiver.port()) + ": answered HTTP 500, expected 2xx");
}

TEST(Webhook, ReportsABadRequestAsPermanent)
{
    WebhookReceiver receiver(422);
    auto posted = post_webhook(local(receiver.url(), std::chrono::milliseconds{5000}), WebhookRequest{"{}", "k"});
    ASSERT_FALSE(posted);
    EXPECT_TRUE(is_permanent_failure(posted.error()));
}

TEST(Webhook, EndsByTheDeadlineOfTheSend)
{
    WebhookReceiver receiver(200, std::chrono::milliseconds{3000});
    const auto start = std::chrono::steady_clock::now();
    auto posted = post_webhook(local(receiver.url(), std::chrono::milliseconds{10000}), WebhookRequest{"{}", "k"},
                               start + std::chrono::milliseconds{300});
    ASSERT_FALSE(posted);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds{2000});
    EXPECT_EQ(posted.error().code, ErrorCode::network);
    EXPECT_EQ(posted.error().message.rfind("no complete exchange within ", 0), 0U) << posted.error().message;
    auto late = post_webhook(local(receiver.url(), std::chrono::milliseconds{10000}), WebhookRequest{"{}", "k"},
                             std::chrono::steady_clock::now() - std::chrono::seconds{1});
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().message, "no time left before the deadline; not sent");
}

TEST(Webhook, ReportsARefusedConnection)
{
    int port = 0;
    {
        WebhookReceiver receiver(200);
        port = receiver.port();
    }
    auto posted =
        post_webhook(local("http://127.0.0.1:" + std::to_string(port) + "/hook", std::chrono::milliseconds{2000}),
                     WebhookRequest{"{}", "k"});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, ErrorCode::network);
    EXPECT_EQ(posted.error().message, "cannot connect (connection refused)");
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

TEST(SmtpClient, SendsWithAuthAndDotStuffing)
{
    std::string received;
    {
        ScriptedSmtp server({"250-test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n", "334 \r\n", "235 ok\r\n", "250 ok\r\n",
                             "250 ok\r\n", "354 go\r\n", "250 queued\r\n", "221 bye\r\n"});
        auto settings = plain(server.m_port);
        settings.user = "user";
        settings.password = "pass";
        settings.allow_plaintext_auth = true;
        ASSERT_TRUE(send_email(settings, k_message, at("2026-12-04T08:00:00Z")));
        server.m_thread.join();
        server.m_thread = std::thread([] {});
        received = server.m_received;
    }
    EXPECT_NE(received.find("EHLO localhost\n"), std::string::npos) << received;
    EXPECT_NE(received.find("AUTH PLAIN\nAHVzZXIAcGFzcw==\n"), std::string::npos) << received;
    EXPECT_NE(received.find("MAIL FROM:<certgate@example.com>"), std::string::npos) << received;
    EXPECT_EQ(received.find("8BITMIME", received.find("MAIL FROM")), std::string::npos) << received;
    EXPECT_NE(received.find("RCPT TO:<ops@example.com>\n"), std::string::npos);
    EXPECT_NE(received.find("\n..dot\n"), std::string::npos) << received;
}

TEST(SmtpClient, ClassifiesRefusals)
{
    struct Case {
        std::vector<std::string> script;
        ErrorCode code;
        std::string message;
    };
    const std::vector<Case> cases{
        {{"250 test\r\n", "250 ok\r\n", "550 5.1.1 no such user\r\n", "221 bye\r\n"},
         ErrorCode::remote,
         "permanently refused RCPT TO: 550 5.1.1 no such user"},
        {{"250 test\r\n", "250 ok\r\n", "450 4.2.1 mailbox busy\r\n", "221 bye\r\n"},
         ErrorCode::network,
         "refused RCPT TO: 450 4.2.1 mailbox busy"},
        {{"250 test\r\n", "553 5.7.1 sender rejected\r\n", "221 bye\r\n"},
         ErrorCode::network,
         "refused MAIL FROM: 553 5.7.1 sender rejected"},
        {{"250 test\r\n", "250 ok\r\n", "250 ok\r\n", "354 go\r\n", "554-5.6.0 message\r\n554 5.6.0 rejected\r\n",
          "221 bye\r\n"},
         ErrorCode::remote,
         "permanently refused the message: 554 5.6.0 message 5.6.0 rejected"},
    };
    for (const auto& test : cases) {
        ScriptedSmtp server(test.script);
        auto sent = send_email(plain(server.m_port), k_message, at("2026-12-04T08:00:00Z"));
        ASSERT_FALSE(sent);
        EXPECT_EQ(sent.error().code, test.code) << test.message;
        EXPECT_EQ(sent.error().describe(), "smtp://127.0.0.1:" + std::to_string(server.m_port) + ": " + test.message);
    }
}

TEST(SmtpClient, RequiresStartTlsWhenAsked)
{
    ScriptedSmtp server({"250 test\r\n", "221 bye\r\n"});
    auto settings = plain(server.m_port);
    settings.tls = SmtpTls::starttls;
    auto sent = send_email(settings, k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().message, "does not offer STARTTLS, which --smtp-tls starttls requires (use implicit, or "
                                    "none for a relay on a trusted network)");
}

TEST(SmtpClient, GarbageRepliesEndByTheDeadline)
{
    ScriptedSmtp server({}, "HTTP/1.1 400 Bad Request\r\n");
    auto settings = plain(server.m_port);
    settings.timeout = std::chrono::milliseconds{300};
    auto sent = send_email(settings, k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::network);
}

TEST(SmtpClient, AnEndlessLineIsBounded)
{
    ScriptedSmtp server({}, std::string(200000, '2'));
    auto sent = send_email(plain(server.m_port), k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::network) << sent.error().message;
}

TEST(SmtpClient, TimesOutOnASilentServer)
{
    ScriptedSmtp server({}, "");
    auto settings = plain(server.m_port);
    settings.timeout = std::chrono::milliseconds{200};
    auto sent = send_email(settings, k_message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::network);
    EXPECT_EQ(sent.error().message, "no complete exchange within 200 ms (timed out) (during the greeting)");
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
              "smtp://127.0.0.1:" + std::to_string(port) + ": cannot connect (connection refused)");
}

TEST(SmtpClient, RefusesAddressesThatWouldInjectCommands)
{
    auto settings = plain(1);
    EmailMessage message = k_message;
    message.to = "a@example.com>\r\nRCPT TO:<b@example.com";
    auto sent = send_email(settings, message, at("2026-12-04T08:00:00Z"));
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::input);
    EXPECT_TRUE(is_permanent_failure(sent.error()));
}

} // namespace
} // namespace certgate::delivery
