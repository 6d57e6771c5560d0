// Declarations from terraform-provider-certgate's instances in state JSON:
// what each type gives, what is skipped, every rule's error naming the
// resource address (the same rules as certgate-external's), and references
// by id or name resolved in declaration order.

#include "certgate/app/declarations.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace certgate::app {
namespace {

using terraform::InstanceRecord;
using terraform::ProviderValue;
using Attributes = std::map<std::string, ProviderValue>;

const std::string k_fingerprint(64, 'a');
const std::string k_recipient = "rcpt-0123456789abcdef";

ProviderValue text(const std::string& value)
{
    ProviderValue made;
    made.kind = ProviderValue::Kind::string;
    made.text = value;
    return made;
}

ProviderValue number(const std::string& written)
{
    ProviderValue made = text(written);
    made.kind = ProviderValue::Kind::number;
    return made;
}

ProviderValue boolean(bool value)
{
    ProviderValue made;
    made.kind = ProviderValue::Kind::boolean;
    made.boolean = value;
    return made;
}

ProviderValue list(std::vector<std::string> items)
{
    ProviderValue made;
    made.kind = ProviderValue::Kind::string_list;
    made.items = std::move(items);
    return made;
}

ProviderValue null_value()
{
    return {};
}

ProviderValue other()
{
    ProviderValue made;
    made.kind = ProviderValue::Kind::other;
    return made;
}

InstanceRecord instance(const std::string& address, const std::string& type, Attributes attributes)
{
    InstanceRecord record;
    record.section = terraform::Section::state_values;
    record.address = address;
    record.mode = address.rfind("data.", 0) == 0 ? "data" : "managed";
    record.type = type;
    record.provider = terraform::ProviderInstance{std::move(attributes)};
    return record;
}

// A certgate_certificate as the provider leaves it in the state (what notify reads of it).
InstanceRecord certificate(const std::string& address = "data.certgate_certificate.web", Attributes changes = {})
{
    Attributes attributes{{"id", text(k_fingerprint)},
                          {"name", text("web.example.com")},
                          {"common_name", text("web.example.com")},
                          {"not_after", text("2026-12-11T12:00:00Z")},
                          {"not_before", text("2026-09-12T12:00:00Z")},
                          {"subject", text("CN=web.example.com")},
                          {"issuer", text("CN=Example CA")},
                          {"serial", text("1005")},
                          {"sans", list({"DNS:web.example.com"})},
                          {"status", text("issued")},
                          {"expiration_notification", boolean(true)},
                          {"timezone", text("Asia/Shanghai")},
                          {"fail_on", text("renew")},
                          {"milestones", null_value()},
                          {"console_reminder_days", null_value()},
                          {"holidays", null_value()},
                          {"days_remaining", number("11")},
                          {"schedule", other()}};
    for (auto& [name, value] : changes) {
        attributes[name] = value;
    }
    return instance(address, "certgate_certificate", std::move(attributes));
}

InstanceRecord recipient(Attributes changes = {})
{
    Attributes attributes{{"id", text(k_recipient)},
                          {"name", text("Ops")},
                          {"email", text("Ops@Example.com")},
                          {"normalised_email", text("ops@example.com")},
                          {"mobile", text("+86 138-0013-8000")},
                          {"normalised_mobile", text("+8613800138000")},
                          {"channels", list({"email", "sms"})},
                          {"categories", list({"certificate-expiration", "certificate-expired"})},
                          {"verification", text("pending")}};
    for (auto& [name, value] : changes) {
        attributes[name] = value;
    }
    return instance("certgate_recipient.ops", "certgate_recipient", std::move(attributes));
}

InstanceRecord notification(Attributes changes = {}, const std::string& address = "certgate_notification.web")
{
    Attributes attributes{{"id", text(k_fingerprint)},
                          {"certificate", text(k_fingerprint)},
                          {"enabled", boolean(false)},
                          {"recipients", list({k_recipient})},
                          {"milestones", list({"1mo", "1w"})},
                          {"status", text("issued")},
                          {"schedule", other()}};
    for (auto& [name, value] : changes) {
        attributes[name] = value;
    }
    return instance(address, "certgate_notification", std::move(attributes));
}

std::string error_of(const std::vector<InstanceRecord>& records)
{
    auto mapped = declarations_from_records(records, "state.json");
    return mapped ? std::string("(no error)") : mapped.error().describe();
}

TEST(DeclarationsFromProvider, CertificateRecipientAndNotification)
{
    auto mapped = declarations_from_records(std::vector<InstanceRecord>{certificate(), recipient(), notification()},
                                            "state.json");
    ASSERT_TRUE(mapped) << mapped.error().describe();
    ASSERT_EQ(mapped->certificates.size(), 1U);
    const DeclaredCertificate& web = mapped->certificates[0];
    EXPECT_EQ(web.id, k_fingerprint);
    EXPECT_EQ(web.name, "web.example.com");
    EXPECT_EQ(web.address, "data.certgate_certificate.web");
    EXPECT_EQ(web.status, CertificateStatus::issued);
    EXPECT_EQ(web.expiration_notification, true);
    EXPECT_EQ(format_rfc3339(web.validity.not_after), "2026-12-11T12:00:00Z");
    ASSERT_TRUE(web.validity.not_before);
    EXPECT_EQ(format_rfc3339(*web.validity.not_before), "2026-09-12T12:00:00Z");
    EXPECT_EQ(web.subject, "CN=web.example.com");
    EXPECT_EQ(web.issuer, "CN=Example CA");
    EXPECT_EQ(web.serial, "1005");
    EXPECT_EQ(web.sans, std::vector<std::string>{"DNS:web.example.com"});
    EXPECT_EQ(web.policy_settings,
              (std::map<std::string, std::string>{{"fail_on", "renew"}, {"timezone", "Asia/Shanghai"}}));

    ASSERT_EQ(mapped->recipients.size(), 1U);
    const DeclaredRecipient& ops = mapped->recipients[0];
    EXPECT_EQ(ops.id, k_recipient);
    EXPECT_EQ(ops.name, "Ops");
    EXPECT_EQ(ops.address, "certgate_recipient.ops");
    EXPECT_EQ(ops.email, "ops@example.com"); // normalised, as the id was made from
    EXPECT_EQ(ops.mobile, "+8613800138000");
    EXPECT_EQ(ops.channels, (std::vector<Channel>{Channel::email, Channel::sms}));
    EXPECT_EQ(ops.categories, (std::vector<std::string>{"certificate-expiration", "certificate-expired"}));

    ASSERT_EQ(mapped->notifications.size(), 1U);
    const DeclaredNotification& settings = mapped->notifications[0];
    EXPECT_EQ(settings.certificate_id, k_fingerprint);
    EXPECT_EQ(settings.address, "certgate_notification.web");
    EXPECT_EQ(settings.enabled, false);
    EXPECT_EQ(settings.recipients, std::vector<std::string>{k_recipient});
    EXPECT_EQ(settings.milestones, "1mo,1w");
}

TEST(DeclarationsFromProvider, TypedPolicySettingsBecomeTheirText)
{
    auto mapped = declarations_from_records(
        std::vector<InstanceRecord>{
            certificate("data.certgate_certificate.web", {{"console_reminder_days", number("20")},
                                                          {"holidays", list({"2026-12-25", "2027-01-01"})},
                                                          {"weekend", list({"fri", "sat"})}})},
        "state.json");
    ASSERT_TRUE(mapped) << mapped.error().describe();
    EXPECT_EQ(mapped->certificates[0].policy_settings, (std::map<std::string, std::string>{
                                                           {"console_reminder_days", "20"},
                                                           {"fail_on", "renew"},
                                                           {"holidays", "2026-12-25,2027-01-01"},
                                                           {"timezone", "Asia/Shanghai"},
                                                           {"weekend", "fri,sat"},
                                                       }));
}

TEST(DeclarationsFromProvider, NullsAreAbsentAndDefaultsApply)
{
    auto mapped = declarations_from_records(
        std::vector<InstanceRecord>{
            certificate("data.certgate_certificate.web", {{"name", null_value()},
                                                          {"common_name", null_value()},
                                                          {"not_before", null_value()},
                                                          {"status", null_value()},
                                                          {"expiration_notification", null_value()},
                                                          {"sans", null_value()}}),
            recipient({{"categories", null_value()}, {"normalised_mobile", null_value()}}),
            notification({{"enabled", null_value()}, {"recipients", null_value()}, {"milestones", null_value()}})},
        "s");
    ASSERT_TRUE(mapped) << mapped.error().describe();
    const DeclaredCertificate& web = mapped->certificates[0];
    EXPECT_EQ(web.name, "data.certgate_certificate.web");
    EXPECT_FALSE(web.validity.not_before);
    EXPECT_EQ(web.status, CertificateStatus::uploaded);
    EXPECT_FALSE(web.expiration_notification);
    EXPECT_TRUE(web.sans.empty());
    EXPECT_EQ(mapped->recipients[0].categories, std::vector<std::string>{"certificate-expiration"});
    EXPECT_EQ(mapped->recipients[0].mobile, "");
    const DeclaredNotification& settings = mapped->notifications[0];
    EXPECT_FALSE(settings.enabled);
    EXPECT_FALSE(settings.recipients) << "null: every declared recipient";
    EXPECT_FALSE(settings.milestones);
}

TEST(DeclarationsFromProvider, OnlyTheAppliedStateWithAKnownIdCounts)
{
    auto planned = certificate("data.certgate_certificate.planned");
    planned.section = terraform::Section::planned_values;
    auto changed = recipient();
    changed.section = terraform::Section::resource_change;
    auto prior = certificate("data.certgate_certificate.prior", {{"id", text(std::string(64, 'b'))}});
    prior.section = terraform::Section::prior_state;
    auto wrong_mode = certificate("certgate_certificate.managed", {{"id", text(std::string(64, 'c'))}});
    auto unknown = notification({{"id", null_value()}});
    auto absent = certificate("data.certgate_certificate.later", {{"id", text(std::string(64, 'd'))}});
    absent.provider->attributes.erase("id"); // a plan leaves values known only after apply out
    auto mapped = declarations_from_records(
        std::vector<InstanceRecord>{planned, changed, prior, wrong_mode, unknown, absent}, "plan.json");
    ASSERT_TRUE(mapped) << mapped.error().describe();
    ASSERT_EQ(mapped->certificates.size(), 1U);
    EXPECT_EQ(mapped->certificates[0].address, "data.certgate_certificate.prior");
    EXPECT_TRUE(mapped->recipients.empty());
    EXPECT_TRUE(mapped->notifications.empty());
}

TEST(DeclarationsFromProvider, EveryRuleNamesTheResource)
{
    const std::string web = "state.json: data.certgate_certificate.web: ";
    const auto with = [](Attributes changes) { return certificate("data.certgate_certificate.web", changes); };
    EXPECT_EQ(error_of({with({{"id", text("ABC")}})}),
              web + "attribute \"id\" is not a SHA-256 fingerprint (64 lowercase hex digits)");
    EXPECT_EQ(error_of({with({{"id", number("12")}})}), web + "attribute \"id\" is not a string");
    EXPECT_EQ(error_of({with({{"not_after", text("soon")}})}),
              web + "attribute \"not_after\" is not an RFC 3339 instant");
    EXPECT_EQ(error_of({with({{"not_after", null_value()}})}),
              web + "attribute \"not_after\" is not an RFC 3339 instant");
    EXPECT_EQ(error_of({with({{"not_before", text("soon")}})}),
              web + "attribute \"not_before\" is not an RFC 3339 instant");
    EXPECT_EQ(error_of({with({{"status", text("bought")}})}),
              web + "status: invalid status \"bought\", expected one of: issued, hosting, uploaded");
    EXPECT_EQ(error_of({with({{"expiration_notification", text("false")}})}),
              web + "attribute \"expiration_notification\": expected true or false");
    EXPECT_EQ(error_of({with({{"sans", text("DNS:a")}})}), web + "attribute \"sans\" is not a list of strings");
    EXPECT_EQ(error_of({with({{"holidays", list({"2026-12-25", "2027-01-01,2027-01-02"})}})}),
              web + "attribute \"holidays\": item 2 holds a comma; give one value per item");
    EXPECT_EQ(error_of({with({{"weekend", other()}})}),
              web + "attribute \"weekend\" is not a string, a number or a list of strings");
    EXPECT_EQ(error_of({with({{"milestones", list({"soon"})}})}).rfind(web + "milestones: ", 0), 0U);
    EXPECT_EQ(error_of({with({{"timezone", text("Mars/Olympus")}})}).rfind(web + "timezone: ", 0), 0U);

    const std::string ops = "state.json: certgate_recipient.ops: ";
    EXPECT_EQ(error_of({recipient({{"id", text("x")}})}),
              ops + "attribute \"id\" is not a recipient id (\"rcpt-\" and 16 hex digits)");
    EXPECT_EQ(error_of({recipient({{"channels", list({"fax"})}})}),
              ops + "attribute \"channels\" holds an unknown channel, expected: email, sms");
    EXPECT_EQ(error_of({recipient({{"channels", other()}})}), ops + "attribute \"channels\" is not a list of strings");
    EXPECT_EQ(error_of({recipient({{"normalised_email", boolean(true)}})}),
              ops + "attribute \"normalised_email\" is not a string");

    const std::string settings = "state.json: certgate_notification.web: ";
    EXPECT_EQ(error_of({certificate(), notification({{"certificate", text("x")}})}),
              settings + "attribute \"certificate\" is not a certificate id (a SHA-256 fingerprint)");
    EXPECT_EQ(error_of({certificate(), notification({{"enabled", text("true")}})}),
              settings + "attribute \"enabled\": expected true or false");
    EXPECT_EQ(error_of({certificate(), notification({{"recipients", other()}})}),
              settings + "attribute \"recipients\" is not a list of strings");
    EXPECT_EQ(error_of({recipient(), notification()}),
              settings + "notification settings for certificate \"" + k_fingerprint +
                  "\", which is not declared; declare it with a certgate_certificate data source");
    EXPECT_EQ(error_of({certificate(), notification()}),
              settings + "recipient \"" + k_recipient +
                  "\" is not declared; declare it with a certgate_recipient resource");
    EXPECT_EQ(error_of({certificate(), recipient(), notification(),
                        notification({}, "module.copy.certgate_notification.web")}),
              "state.json: module.copy.certgate_notification.web: certificate \"web.example.com\" has notification "
              "settings declared twice");
    EXPECT_EQ(error_of({certificate(), recipient(), notification({{"milestones", list({"soon"})}})})
                  .rfind(settings + "milestones: ", 0),
              0U);
}

TEST(DeclarationsFromProvider, ProviderAndCertgateExternalDeclarationsMeet)
{
    InstanceRecord external;
    external.section = terraform::Section::state_values;
    external.address = "data.external.web";
    external.mode = "data";
    external.type = "external";
    external.external = terraform::ExternalDataSource{
        "certificate",
        {},
        std::map<std::string, std::string>{{"id", k_fingerprint}, {"not_after", "2027-01-01T00:00:00Z"}}};
    auto mapped = declarations_from_records(
        std::vector<InstanceRecord>{external, certificate(), recipient(), notification()}, "state.json");
    ASSERT_TRUE(mapped) << mapped.error().describe();
    ASSERT_EQ(mapped->certificates.size(), 1U) << "the same id twice is one certificate, the first declared";
    EXPECT_EQ(mapped->certificates[0].address, "data.external.web");
    EXPECT_EQ(mapped->notifications.size(), 1U);
}

TEST(DeclarationsFromProvider, ReadFromStateJsonThroughTheOneReader)
{
    const std::string provider = R"("provider_name":"registry.opentofu.org/certgate/certgate")";
    const std::string state =
        R"({"format_version":"1.0","terraform_version":"1.6.3","values":{"root_module":{"resources":[)"
        R"({"address":"data.certgate_certificate.web","mode":"data","type":"certgate_certificate","name":"web",)" +
        provider + R"(,"values":{"id":")" + k_fingerprint +
        R"(","name":"web.example.com","not_after":"2026-12-11T12:00:00Z","not_before":null,"status":"issued",)"
        R"("expiration_notification":true,"sans":["DNS:web.example.com"],"console_reminder_days":20,)"
        R"("schedule":[{"milestone":"1w","date":"2026-12-04"}]},"sensitive_values":{}},)"
        R"({"address":"certgate_recipient.ops","mode":"managed","type":"certgate_recipient","name":"ops",)" +
        provider + R"(,"values":{"id":")" + k_recipient +
        R"(","normalised_email":"ops@example.com","channels":["email"],"categories":["certificate-expiration"]}},)"
        R"({"address":"certgate_notification.web","mode":"managed","type":"certgate_notification","name":"web",)" +
        provider + R"(,"values":{"id":")" + k_fingerprint + R"(","certificate":")" + k_fingerprint +
        R"(","enabled":true,"recipients":[")" + k_recipient + R"("],"milestones":["1w","0d"]}}]}}})";
    auto mapped = parse_terraform_declarations(state, "state.json");
    ASSERT_TRUE(mapped) << mapped.error().describe();
    ASSERT_EQ(mapped->certificates.size(), 1U);
    EXPECT_EQ(mapped->certificates[0].name, "web.example.com");
    EXPECT_EQ(mapped->certificates[0].sans, std::vector<std::string>{"DNS:web.example.com"});
    EXPECT_EQ(mapped->certificates[0].policy_settings.at("console_reminder_days"), "20");
    ASSERT_EQ(mapped->recipients.size(), 1U);
    EXPECT_EQ(mapped->recipients[0].email, "ops@example.com");
    ASSERT_EQ(mapped->notifications.size(), 1U);
    EXPECT_EQ(mapped->notifications[0].milestones, "1w,0d");
}

// References by id or name find the first declared entry that has either,
// as a scan in declaration order does, now through indexes.
TEST(DeclarationsFromFile, AReferenceFindsTheFirstDeclaredByIdOrName)
{
    const std::string first(64, 'a');
    const std::string second(64, 'b');
    const std::string third(64, 'c');
    const auto entry = [](const std::string& id, const std::string& name) {
        return R"({"id": ")" + id + R"(", "name": ")" + name + R"(", "not_after": "2027-01-01T00:00:00Z"})";
    };
    // The second certificate's name is the third's id: a reference to it finds the second.
    const std::string document = R"({"certificates": [)" + entry(first, "web") + "," + entry(second, third) + "," +
                                 entry(third, "api") + "," + entry(first, "again") + R"(],
        "recipients": [{"name": "ops", "email": "ops@example.com"}, {"name": "ops", "email": "dev@example.com"}],
        "notifications": [{"certificate": ")" +
                                 third + R"(", "recipients": ["ops"]}, {"certificate": "web"}]})";
    auto mapped = parse_declarations_file(document, "d.json", "/nonexistent");
    ASSERT_TRUE(mapped) << mapped.error().describe();
    ASSERT_EQ(mapped->certificates.size(), 3U) << "the first of an id wins";
    EXPECT_EQ(mapped->certificates[0].name, "web");
    ASSERT_EQ(mapped->notifications.size(), 2U);
    EXPECT_EQ(mapped->notifications[0].certificate_id, second);
    EXPECT_EQ(mapped->notifications[1].certificate_id, first);
    ASSERT_EQ(mapped->recipients.size(), 2U);
    ASSERT_TRUE(mapped->notifications[0].recipients);
    EXPECT_EQ(*mapped->notifications[0].recipients, std::vector<std::string>{mapped->recipients[0].id});
}

} // namespace
} // namespace certgate::app
