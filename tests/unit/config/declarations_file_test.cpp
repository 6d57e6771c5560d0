#include "certgate/adapters/config/declarations_file.hpp"

#include <gtest/gtest.h>

#include <string>

namespace certgate::config {
namespace {

std::string error_of(const std::string& text)
{
    auto parsed = parse_declarations_file(text, "d.json");
    return parsed ? "parsed" : parsed.error().describe();
}

TEST(DeclarationsFile, ReadsTypedEntriesInDocumentOrder)
{
    auto file = parse_declarations_file(R"({
        "$schema": "https://example.com/declarations.schema.json",
        "certificates": [{"name": "web", "id": "ab", "not_after": "2027-01-01T00:00:00Z",
                          "expiration_notification": false,
                          "policy": {"timezone": "Asia/Shanghai", "console_reminder_days": 14,
                                     "milestones": ["1mo", "1w"]}}],
        "recipients": [{"name": "ops", "email": "ops@example.com", "channels": "email, sms"}],
        "notifications": [{"certificate": "web", "enabled": true, "recipients": ["ops"],
                           "milestones": ["2mo", "3d"]}]})",
                                        "d.json");
    ASSERT_TRUE(file) << file.error().describe();
    ASSERT_EQ(file->certificates.size(), 1U);
    const FileCertificate& certificate = file->certificates.front();
    EXPECT_EQ(certificate.pointer, "/certificates/0");
    EXPECT_EQ(certificate.name, "web");
    EXPECT_EQ(certificate.id, "ab");
    EXPECT_EQ(certificate.not_after, "2027-01-01T00:00:00Z");
    EXPECT_EQ(certificate.certificate_file, "");
    EXPECT_EQ(certificate.expiration_notification, false);
    EXPECT_EQ(certificate.policy.at("timezone"), "Asia/Shanghai");
    EXPECT_EQ(certificate.policy.at("console_reminder_days"), "14");
    EXPECT_EQ(certificate.policy.at("milestones"), "1mo,1w");
    ASSERT_EQ(file->recipients.size(), 1U);
    EXPECT_EQ(file->recipients.front().pointer, "/recipients/0");
    EXPECT_EQ(file->recipients.front().channels, (std::vector<std::string>{"email", "sms"}));
    EXPECT_EQ(file->recipients.front().categories, std::nullopt);
    ASSERT_EQ(file->notifications.size(), 1U);
    EXPECT_EQ(file->notifications.front().certificate, "web");
    EXPECT_EQ(file->notifications.front().enabled, true);
    EXPECT_EQ(file->notifications.front().recipients, (std::vector<std::string>{"ops"}));
    EXPECT_EQ(file->notifications.front().milestones, "2mo,3d");
}

TEST(DeclarationsFile, MalformedJsonIsWordedAsEveryReaderWordsItAndNeverQuotesTheFile)
{
    const std::string message = error_of("{\n  \"recipients\": [\n    {\"name\": TOPSECRET}]}");
    EXPECT_EQ(message.find("TOPSECRET"), std::string::npos) << message;
    EXPECT_EQ(message, "d.json: invalid JSON at line 3, column 14 (byte 33): invalid literal; expected a declarations "
                       "file (schemas/declarations.schema.json)");
    EXPECT_EQ(error_of(""), "d.json: invalid JSON at line 1, column 1 (byte 0): unexpected end of input; expected '[', "
                            "'{', or a literal; expected a declarations file (schemas/declarations.schema.json)");
}

TEST(DeclarationsFile, SplitListTakesAJsonArrayOrCommas)
{
    EXPECT_EQ(split_list(R"(["a", 1, "b"])"), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(split_list(" a ,, b\t"), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(split_list("[not json"), (std::vector<std::string>{"[not json"}));
    EXPECT_TRUE(split_list("").empty());
}

} // namespace
} // namespace certgate::config
