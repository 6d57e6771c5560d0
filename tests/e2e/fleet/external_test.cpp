// certgate-external with CERTGATE_STORE=postgresql://…: a plan reads
// verification and the toggle recorded at expiry from the shared store just
// as from an SQLite file.

#include "certgate/adapters/store/store.hpp"

#include "support/certificates.hpp"
#include "support/peers.hpp"
#include "support/postgres_server.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace certgate::testing {
namespace {

const std::string k_id = "0aece24643efe8316a58b1097c1c4c1995c5dd53be680f49b6bb1852d96cb393";

ProcessResult external(const std::string& kind, const nlohmann::json& query, const std::string& store)
{
    ProcessOptions options;
    options.stdin_text = query.dump();
    options.environment["CERTGATE_STORE"] = store;
    options.unset_environment = {"CERTGATE_NOW", "PGPASSWORD"};
    return run_process({external_program(), kind}, options);
}

TEST(ExternalPostgres, VerificationAndTheLockedToggleComeFromThePostgresStore)
{
    CERTGATE_REQUIRE_PEER(PostgresServer::shared() != nullptr, PostgresServer::postgres_missing());
    const auto url = PostgresServer::shared()->create_database();
    // Before anything was migrated: an empty store.
    const auto before = external("recipient", {{"email", "ops@example.com"}}, url);
    ASSERT_EQ(before.exit_code, 0) << before.err;
    const auto id = nlohmann::json::parse(before.out).at("id").get<std::string>();
    EXPECT_EQ(nlohmann::json::parse(before.out).at("verification"), "pending");
    {
        auto store = store::open_store(url);
        ASSERT_TRUE(store) << store.error().describe();
        store::RecipientVerification record;
        record.recipient_id = id;
        record.code_hash = "00";
        record.code_salt = "00";
        record.contacts = R"({"email":"ops@example.com"})";
        ASSERT_TRUE(store->start_verification(record, at("2026-11-30T09:00:00Z")));
        ASSERT_TRUE(store->mark_verified(id, at("2026-11-30T09:05:00Z"), "00"));
        ASSERT_TRUE(store->record_toggle_at_expiry(k_id, false));
    }
    const auto verified = external("recipient", {{"email", "OPS@example.com"}}, url);
    ASSERT_EQ(verified.exit_code, 0) << verified.err;
    EXPECT_EQ(nlohmann::json::parse(verified.out).at("verification"), "verified");
    const auto changed =
        external("notification", {{"certificate", k_id}, {"status", "expired"}, {"enabled", "true"}}, url);
    EXPECT_NE(changed.exit_code, 0);
    EXPECT_EQ(
        changed.err,
        "certgate-external: notification: enabled: rule \"the expiration-notification toggle cannot be changed "
        "once a certificate has expired\"; it was false when the certificate expired: set enabled to \"false\"\n");
    const auto kept = external("notification", {{"certificate", k_id}, {"status", "expired"}}, url);
    ASSERT_EQ(kept.exit_code, 0) << kept.err;
    EXPECT_EQ(nlohmann::json::parse(kept.out).at("enabled"), "false");
}

TEST(ExternalPostgres, AStoreThatCannotBeReachedFailsThePlanWithoutItsPassword)
{
    CERTGATE_REQUIRE_PEER(PostgresServer::shared() != nullptr, PostgresServer::postgres_missing());
    const auto wrong = PostgresServer::shared()->url("postgres", "certgate", "Plan-time-wr0ng");
    const auto failed = external("recipient", {{"email", "ops@example.com"}}, wrong);
    EXPECT_NE(failed.exit_code, 0);
    EXPECT_EQ(failed.err.rfind("certgate-external: recipient: CERTGATE_STORE: ", 0), 0U) << failed.err;
    EXPECT_NE(failed.err.find("(the server refused the credentials"), std::string::npos) << failed.err;
    EXPECT_EQ(failed.err.find("Plan-time-wr0ng"), std::string::npos) << failed.err;
}

} // namespace
} // namespace certgate::testing
