// certgate_recipient and certgate_notification: plan, apply, read, import,
// the SPEC section 3 rules as plan errors, and version 0 state.

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/external_recipient.hpp"
#include "provider_test_support.hpp"
#include "support/temp_dir.hpp"

namespace certgate::testing {
namespace {

class ProviderResources : public ::testing::Test {
protected:
    ProviderResources()
    {
        app::ProviderEnvironment environment;
        environment.clock = at("2026-11-30T09:00:00Z");
        environment.store_variable = store_path;
        provider = configured_provider({{"now", tv::string_value("2026-11-30T09:00:00Z")}}, environment);
    }

    [[nodiscard]] tv::Value config(const std::string& type, const std::map<std::string, tv::Value>& given) const
    {
        return object_for(provider->schemas().resources.at(type), given);
    }

    // Plans and applies a change from `prior` to `configured`; fails the test on any diagnostic.
    tv::Value converge(const std::string& type, const tv::Value& prior, const tv::Value& configured)
    {
        auto planned = provider->plan_resource_change(type, prior, configured, configured, "");
        EXPECT_TRUE(planned.diagnostics.empty()) << (planned.diagnostics.empty() ? "" : planned.diagnostics[0].detail);
        auto applied = provider->apply_resource_change(type, prior, planned.planned_state, configured, "");
        EXPECT_TRUE(applied.diagnostics.empty()) << (applied.diagnostics.empty() ? "" : applied.diagnostics[0].detail);
        return applied.state;
    }

    store::Store open_store() const
    {
        auto opened = store::open_store(store_path);
        EXPECT_TRUE(opened) << (opened ? "" : opened.error().describe());
        return std::move(opened).value();
    }

    TempDir folder;
    std::string store_path = (folder.path() / "certgate.db").string();
    std::unique_ptr<ProviderService> provider;
};

TEST_F(ProviderResources, ARecipientIsRegisteredPendingAndItsVerificationShowsOnRead)
{
    const tv::Value ops = config("certgate_recipient",
                                 {{"name", tv::string_value("Ops")}, {"email", tv::string_value("Ops@Example.com")}});
    const tv::Value state = converge("certgate_recipient", tv::null_value(), ops);
    const std::string id = app::recipient_id({"ops@example.com", ""});
    EXPECT_EQ(field(state, "id").string, id);
    EXPECT_EQ(field(state, "email").string, "Ops@Example.com");
    EXPECT_EQ(field(state, "normalised_email").string, "ops@example.com");
    EXPECT_EQ(field(state, "normalised_mobile").kind, tv::ValueKind::null);
    EXPECT_EQ(field(state, "verification").string, "pending");
    ASSERT_EQ(field(state, "channels").items.size(), 1U);
    EXPECT_EQ(field(state, "channels").items[0].string, "email");

    store::Store store = open_store();
    auto record = store.find_recipient(id);
    ASSERT_TRUE(record && *record);
    EXPECT_EQ((*record)->state, store::VerificationState::pending);
    EXPECT_TRUE((*record)->code_hash.empty()); // no code yet: certgate notify sends it

    // certgate notify sends the code, certgate recipients verify confirms it.
    store::RecipientVerification sent;
    sent.recipient_id = id;
    sent.state = store::VerificationState::pending;
    sent.code_salt = "00";
    sent.code_hash = "hash";
    sent.code_expires_at = at("2026-12-01T09:00:00Z");
    sent.contacts = app::contacts_text({"ops@example.com", ""});
    auto started = store.start_verification(sent, at("2026-11-30T09:00:00Z"));
    ASSERT_TRUE(started && *started) << "a registered recipient gets its first code";
    ASSERT_TRUE(store.mark_verified(id, at("2026-11-30T10:00:00Z"), "hash"));

    const auto read = provider->read_resource("certgate_recipient", state, "");
    EXPECT_TRUE(read.diagnostics.empty());
    EXPECT_EQ(field(read.state, "verification").string, "verified");

    // A second plan with the same configuration keeps it verified.
    const auto replanned = provider->plan_resource_change("certgate_recipient", read.state, ops, ops, "");
    EXPECT_EQ(field(replanned.planned_state, "verification").string, "verified");
}

TEST_F(ProviderResources, AChangedContactRestartsVerificationAndDeleteRemoves)
{
    const tv::Value first = converge("certgate_recipient", tv::null_value(),
                                     config("certgate_recipient", {{"email", tv::string_value("ops@example.com")}}));
    const std::string first_id = field(first, "id").string;
    const tv::Value changed = config("certgate_recipient", {{"email", tv::string_value("ops@example.com")},
                                                            {"mobile", tv::string_value("+86 138 0013 8000")}});
    const auto planned = provider->plan_resource_change("certgate_recipient", first, changed, changed, "");
    EXPECT_TRUE(planned.requires_replace.empty()); // in place: same resource, new contacts
    const tv::Value second = converge("certgate_recipient", first, changed);
    const std::string second_id = field(second, "id").string;
    EXPECT_NE(first_id, second_id);
    EXPECT_EQ(field(second, "normalised_mobile").string, "+8613800138000");
    {
        store::Store store = open_store();
        EXPECT_FALSE(*store.find_recipient(first_id));
        EXPECT_EQ(*store.recipient_verification(second_id), store::VerificationState::pending);
    }
    const auto destroyed =
        provider->apply_resource_change("certgate_recipient", second, tv::null_value(), tv::null_value(), "");
    EXPECT_TRUE(destroyed.diagnostics.empty());
    EXPECT_EQ(destroyed.state.kind, tv::ValueKind::null);
    store::Store store = open_store();
    EXPECT_FALSE(*store.find_recipient(second_id));

    // Gone from the store: read says so, and the plan registers it again.
    const auto read = provider->read_resource("certgate_recipient", second, "");
    EXPECT_EQ(read.state.kind, tv::ValueKind::null);
}

TEST_F(ProviderResources, AStoreThatCannotBeReadKeepsTheStateWithTheStoresError)
{
    const tv::Value ops = config("certgate_recipient", {{"email", tv::string_value("ops@example.com")}});
    const tv::Value state = converge("certgate_recipient", tv::null_value(), ops);
    app::ProviderEnvironment environment;
    environment.clock = at("2026-11-30T09:00:00Z");
    environment.store_variable = folder.write("not-a-store.db", "a text file, not an SQLite database\n");
    const auto broken = configured_provider({{"now", tv::string_value("2026-11-30T09:00:00Z")}}, environment);

    const auto read = broken->read_resource("certgate_recipient", state, "");
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(read.diagnostics[0].summary, "The certgate store cannot be used");
    EXPECT_EQ(field(read.state, "id").string, field(state, "id").string);
    EXPECT_EQ(field(read.state, "verification").string, "pending");

    const auto destroyed =
        broken->apply_resource_change("certgate_recipient", state, tv::null_value(), tv::null_value(), "");
    ASSERT_EQ(destroyed.diagnostics.size(), 1U);
    EXPECT_EQ(destroyed.diagnostics[0].summary, "The certgate store cannot be used");
    EXPECT_EQ(field(destroyed.state, "id").string, field(state, "id").string);
}

TEST_F(ProviderResources, RecipientsAreImportedById)
{
    const tv::Value state = converge("certgate_recipient", tv::null_value(),
                                     config("certgate_recipient", {{"email", tv::string_value("ops@example.com")},
                                                                   {"mobile", tv::string_value("+8613800138000")}}));
    const auto imported = provider->import_resource_state("certgate_recipient", field(state, "id").string);
    ASSERT_TRUE(imported.diagnostics.empty()) << imported.diagnostics[0].detail;
    ASSERT_EQ(imported.imported.size(), 1U);
    EXPECT_EQ(field(imported.imported[0].state, "email").string, "ops@example.com");
    EXPECT_EQ(field(imported.imported[0].state, "mobile").string, "+8613800138000");
    EXPECT_EQ(field(imported.imported[0].state, "id").string, field(state, "id").string);
    EXPECT_EQ(field(imported.imported[0].state, "verification").string, "pending");

    const auto unknown = provider->import_resource_state("certgate_recipient", "rcpt-0000000000000000");
    ASSERT_EQ(unknown.diagnostics.size(), 1U);
    EXPECT_EQ(unknown.diagnostics[0].detail,
              "certgate_recipient: import: the store does not know rcpt-0000000000000000; declare the recipient and "
              "apply instead");
    const auto malformed = provider->import_resource_state("certgate_recipient", "ops");
    ASSERT_EQ(malformed.diagnostics.size(), 1U);
    EXPECT_EQ(malformed.diagnostics[0].summary, "Invalid recipient id");
}

TEST_F(ProviderResources, RecipientErrorsPointAtTheAttribute)
{
    const tv::Value bad = config("certgate_recipient", {{"mobile", tv::string_value("00861380013800")}});
    const auto planned = provider->plan_resource_change("certgate_recipient", tv::null_value(), bad, bad, "");
    ASSERT_EQ(planned.diagnostics.size(), 1U);
    EXPECT_EQ(planned.diagnostics[0].severity, tv::Severity::error);
    EXPECT_EQ(path_text(planned.diagnostics[0].attribute), "mobile");
}

const std::string k_certificate_id(64, 'a');

TEST_F(ProviderResources, TheNotificationScheduleIsComputed)
{
    const tv::Value notification =
        config("certgate_notification", {{"certificate", tv::string_value(k_certificate_id)},
                                         {"status", tv::string_value("issued")},
                                         {"not_after", tv::string_value("2026-12-11T12:00:00Z")}});
    const tv::Value state = converge("certgate_notification", tv::null_value(), notification);
    EXPECT_EQ(field(state, "id").string, k_certificate_id);
    EXPECT_TRUE(field(state, "enabled").boolean);
    EXPECT_FALSE(field(state, "toggle_locked").boolean);
    EXPECT_TRUE(field(state, "message_notifications").boolean);
    EXPECT_EQ(field(state, "next_milestone").string, "1w");
    EXPECT_EQ(field(state, "next_milestone_date").string, "2026-12-04");
    ASSERT_EQ(field(state, "schedule").items.size(), 6U);
    EXPECT_EQ(field(field(state, "schedule").items[1], "date").string, "2026-11-11");
    ASSERT_EQ(field(state, "milestones").items.size(), 6U);
    EXPECT_EQ(field(state, "unverified_recipients").items.size(), 0U);

    // Nothing changed: the plan is the state.
    const auto replanned =
        provider->plan_resource_change("certgate_notification", state, notification, notification, "");
    EXPECT_TRUE(replanned.diagnostics.empty());
    EXPECT_EQ(field(replanned.planned_state, "schedule").items.size(), 6U);
    EXPECT_TRUE(replanned.requires_replace.empty());
}

TEST_F(ProviderResources, AnUploadedCertificateHasNoToggleAtPlanTime)
{
    const tv::Value off = config("certgate_notification", {{"certificate", tv::string_value(k_certificate_id)},
                                                           {"enabled", tv::bool_value(false)}});
    const auto planned = provider->plan_resource_change("certgate_notification", tv::null_value(), off, off, "");
    ASSERT_EQ(planned.diagnostics.size(), 1U);
    EXPECT_EQ(planned.diagnostics[0].severity, tv::Severity::error);
    EXPECT_EQ(path_text(planned.diagnostics[0].attribute), "enabled");
    EXPECT_EQ(planned.diagnostics[0].summary,
              "rule \"an uploaded certificate has no expiration-notification toggle: it is always notified\"");
}

TEST_F(ProviderResources, AnExpiredCertificatesToggleCannotChangeAtPlanTime)
{
    // Applied on when the certificate had not expired yet ...
    const tv::Value on = config("certgate_notification", {{"certificate", tv::string_value(k_certificate_id)},
                                                          {"status", tv::string_value("issued")},
                                                          {"not_after", tv::string_value("2026-11-29T00:00:00Z")},
                                                          {"enabled", tv::bool_value(true)}});
    const tv::Value state = converge("certgate_notification", tv::null_value(), on);
    EXPECT_TRUE(field(state, "toggle_locked").boolean);
    EXPECT_EQ(field(state, "effective_status").string, "expired");

    // ... turning it off now is refused at the attribute.
    const tv::Value off = config("certgate_notification", {{"certificate", tv::string_value(k_certificate_id)},
                                                           {"status", tv::string_value("issued")},
                                                           {"not_after", tv::string_value("2026-11-29T00:00:00Z")},
                                                           {"enabled", tv::bool_value(false)}});
    const auto planned = provider->plan_resource_change("certgate_notification", state, off, off, "");
    ASSERT_EQ(planned.diagnostics.size(), 1U);
    EXPECT_EQ(path_text(planned.diagnostics[0].attribute), "enabled");
    EXPECT_EQ(planned.diagnostics[0].summary,
              "rule \"the expiration-notification toggle cannot be changed once a certificate has expired\"");

    // The store's record of the toggle at expiry wins over the state.
    {
        store::Store store = open_store();
        ASSERT_TRUE(store.record_toggle_at_expiry(k_certificate_id, false));
    }
    const auto with_store = provider->plan_resource_change("certgate_notification", state, off, off, "");
    EXPECT_TRUE(with_store.diagnostics.empty()) << with_store.diagnostics[0].detail;
    EXPECT_FALSE(field(with_store.planned_state, "enabled").boolean);
}

TEST_F(ProviderResources, VersionZeroStateIsRead)
{
    const auto upgraded = provider->upgrade_resource_state(
        "certgate_recipient", 0,
        R"({"id":"rcpt-0123456789abcdef","email":"ops@example.com","channels":["email"],"verification":"pending","gone":1})");
    ASSERT_TRUE(upgraded.diagnostics.empty()) << upgraded.diagnostics[0].detail;
    EXPECT_EQ(field(upgraded.state, "email").string, "ops@example.com");
    EXPECT_EQ(field(upgraded.state, "channels").items[0].string, "email");
    EXPECT_EQ(field(upgraded.state, "mobile").kind, tv::ValueKind::null);
    EXPECT_EQ(tv::find_field(upgraded.state, "gone"), nullptr);

    auto bad = provider->upgrade_resource_state("certgate_recipient", 0, R"({"email":7})");
    ASSERT_EQ(bad.diagnostics.size(), 1U);
    EXPECT_EQ(bad.diagnostics[0].detail, "certgate: certgate_recipient: /email: expected a string");
    bad = provider->upgrade_resource_state("certgate_recipient", 1, "{}");
    ASSERT_EQ(bad.diagnostics.size(), 1U);
    EXPECT_EQ(bad.diagnostics[0].summary, "State written by a newer provider");
    bad = provider->upgrade_resource_state("certgate_recipient", 0, "{\"email\":");
    ASSERT_EQ(bad.diagnostics.size(), 1U);
    EXPECT_EQ(bad.diagnostics[0].detail, "certgate: certgate_recipient: state: not valid JSON (at byte 10)");
}

TEST(ProviderSchemas, EveryTypeIsDeclaredOnceWithConsistentAttributes)
{
    auto provider = app::make_certgate_provider({});
    const auto& schemas = provider->schemas();
    EXPECT_EQ(schemas.data_sources.size(), 2U);
    EXPECT_TRUE(schemas.data_sources.contains("certgate_certificate"));
    EXPECT_TRUE(schemas.data_sources.contains("certgate_expiry"));
    EXPECT_TRUE(schemas.resources.contains("certgate_recipient"));
    EXPECT_TRUE(schemas.resources.contains("certgate_notification"));
    std::vector<const tv::Schema*> all{&schemas.provider};
    for (const auto& [name, schema] : schemas.data_sources) {
        all.push_back(&schema);
    }
    for (const auto& [name, schema] : schemas.resources) {
        all.push_back(&schema);
    }
    for (const tv::Schema* schema : all) {
        for (std::size_t i = 0; i < schema->attributes.size(); ++i) {
            const tv::Attribute& attribute = schema->attributes[i];
            if (i > 0) {
                EXPECT_LT(schema->attributes[i - 1].name, attribute.name);
            }
            EXPECT_TRUE(attribute.required + attribute.optional + (attribute.computed && !attribute.optional) == 1)
                << attribute.name;
            EXPECT_FALSE(attribute.description.empty()) << attribute.name;
            ASSERT_NE(attribute.type, nullptr) << attribute.name;
        }
    }
    const auto type_of = [](const tv::Schema& schema, std::string_view name) {
        for (const tv::Attribute& attribute : schema.attributes) {
            if (attribute.name == name) {
                return attribute.type->kind;
            }
        }
        ADD_FAILURE() << "no attribute " << name;
        return tv::TypeKind::dynamic;
    };
    const tv::Schema& certificate = schemas.data_sources.at("certgate_certificate");
    EXPECT_EQ(type_of(certificate, "sans"), tv::TypeKind::list);
    EXPECT_EQ(type_of(certificate, "notifications"), tv::TypeKind::list);
    EXPECT_EQ(type_of(certificate, "finding"), tv::TypeKind::object);
    EXPECT_EQ(type_of(certificate, "days_remaining"), tv::TypeKind::number);
    EXPECT_EQ(type_of(certificate, "expired"), tv::TypeKind::boolean);
    for (const char* name :
         {"store", "timezone", "weekend", "holidays", "extra_working_days", "milestones", "renewal_window_working_days",
          "minimum_lead_working_days", "fail_on", "now", "gate_failures"}) {
        EXPECT_NE(type_of(schemas.provider, name), tv::TypeKind::dynamic);
    }
}

} // namespace
} // namespace certgate::testing
