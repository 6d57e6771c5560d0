// The pure mappers from Terraform records to declarations and Huawei Cloud
// toggles: every error message, and what each kind takes.

#include "certgate/app/declarations.hpp"
#include "certgate/app/huaweicloud_declarations.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace certgate::app {
namespace {

using terraform::InstanceRecord;

const std::string k_fingerprint(64, 'a');
const std::string k_other_fingerprint(64, 'b');
const std::string k_recipient = "rcpt-0123456789abcdef";

InstanceRecord source(const std::string& address, const std::string& kind,
                      std::map<std::string, std::optional<std::string>> query,
                      std::optional<std::map<std::string, std::string>> result = std::map<std::string, std::string>{})
{
    InstanceRecord record;
    record.section = terraform::Section::state_values;
    record.address = address;
    record.mode = "data";
    record.type = "external";
    record.external = terraform::ExternalDataSource{kind, std::move(query), std::move(result)};
    return record;
}

InstanceRecord certificate(const std::string& address, const std::string& id = k_fingerprint,
                           std::map<std::string, std::optional<std::string>> query = {})
{
    return source(address, "certificate", std::move(query),
                  std::map<std::string, std::string>{{"id", id},
                                                     {"common_name", "web.example.com"},
                                                     {"not_after", "2027-01-01T00:00:00Z"},
                                                     {"not_before", "2026-01-01T00:00:00Z"}});
}

std::string error_of(const std::vector<InstanceRecord>& records)
{
    auto mapped = declarations_from_records(records, "state.json");
    return mapped ? std::string("(no error)") : mapped.error().describe();
}

TEST(DeclarationsFromRecords, CertificateRecipientAndNotification)
{
    const std::vector<InstanceRecord> records{
        certificate("data.external.web", k_fingerprint,
                    {{"expiration_notification", "false"}, {"milestones", "1mo,1w"}, {"certificate_file", "w.pem"}}),
        source("data.external.ops", "recipient", {},
               std::map<std::string, std::string>{
                   {"id", k_recipient}, {"name", "ops"}, {"email", "ops@example.com"}, {"channels", "[\"email\"]"}}),
        source("data.external.web_notification", "notification",
               {{"certificate", k_fingerprint}, {"enabled", "true"}, {"recipients", k_recipient}}),
        source("data.external.later", "certificate", {}, std::nullopt), // read during apply: skipped
        source("data.external.other_kind", "expiry", {}),
    };
    auto mapped = declarations_from_records(records, "state.json");
    ASSERT_TRUE(mapped) << mapped.error().describe();
    ASSERT_EQ(mapped->certificates.size(), 1U);
    const DeclaredCertificate& web = mapped->certificates[0];
    EXPECT_EQ(web.id, k_fingerprint);
    EXPECT_EQ(web.name, "web.example.com");
    EXPECT_EQ(web.address, "data.external.web");
    EXPECT_EQ(web.expiration_notification, false);
    EXPECT_EQ(format_rfc3339(web.validity.not_after), "2027-01-01T00:00:00Z");
    EXPECT_EQ(web.policy_settings, (std::map<std::string, std::string>{{"milestones", "1mo,1w"}}));
    ASSERT_EQ(mapped->recipients.size(), 1U);
    EXPECT_EQ(mapped->recipients[0].channels, std::vector<Channel>{Channel::email});
    EXPECT_EQ(mapped->recipients[0].categories, std::vector<std::string>{"certificate-expiration"});
    ASSERT_EQ(mapped->notifications.size(), 1U);
    EXPECT_EQ(mapped->notifications[0].enabled, true);
    EXPECT_EQ(mapped->notifications[0].recipients, std::vector<std::string>{k_recipient});
}

TEST(DeclarationsFromRecords, NameFallsBackToTheAddress)
{
    auto record = certificate("data.external.x");
    record.external->result->erase("common_name");
    auto mapped = declarations_from_records(std::vector<InstanceRecord>{record}, "s");
    ASSERT_TRUE(mapped);
    EXPECT_EQ(mapped->certificates[0].name, "data.external.x");
}

TEST(DeclarationsFromRecords, EveryErrorMessage)
{
    auto bad_not_after = certificate("data.external.c");
    (*bad_not_after.external->result)["not_after"] = "soon";
    auto bad_not_before = certificate("data.external.c");
    (*bad_not_before.external->result)["not_before"] = "soon";
    auto bad_status = certificate("data.external.c");
    (*bad_status.external->result)["status"] = "bought";
    EXPECT_EQ(error_of({certificate("data.external.c", "ABC")}),
              "state.json: data.external.c: result \"id\" is not a SHA-256 fingerprint (64 lowercase hex digits)");
    EXPECT_EQ(error_of({bad_not_after}),
              "state.json: data.external.c: result \"not_after\" is not an RFC 3339 instant");
    EXPECT_EQ(error_of({bad_not_before}),
              "state.json: data.external.c: result \"not_before\" is not an RFC 3339 instant");
    EXPECT_EQ(error_of({bad_status}).rfind("state.json: data.external.c: status: ", 0), 0U);
    EXPECT_EQ(error_of({certificate("data.external.c", k_fingerprint, {{"expiration_notification", "yes"}})}),
              "state.json: data.external.c: query \"expiration_notification\": expected \"true\" or \"false\", got "
              "\"yes\"");
    EXPECT_EQ(error_of({certificate("data.external.c", k_fingerprint, {{"milestones", "soon"}})})
                  .rfind("state.json: data.external.c: milestones: ", 0),
              0U);
    EXPECT_EQ(error_of({source("data.external.r", "recipient", {}, std::map<std::string, std::string>{{"id", "x"}})}),
              "state.json: data.external.r: result \"id\" is not a recipient id (\"rcpt-\" and 16 hex digits)");
    EXPECT_EQ(error_of({source("data.external.r", "recipient", {},
                               std::map<std::string, std::string>{{"id", k_recipient}, {"channels", "[\"fax\"]"}})}),
              "state.json: data.external.r: result \"channels\" holds an unknown channel, expected: email, sms");
    EXPECT_EQ(error_of({source("data.external.n", "notification", {{"certificate", "x"}})}),
              "state.json: data.external.n: query \"certificate\" is not a certificate id (a SHA-256 fingerprint)");
    EXPECT_EQ(error_of({source("data.external.n", "notification", {{"certificate", k_fingerprint}, {"enabled", "1"}})}),
              "state.json: data.external.n: query \"enabled\": expected \"true\" or \"false\", got \"1\"");
    EXPECT_EQ(error_of({source("data.external.n", "notification", {{"certificate", k_fingerprint}})}),
              "state.json: data.external.n: notification settings for certificate \"" + k_fingerprint +
                  "\", which is not declared; declare it with certgate-external certificate");
    EXPECT_EQ(error_of({certificate("data.external.c"),
                        source("data.external.n", "notification", {{"certificate", k_fingerprint}}),
                        source("data.external.m", "notification", {{"certificate", k_fingerprint}})}),
              "state.json: data.external.m: certificate \"web.example.com\" has notification settings declared twice");
    EXPECT_EQ(error_of({certificate("data.external.c"),
                        source("data.external.n", "notification",
                               {{"certificate", k_fingerprint}, {"recipients", k_recipient}})}),
              "state.json: data.external.n: recipient \"" + k_recipient +
                  "\" is not declared; declare it with certgate-external recipient");
}

// With several faults, the first rule in the order id, instants, sans,
// status, toggle (certificates) and certificate, enabled (notifications) speaks.
TEST(DeclarationsFromRecords, TheFirstRuleBrokenIsTheError)
{
    auto everything_wrong = certificate("data.external.c", "ABC", {{"expiration_notification", "yes"}});
    (*everything_wrong.external->result)["sans"] = "DNS:a";
    (*everything_wrong.external->result)["status"] = "bought";
    EXPECT_EQ(error_of({everything_wrong}),
              "state.json: data.external.c: result \"id\" is not a SHA-256 fingerprint (64 lowercase hex digits)");
    auto sans_and_later = certificate("data.external.c", k_fingerprint, {{"expiration_notification", "yes"}});
    (*sans_and_later.external->result)["sans"] = "DNS:a";
    (*sans_and_later.external->result)["status"] = "bought";
    EXPECT_EQ(error_of({sans_and_later}),
              "state.json: data.external.c: result \"sans\" is not a JSON-encoded list of strings");
    auto status_and_toggle = certificate("data.external.c", k_fingerprint, {{"expiration_notification", "yes"}});
    (*status_and_toggle.external->result)["status"] = "bought";
    EXPECT_EQ(error_of({status_and_toggle}).rfind("state.json: data.external.c: status: ", 0), 0U);
    EXPECT_EQ(error_of({source("data.external.n", "notification", {{"certificate", "x"}, {"enabled", "1"}})}),
              "state.json: data.external.n: query \"certificate\" is not a certificate id (a SHA-256 fingerprint)");
}

TEST(DeclarationsFromRecords, NonStringQueryValuesCountAsAbsent)
{
    auto mapped = declarations_from_records(
        std::vector<InstanceRecord>{certificate("data.external.c", k_fingerprint, {{"status", std::nullopt}})}, "s");
    ASSERT_TRUE(mapped) << mapped.error().describe();
    EXPECT_EQ(mapped->certificates[0].status, CertificateStatus::uploaded);
}

TEST(DeclarationsFromRecords, SameCertificateTwiceIsOne)
{
    auto mapped = declarations_from_records(
        std::vector<InstanceRecord>{certificate("module.a.data.external.c"), certificate("module.b.data.external.c"),
                                    certificate("data.external.d", k_other_fingerprint)},
        "s");
    ASSERT_TRUE(mapped);
    ASSERT_EQ(mapped->certificates.size(), 2U);
    EXPECT_EQ(mapped->certificates[0].address, "module.a.data.external.c");
}

std::string toggle_error(const std::vector<InstanceRecord>& records)
{
    auto mapped = toggles_from_records(records, "s.json");
    return mapped ? std::string("(no error)") : mapped.error().describe();
}

TEST(TogglesFromRecords, NotificationsWithAHuaweiIdSorted)
{
    const std::vector<InstanceRecord> records{
        source("data.external.b", "notification",
               {{"huaweicloud_certificate_id", "scs2"}, {"enabled", "false"}, {"status", "hosting"}}),
        source("data.external.a", "notification", {{"huaweicloud_certificate_id", "scs1"}}, std::nullopt),
        source("data.external.none", "notification", {{"enabled", "false"}}),
        source("data.external.cert", "certificate", {{"huaweicloud_certificate_id", "scs3"}}),
    };
    auto toggles = toggles_from_records(records, "s.json");
    ASSERT_TRUE(toggles) << toggles.error().describe();
    ASSERT_EQ(toggles->size(), 2U);
    EXPECT_EQ((*toggles)[0].huaweicloud_id, "scs1"); // the result is not needed
    EXPECT_EQ((*toggles)[1].enabled, false);
    EXPECT_EQ((*toggles)[1].status, CertificateStatus::hosting);
}

TEST(TogglesFromRecords, EveryErrorMessage)
{
    EXPECT_EQ(toggle_error({source("data.external.x", "notification", {{"huaweicloud_certificate_id", std::nullopt}})}),
              "s.json: data.external.x: query key \"huaweicloud_certificate_id\": expected a string");
    EXPECT_EQ(toggle_error({source("data.external.x", "notification", {{"huaweicloud_certificate_id", "a b"}})}),
              "s.json: data.external.x: query key \"huaweicloud_certificate_id\": invalid id \"a b\", expected a "
              "Huawei Cloud certificate id such as \"scs1554192131150\"");
    EXPECT_EQ(toggle_error({source("data.external.x", "notification",
                                   {{"huaweicloud_certificate_id", "scs1"}, {"certificate", std::nullopt}})}),
              "s.json: data.external.x: query key \"certificate\": expected a string");
    EXPECT_EQ(toggle_error({source("data.external.x", "notification",
                                   {{"huaweicloud_certificate_id", "scs1"}, {"status", "bought"}})}),
              "s.json: data.external.x: query key \"status\": invalid status \"bought\", expected one of: issued, "
              "hosting, uploaded");
    EXPECT_EQ(toggle_error({source("data.external.x", "notification",
                                   {{"huaweicloud_certificate_id", "scs1"}, {"enabled", "on"}})}),
              "s.json: data.external.x: query key \"enabled\": invalid value \"on\", expected \"true\" or \"false\"");
    EXPECT_EQ(toggle_error({source("data.external.a", "notification",
                                   {{"huaweicloud_certificate_id", "scs1"}, {"enabled", "true"}}),
                            source("data.external.b", "notification",
                                   {{"huaweicloud_certificate_id", "scs1"}, {"enabled", "false"}})}),
              "s.json: data.external.b: certificate \"scs1\" is also declared by data.external.a with different "
              "settings; declare it once");
}

} // namespace
} // namespace certgate::app
