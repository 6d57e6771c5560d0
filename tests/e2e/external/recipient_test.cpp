// certgate-external recipient: contacts, the stable id and verification.

#include "expected_fields.hpp"
#include "terraform_client.hpp"

#include "certgate/adapters/store/store.hpp"
#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate::testing {
namespace {

using terraform::read_external;

TEST(ExternalRecipient, NormalisesContactsAndDefaultsChannels)
{
    auto read = read_external(
        "recipient",
        {{"name", "运维值班 Ops on call"}, {"email", "  Ops-OnCall@Example.COM "}, {"mobile", "+86 (138) 0013-8000"}});
    ASSERT_TRUE(read.ok) << read.process.err;
    EXPECT_TRUE(read.all_values_json_strings);
    EXPECT_EQ(read.result.at("name"), "运维值班 Ops on call");
    EXPECT_EQ(read.result.at("email"), "ops-oncall@example.com");
    EXPECT_EQ(read.result.at("mobile"), "+8613800138000");
    EXPECT_EQ(read.result.at("channels"), R"(["email","sms"])");
    EXPECT_EQ(read.result.at("categories"), R"(["certificate-expiration"])");
    EXPECT_EQ(read.result.at("verification"), "unknown");
    EXPECT_EQ(read.result.at("id"), "rcpt-" + std::string("") + read.result.at("id").substr(5));
    EXPECT_EQ(result_schema_errors("recipient", read.process.out), "");
}

TEST(ExternalRecipient, IdDependsOnlyOnNormalisedContacts)
{
    auto first =
        read_external("recipient", {{"name", "A"}, {"email", "OPS@example.com"}, {"mobile", "+8613800138000"}});
    auto second = read_external("recipient", {{"name", "B"},
                                              {"email", "ops@EXAMPLE.com"},
                                              {"mobile", "+86 138-0013-8000"},
                                              {"channels", "sms"},
                                              {"categories", "certificate-expired,certificate-expiration"}});
    auto other = read_external("recipient", {{"email", "ops@example.com"}});
    ASSERT_TRUE(first.ok && second.ok && other.ok);
    EXPECT_EQ(first.result.at("id"), second.result.at("id"));
    EXPECT_NE(first.result.at("id"), other.result.at("id"));
    EXPECT_EQ(second.result.at("channels"), R"(["sms"])");
    EXPECT_EQ(second.result.at("categories"), R"(["certificate-expiration","certificate-expired"])");
    // The id is "rcpt-" and the first 16 hex digits of SHA-256 over the contacts (docs/external.md).
    EXPECT_EQ(other.result.at("id"), "rcpt-" + std::string("") + other.result.at("id").substr(5, 16));
}

TEST(ExternalRecipient, InvalidContactsFailWithTheKey)
{
    const std::vector<std::pair<terraform::Query, std::string>> cases{
        {{{"email", "ops.example.com"}},
         "email: invalid e-mail address: it must hold exactly one \"@\"; expected name@example.com"},
        {{{"email", "ops@localhost"}},
         "email: invalid e-mail address: the domain needs a top-level domain such as .com; expected name@example.com"},
        {{{"email", "a..b@example.com"}},
         "email: invalid e-mail address: misplaced \".\" before \"@\"; expected name@example.com"},
        {{{"email", "运维@example.com"}},
         "email: invalid e-mail address: non-ASCII characters (write an internationalised domain in punycode, "
         "xn--…); expected name@example.com"},
        {{{"mobile", "13800138000"}},
         "mobile: invalid mobile number: the country code is missing (start with \"+\"); expected E.164 with the "
         "country code, such as +86 138 0013 8000"},
        {{{"mobile", "0086 13800138000"}},
         "mobile: invalid mobile number: write the international prefix 00 as \"+\"; expected E.164 with the country "
         "code, such as +86 138 0013 8000"},
        {{{"mobile", "+86 138 0013 8000 1234 5"}},
         "mobile: invalid mobile number: E.164 numbers have 7 to 15 digits, this one has 18; expected E.164 with the "
         "country code, such as +86 138 0013 8000"},
        {{{"mobile", "+86 138.0013.8000"}},
         "mobile: invalid mobile number: only digits may follow \"+\" (spaces, dashes and brackets are removed); "
         "expected E.164 with the country code, such as +86 138 0013 8000"},
        {{{"email", "a@example.com"}, {"channels", "sms"}},
         "channels: the sms channel needs a mobile number; add mobile"},
        {{{"email", "a@example.com"}, {"channels", "email,fax"}},
         "channels: unknown value \"fax\", expected one of: email, sms"},
        {{{"email", "a@example.com"}, {"channels", "email,"}}, "channels: empty item in the comma-separated list"},
        {{{"email", "a@example.com"}, {"categories", "spam"}},
         "categories: unknown value \"spam\", expected one of: certificate-expiration, certificate-expired"},
        {{{"email", "a@example.com"}, {"name", std::string(65, 'x')}},
         "name: too long: 65 characters, at most 64 allowed"},
        {{{"email", "a@example.com"}, {"name", "two\nlines"}},
         "name: control characters (such as line breaks) are not allowed"},
    };
    for (const auto& [query, message] : cases) {
        auto read = read_external("recipient", query);
        EXPECT_EQ(read.process.err, "certgate-external: recipient: " + message + "\n");
        EXPECT_EQ(read.process.exit_code, 1);
        EXPECT_EQ(read.process.out, "");
    }
    // 64 characters of CJK text (192 bytes) are within the limit.
    std::string cjk;
    for (int i = 0; i < 64; ++i) {
        cjk += "运";
    }
    EXPECT_TRUE(read_external("recipient", {{"email", "a@example.com"}, {"name", cjk}}).ok);
}

TEST(ExternalRecipient, VerificationComesFromTheStore)
{
    TempDir dir;
    const std::string path = (dir.path() / "certgate.db").string();
    auto unverified = read_external("recipient", {{"email", "ops@example.com"}}, "", {{"CERTGATE_STORE", path}});
    ASSERT_TRUE(unverified.ok) << unverified.process.err;
    EXPECT_EQ(unverified.result.at("verification"), "pending");
    {
        auto store = store::open_store(path);
        ASSERT_TRUE(store.has_value()) << store.error().describe();
        store::RecipientVerification record;
        record.recipient_id = unverified.result.at("id");
        record.state = store::VerificationState::pending;
        record.code_hash = "00";
        record.code_salt = "00";
        record.contacts = R"({"email":"ops@example.com"})";
        ASSERT_TRUE(store->start_verification(record, at("2026-11-30T09:00:00Z")).has_value());
        ASSERT_TRUE(store->mark_verified(record.recipient_id, at("2026-11-30T09:05:00Z"), "00").has_value());
    }
    auto verified = read_external("recipient", {{"email", "OPS@example.com"}}, "", {{"CERTGATE_STORE", path}});
    ASSERT_TRUE(verified.ok) << verified.process.err;
    EXPECT_EQ(verified.result.at("verification"), "verified");

    dir.write("not-a-db", "this is not sqlite, just text that is long enough to have a header......");
    auto broken = read_external("recipient", {{"email", "ops@example.com"}}, "",
                                {{"CERTGATE_STORE", (dir.path() / "not-a-db").string()}});
    EXPECT_FALSE(broken.ok);
    EXPECT_TRUE(broken.process.err.starts_with("certgate-external: recipient: CERTGATE_STORE: ")) << broken.process.err;
}

} // namespace
} // namespace certgate::testing
