// certgate-external notification: toggle rules of SPEC section 3 and the schedule.

#include "expected_fields.hpp"
#include "terraform_client.hpp"

#include "certgate/adapters/store/store.hpp"
#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include "support/process.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace certgate::testing {
namespace {

using terraform::read_external;

const std::string k_id = "0aece24643efe8316a58b1097c1c4c1995c5dd53be680f49b6bb1852d96cb393";
const std::string k_rcpt_a = "rcpt-0123456789abcdef";
const std::string k_rcpt_b = "rcpt-fedcba9876543210";

TEST(ExternalNotification, ScheduleAndRecipients)
{
    auto read = read_external("notification", {{"certificate", k_id},
                                               {"status", "issued"},
                                               {"recipients", k_rcpt_a + ", " + k_rcpt_b},
                                               {"not_after", "2026-12-11T12:00:00Z"},
                                               {"now", "2026-11-30T09:00:00Z"}});
    ASSERT_TRUE(read.ok) << read.process.err;
    EXPECT_EQ(read.result.at("certificate"), k_id);
    EXPECT_EQ(read.result.at("enabled"), "true");
    EXPECT_EQ(read.result.at("toggle_locked"), "false");
    EXPECT_EQ(read.result.at("notifications"), "true");
    EXPECT_EQ(read.result.at("recipients"), "[\"" + k_rcpt_a + "\",\"" + k_rcpt_b + "\"]");
    EXPECT_EQ(read.result.at("unverified_recipients"), "");
    EXPECT_EQ(read.result.at("milestones"), R"(["2mo","1mo","1w","3d","1d","0d"])");
    EXPECT_EQ(read.result.at("next_milestone"), "1w");
    EXPECT_EQ(read.result.at("next_milestone_date"), "2026-12-04");
    const auto fields = engine_fields({std::nullopt, at("2026-12-11T12:00:00Z")}, Policy{}, at("2026-11-30T09:00:00Z"));
    EXPECT_EQ(read.result.at("schedule"), fields.at("schedule"));
    EXPECT_EQ(result_schema_errors("notification", read.process.out), "");

    // The same recipients as a JSON list (jsonencode()), colons and upper case in the id.
    std::string colon_id;
    for (std::size_t i = 0; i < k_id.size(); i += 2) {
        colon_id += (i ? ":" : "") + k_id.substr(i, 2);
    }
    std::transform(colon_id.begin(), colon_id.end(), colon_id.begin(), ::toupper);
    auto json_list = read_external("notification", {{"certificate", colon_id},
                                                    {"status", "issued"},
                                                    {"recipients", "[\"" + k_rcpt_a + "\",\"" + k_rcpt_b + "\"]"},
                                                    {"milestones", "1w,0d"}});
    ASSERT_TRUE(json_list.ok) << json_list.process.err;
    EXPECT_EQ(json_list.result.at("certificate"), k_id);
    EXPECT_EQ(json_list.result.at("recipients"), read.result.at("recipients"));
    EXPECT_EQ(json_list.result.at("milestones"), R"(["1w","0d"])");
    EXPECT_EQ(json_list.result.at("schedule"), "[]");
    EXPECT_EQ(json_list.result.at("not_after"), "");
    EXPECT_EQ(result_schema_errors("notification", json_list.process.out), "");
}

TEST(ExternalNotification, ToggleRulesCiteTheRule)
{
    auto uploaded_off = read_external("notification", {{"certificate", k_id}, {"enabled", "false"}});
    EXPECT_EQ(uploaded_off.process.err,
              "certgate-external: notification: enabled: rule \"an uploaded certificate has no "
              "expiration-notification toggle: it is always notified\"; remove enabled (or set it to \"true\"), or "
              "declare status issued or hosting\n");

    auto issued_off =
        read_external("notification", {{"certificate", k_id}, {"status", "issued"}, {"enabled", "false"}});
    ASSERT_TRUE(issued_off.ok) << issued_off.process.err;
    EXPECT_EQ(issued_off.result.at("enabled"), "false");
    EXPECT_EQ(issued_off.result.at("notifications"), "false");

    auto hosting = read_external("notification", {{"certificate", k_id}, {"status", "hosting"}});
    ASSERT_TRUE(hosting.ok);
    EXPECT_EQ(hosting.result.at("notifications"), "false");

    auto expired = read_external("notification", {{"certificate", k_id}, {"status", "expired"}, {"enabled", "false"}});
    ASSERT_TRUE(expired.ok) << expired.process.err;
    EXPECT_EQ(expired.result.at("toggle_locked"), "true");
    EXPECT_EQ(expired.result.at("effective_status"), "expired");

    auto by_date = read_external(
        "notification",
        {{"certificate", k_id}, {"status", "issued"}, {"not_after", "2026-11-20T12:00:00Z"}, {"now", "2026-11-30"}});
    ASSERT_TRUE(by_date.ok);
    EXPECT_EQ(by_date.result.at("effective_status"), "expired");
    EXPECT_EQ(by_date.result.at("toggle_locked"), "true");

    auto not_expired = read_external(
        "notification",
        {{"certificate", k_id}, {"status", "expired"}, {"not_after", "2027-11-20T12:00:00Z"}, {"now", "2026-11-30"}});
    EXPECT_EQ(not_expired.process.err, "certgate-external: notification: status: status is \"expired\" but not_after "
                                       "2027-11-20T12:00:00Z is not past; declare issued, hosting or uploaded\n");
}

TEST(ExternalNotification, ToggleCannotChangeAfterExpiryPerTheStore)
{
    TempDir dir;
    const std::string path = (dir.path() / "certgate.db").string();
    {
        auto store = store::open_store(path);
        ASSERT_TRUE(store.has_value()) << store.error().describe();
        ASSERT_TRUE(store->record_toggle_at_expiry(k_id, false).has_value());
    }
    const std::map<std::string, std::string> environment{{"CERTGATE_STORE", path}};
    auto changed = read_external("notification", {{"certificate", k_id}, {"status", "expired"}, {"enabled", "true"}},
                                 "", environment);
    EXPECT_EQ(
        changed.process.err,
        "certgate-external: notification: enabled: rule \"the expiration-notification toggle cannot be changed "
        "once a certificate has expired\"; it was false when the certificate expired: set enabled to \"false\"\n");
    auto kept = read_external("notification", {{"certificate", k_id}, {"status", "expired"}, {"recipients", k_rcpt_a}},
                              "", environment);
    ASSERT_TRUE(kept.ok) << kept.process.err;
    EXPECT_EQ(kept.result.at("enabled"), "false");
    EXPECT_EQ(kept.result.at("unverified_recipients"), "[\"" + k_rcpt_a + "\"]");
}

TEST(ExternalNotification, InvalidValuesFail)
{
    const std::vector<std::pair<terraform::Query, std::string>> cases{
        {{{"certificate", "abc"}},
         "certificate: invalid certificate id; expected a SHA-256 fingerprint of 64 hex digits (the id output of a "
         "certgate certificate data source)"},
        {{{"certificate", k_id}, {"recipients", "ops@example.com"}},
         "recipients: item 1 is not a recipient id; expected ids such as rcpt-0123456789abcdef (the id output of a "
         "certgate recipient data source)"},
        {{{"certificate", k_id}, {"recipients", k_rcpt_a + "," + k_rcpt_a}},
         "recipients: \"" + k_rcpt_a + "\" is listed twice"},
        {{{"certificate", k_id}, {"recipients", "[\"" + k_rcpt_a + "\",\"" + k_rcpt_a + "\"]"}},
         "recipients: \"" + k_rcpt_a + "\" is listed twice"},
        {{{"certificate", k_id}, {"recipients", "[1]"}}, "recipients: every item of the JSON list must be a string"},
        {{{"certificate", k_id}, {"enabled", "on"}}, "enabled: expected \"true\" or \"false\""},
        {{{"certificate", k_id}, {"status", "revoked"}},
         "status: invalid status \"revoked\", expected one of: issued, hosting, uploaded, expired"},
        {{{"certificate", k_id}, {"not_before", "2026-01-01"}}, "not_before: not_before needs not_after"},
        {{{"certificate", k_id}, {"recipient", k_rcpt_a}},
         "recipient: unknown query key \"recipient\"; did you mean \"recipients\"?"},
    };
    for (const auto& [query, message] : cases) {
        auto read = read_external("notification", query);
        EXPECT_EQ(read.process.err, "certgate-external: notification: " + message + "\n");
        EXPECT_EQ(read.process.out, "");
    }
}

// A query near the 1 MiB limit listing about 45,000 recipients, the first
// repeated at the end: the pairwise duplicate check took 37.5 s for 913 KB
// (and minutes on a loaded machine); a hash set answers at once. The
// generous timeout only stops a regression from hanging the suite; the
// assertions are on the answer.
TEST(ExternalNotification, LongRecipientListsAreCheckedInLinearTime)
{
    const auto id_of = [](int i) {
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016x", static_cast<unsigned>(i) * 2654435761U);
        return "rcpt-" + std::string(hex);
    };
    // 45,000 ids comma-separated and 38,000 as a JSON list (its quotes are
    // escaped again in the query) both stay under the 1 MiB query limit.
    std::string comma;
    for (int i = 0; i < 45'000; ++i) {
        comma += id_of(i) + ",";
    }
    comma += id_of(0);
    std::string json = "[";
    for (int i = 0; i < 38'000; ++i) {
        json += "\"" + id_of(i) + "\",";
    }
    json += "\"" + id_of(0) + "\"]";
    for (const std::string& list : {comma, json}) {
        ProcessOptions options;
        options.stdin_text = terraform::go_marshal({{"certificate", k_id}, {"recipients", list}});
        ASSERT_LT(options.stdin_text->size(), 1024U * 1024U);
        options.timeout = std::chrono::seconds(30);
        const ProcessResult run = run_process({external_program(), "notification"}, options);
        EXPECT_FALSE(run.timed_out);
        EXPECT_EQ(run.exit_code, 1);
        EXPECT_EQ(run.err, "certgate-external: notification: recipients: \"" + id_of(0) + "\" is listed twice\n");
        EXPECT_EQ(run.out, "");
    }
}

} // namespace
} // namespace certgate::testing
