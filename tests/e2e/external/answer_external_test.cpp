// answer_external in process, with the store seam replaced by a fake.

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/app/external.hpp"
#include "certgate/app/external_recipient.hpp"

#include "support/certificates.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace certgate::app {
namespace {

class FakeState final : public ExternalState {
public:
    Result<bool> recipient_verified(std::string_view id) override { return id == verified; }
    Result<std::optional<bool>> toggle_at_expiry(std::string_view id) override
    {
        if (id == "broken") {
            return make_error(ErrorCode::store, "database disk image is malformed", "fake.db");
        }
        return id == certificate ? std::optional<bool>{true} : std::nullopt;
    }
    std::string verified;
    std::string certificate;
};

ExternalEnvironment environment_with(std::shared_ptr<FakeState> state)
{
    ExternalEnvironment environment;
    environment.clock = testing::at("2026-11-30T09:00:00Z");
    environment.store_path = "fake.db";
    environment.open_state = [state](const std::string&) -> Result<std::unique_ptr<ExternalState>> {
        auto copy = std::make_unique<FakeState>();
        copy->verified = state->verified;
        copy->certificate = state->certificate;
        return std::unique_ptr<ExternalState>(std::move(copy));
    };
    return environment;
}

TEST(AnswerExternal, UsesTheInjectedClockAndState)
{
    auto state = std::make_shared<FakeState>();
    state->verified = recipient_id({"ops@example.com", ""});
    const ExternalEnvironment environment = environment_with(state);
    const ExternalAnswer answer = answer_external("recipient", R"({"email":"OPS@example.com"})", environment);
    EXPECT_EQ(answer.exit_code, 0);
    EXPECT_EQ(answer.err, "");
    EXPECT_NE(answer.out.find("\"verification\":\"verified\""), std::string::npos) << answer.out;

    const ExternalAnswer expiry = answer_external("expiry", R"({"not_after":"2026-12-11T12:00:00Z"})", environment);
    EXPECT_NE(expiry.out.find("\"now\":\"2026-11-30T09:00:00Z\""), std::string::npos) << expiry.out;
    EXPECT_NE(expiry.out.find("\"working_days_remaining\":\"9\""), std::string::npos) << expiry.out;
}

TEST(AnswerExternal, StoreFailuresNameTheStore)
{
    auto state = std::make_shared<FakeState>();
    const ExternalEnvironment environment = environment_with(state);
    const ExternalAnswer answer =
        answer_external("notification",
                        R"({"certificate":"0000000000000000000000000000000000000000000000000000000000000000",)"
                        R"("status":"expired"})",
                        environment);
    EXPECT_EQ(answer.exit_code, 0) << answer.err;
    ExternalEnvironment failing = environment;
    failing.open_state = [](const std::string&) -> Result<std::unique_ptr<ExternalState>> {
        return make_error(ErrorCode::store, "file is not a database", "fake.db");
    };
    const ExternalAnswer refused = answer_external("recipient", R"({"email":"a@example.com"})", failing);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_EQ(refused.out, "");
    EXPECT_EQ(refused.err, "certgate-external: recipient: CERTGATE_STORE: fake.db: file is not a database\n");
}

TEST(AnswerExternal, CommandReadsStdinWithTheLimit)
{
    std::istringstream in(R"({"email":"a@example.com"})");
    const ExternalAnswer answer = answer_external_command({"recipient"}, in, ExternalEnvironment{});
    EXPECT_EQ(answer.exit_code, 0) << answer.err;
    EXPECT_NE(answer.out.find("\"verification\":\"unknown\""), std::string::npos);
}

TEST(RecipientContacts, NormaliseAndId)
{
    EXPECT_EQ(normalise_email("A.B+tag@Sub.Example.ORG").value(), "a.b+tag@sub.example.org");
    EXPECT_EQ(normalise_mobile("+1 (415) 555-2671").value(), "+14155552671");
    EXPECT_EQ(recipient_id({"a@example.com", ""}), recipient_id({"a@example.com", ""}));
    EXPECT_NE(recipient_id({"a@example.com", ""}), recipient_id({"", "a@example.com"}));
    EXPECT_TRUE(is_recipient_id(recipient_id({"a@example.com", "+14155552671"})));
    EXPECT_FALSE(is_recipient_id("rcpt-0123456789ABCDEF"));
}

} // namespace
} // namespace certgate::app

namespace certgate::app {
namespace {

TEST(ExternalSchemas, EveryPolicySettingIsADocumentedQueryKey)
{
    for (const std::string kind : {"certificate", "expiry", "notification"}) {
        std::ifstream in(testing::source_path("schemas/external-" + kind + "-query.schema.json"));
        const nlohmann::json schema = nlohmann::json::parse(in);
        for (const std::string& name : config::setting_names()) {
            EXPECT_TRUE(schema.at("properties").contains(name)) << kind << ": " << name;
        }
        EXPECT_TRUE(schema.at("properties").contains("policy_file")) << kind;
        EXPECT_TRUE(schema.at("properties").contains("now")) << kind;
    }
}

TEST(AnswerExternal, SettingFilesResolveAgainstTheWorkingDirectory)
{
    ExternalEnvironment environment;
    environment.working_directory = testing::source_path("examples");
    const ExternalAnswer answer = answer_external(
        "expiry",
        R"({"not_after":"2026-10-09T12:00:00Z","now":"2026-09-28T09:00:00Z","timezone":"Asia/Shanghai",)"
        R"("holidays_file":"policy/china-holidays-2026.ics"})",
        environment);
    EXPECT_EQ(answer.exit_code, 0) << answer.err;
    const ExternalAnswer without = answer_external(
        "expiry", R"({"not_after":"2026-10-09T12:00:00Z","now":"2026-09-28T09:00:00Z","timezone":"Asia/Shanghai"})",
        environment);
    // The National Day holidays (October 1-7) leave fewer working days.
    EXPECT_NE(answer.out, without.out);
    const ExternalAnswer missing = answer_external(
        "expiry", R"({"not_after":"2026-10-09T12:00:00Z","holidays_file":"policy/none.ics"})", environment);
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_TRUE(missing.err.starts_with("certgate-external: expiry: holidays_file: ")) << missing.err;
}

} // namespace
} // namespace certgate::app
