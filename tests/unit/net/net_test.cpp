// The pure parts of the network client: answer collection under a cap, the
// SMTP dialogue as libcurl shows it, safe endpoints and time budgets.

#include "certgate/adapters/net/response_collector.hpp"
#include "certgate/adapters/net/smtp_reply.hpp"
#include "certgate/adapters/net/transfer.hpp"

#include <gtest/gtest.h>

namespace certgate::net {
namespace {

TEST(ResponseCollector, KeepsHeadersAndBodyUnderTheCap)
{
    ResponseCollector collector(120);
    EXPECT_TRUE(collector.header_line("HTTP/1.1 100 Continue\r\n"));
    EXPECT_TRUE(collector.header_line("X-Early: 1\r\n"));
    EXPECT_TRUE(collector.header_line("HTTP/1.1 200 OK\r\n")); // a new block: the 1xx headers go
    EXPECT_TRUE(collector.header_line("Retry-After:  5 \r\n"));
    EXPECT_TRUE(collector.header_line("\t: no name\r\n"));
    EXPECT_TRUE(collector.header_line("\r\n"));
    ASSERT_EQ(collector.headers().size(), 1U);
    EXPECT_EQ(collector.headers()[0], (std::pair<std::string, std::string>{"Retry-After", "5"}));
    EXPECT_TRUE(collector.body_bytes("abc"));
    EXPECT_FALSE(collector.over_cap());
    EXPECT_FALSE(collector.body_bytes(std::string(64, 'x')));
    EXPECT_TRUE(collector.over_cap());
    EXPECT_EQ(collector.take_body(), "abc");
}

TEST(SmtpDialogue, FollowsStagesAndJoinsMultiLineReplies)
{
    SmtpDialogue dialogue;
    EXPECT_EQ(dialogue.stage(), "the greeting");
    dialogue.server_bytes("220 mx ESMTP\r");
    dialogue.server_bytes("\n");
    ASSERT_TRUE(dialogue.last_reply());
    EXPECT_EQ(dialogue.last_reply()->code, 220);
    dialogue.client_line("EHLO localhost\r\n");
    dialogue.server_bytes("250-mx\r\n250 AUTH PLAIN\r\n");
    EXPECT_EQ(dialogue.last_reply()->text, "mx AUTH PLAIN");
    dialogue.client_line("AUTH PLAIN\r\n");
    dialogue.client_line("AHVzZXIAcGFzcw==\r\n"); // credentials: never a stage
    EXPECT_EQ(dialogue.stage(), "AUTH");
    dialogue.client_line("RCPT TO:<a@b>\r\n");
    dialogue.server_bytes("550 5.1.1 no\x1b such user\r\n");
    EXPECT_EQ(dialogue.stage(), "RCPT TO");
    EXPECT_EQ(dialogue.last_reply()->text, "5.1.1 no  such user");
    dialogue.client_line("QUIT\r\n");
    dialogue.server_bytes("221 bye\r\n"); // after QUIT nothing is kept
    EXPECT_EQ(dialogue.last_reply()->code, 550);
    EXPECT_EQ(dialogue.stage(), "RCPT TO");
}

TEST(SmtpDialogue, CountsMalformedLinesAndBoundsText)
{
    SmtpDialogue dialogue;
    dialogue.server_bytes("HTTP/1.1 400 Bad Request\r\n2x0 no\r\n");
    EXPECT_EQ(dialogue.malformed_lines(), 2U);
    EXPECT_FALSE(dialogue.last_reply());
    dialogue.server_bytes("250-" + std::string(5000, 'a') + "\r\n");
    for (int i = 0; i < 1000; ++i) {
        dialogue.server_bytes("250-" + std::string(100, 'b') + "\r\n");
    }
    dialogue.server_bytes("250 end\r\n");
    ASSERT_TRUE(dialogue.last_reply());
    EXPECT_LE(dialogue.last_reply()->text.size(), 300U);
    EXPECT_EQ(classify_reply(250), ReplyClass::positive);
    EXPECT_EQ(classify_reply(354), ReplyClass::positive);
    EXPECT_EQ(classify_reply(451), ReplyClass::transient);
    EXPECT_EQ(classify_reply(554), ReplyClass::permanent);
    EXPECT_EQ(classify_reply(999), ReplyClass::malformed);
}

TEST(Transfer, SafeEndpointsAndBudgets)
{
    EXPECT_EQ(safe_endpoint("https://a:b@hooks.example.com:8443/x?access_token=t#f"), "https://hooks.example.com:8443");
    EXPECT_EQ(safe_endpoint("https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN"), "https://open.feishu.cn");
    EXPECT_EQ(safe_endpoint("https://exa mple.com/"), "(invalid URL)");
    auto url = parse_url("https://user:pw@[::1]/hook");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->host, "::1");
    EXPECT_EQ(url->port, 443U);
    EXPECT_TRUE(url->has_user_info);
    EXPECT_FALSE(parse_url("no scheme"));
    Limits limits;
    limits.total = std::chrono::milliseconds{5000};
    const auto now = Clock::now();
    EXPECT_EQ(time_budget(limits, now), std::chrono::milliseconds{5000});
    limits.deadline = now + std::chrono::milliseconds{1200};
    EXPECT_EQ(time_budget(limits, now), std::chrono::milliseconds{1200});
    limits.deadline = now - std::chrono::seconds{1};
    EXPECT_EQ(time_budget(limits, now), std::chrono::milliseconds{0});
}

} // namespace
} // namespace certgate::net
