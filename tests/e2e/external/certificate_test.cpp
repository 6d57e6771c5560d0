// certgate-external certificate, compared with the policy engine and the schema.

#include "expected_fields.hpp"
#include "terraform_client.hpp"

#include "certgate/adapters/tz/zone_database.hpp"
#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate::testing {
namespace {

using terraform::read_external;

// SPEC section 2's worked example: notAfter Fri 2026-12-11T12:00Z, now Mon 2026-11-30T09:00Z.
CertificateSpec worked_example()
{
    CertificateSpec spec;
    spec.common_name = "renew.example.com";
    spec.dns_names = {"renew.example.com", "www.renew.example.com"};
    spec.not_before = "2026-09-12T12:00:00Z";
    spec.not_after = "2026-12-11T12:00:00Z";
    spec.serial = 4660;
    return spec;
}

TEST(ExternalCertificate, WorkedExampleMatchesSpecAndEngine)
{
    const TestCertificate certificate = make_certificate(worked_example());
    auto read = read_external("certificate", {{"certificate", certificate.pem()}, {"now", "2026-11-30T09:00:00Z"}});
    ASSERT_TRUE(read.ok) << read.process.err;
    ASSERT_TRUE(read.all_values_json_strings);
    const auto& r = read.result;
    EXPECT_EQ(r.at("id"), certificate.fingerprint_sha256());
    EXPECT_EQ(r.at("fingerprint_sha256"), certificate.fingerprint_sha256());
    EXPECT_EQ(r.at("name"), "renew.example.com");
    EXPECT_EQ(r.at("common_name"), "renew.example.com");
    EXPECT_EQ(r.at("subject"), "CN=renew.example.com");
    EXPECT_EQ(r.at("sans"), R"(["DNS:renew.example.com","DNS:www.renew.example.com"])");
    EXPECT_EQ(r.at("serial"), "1234");
    EXPECT_EQ(r.at("not_before"), "2026-09-12T12:00:00Z");
    EXPECT_EQ(r.at("not_after"), "2026-12-11T12:00:00Z");
    EXPECT_EQ(r.at("key_type"), "EC");
    EXPECT_EQ(r.at("key_bits"), "256");
    EXPECT_EQ(r.at("self_signed"), "true");
    EXPECT_EQ(r.at("is_ca"), "false");
    EXPECT_EQ(r.at("chain_length"), "1");
    // SPEC's numbers.
    EXPECT_EQ(r.at("days_remaining"), "11");
    EXPECT_EQ(r.at("working_days_remaining"), "9");
    EXPECT_EQ(r.at("severity"), "renew");
    EXPECT_EQ(r.at("in_renewal_window"), "true");
    EXPECT_EQ(r.at("renewal_window_start"), "2026-11-27");
    EXPECT_EQ(r.at("renew_by"), "2026-12-08");
    EXPECT_EQ(r.at("last_milestone"), "1mo");
    EXPECT_EQ(r.at("last_milestone_date"), "2026-11-11");
    EXPECT_EQ(r.at("next_milestone"), "1w");
    EXPECT_EQ(r.at("next_milestone_date"), "2026-12-04");
    EXPECT_EQ(r.at("gate"), "fail");
    // Lifecycle of an uploaded certificate.
    EXPECT_EQ(r.at("status"), "uploaded");
    EXPECT_EQ(r.at("effective_status"), "uploaded");
    EXPECT_EQ(r.at("console_reminder"), "false");
    EXPECT_EQ(r.at("notifications"), "true");
    EXPECT_EQ(r.at("expiration_notification"), "true");
    EXPECT_EQ(r.at("toggle_locked"), "false");
    expect_engine_fields(r, {at("2026-09-12T12:00:00Z"), at("2026-12-11T12:00:00Z")}, Policy{},
                         at("2026-11-30T09:00:00Z"));
    EXPECT_EQ(result_schema_errors("certificate", read.process.out), "");
}

TEST(ExternalCertificate, PolicyOverridesMatchTheEngineAcrossDates)
{
    const TestCertificate certificate = make_certificate(worked_example());
    Policy policy;
    policy.time_zone = tz::load_time_zone("Asia/Shanghai").value();
    policy.calendar.holidays = {on("2026-12-01"), on("2026-12-02")};
    policy.calendar.extra_working_days = {on("2026-12-05")};
    policy.milestones = parse_milestone_list("1mo,2w,5d,0d").value();
    for (const std::string now :
         {"2026-09-01T00:00:00Z", "2026-11-10T23:30:00Z", "2026-11-27T16:00:00Z", "2026-12-09T12:00:00+08:00",
          "2026-12-11T12:00:00Z", "2026-12-11T12:00:01Z", "2027-02-01"}) {
        auto read = read_external("certificate", {{"certificate", certificate.pem()},
                                                  {"now", now},
                                                  {"timezone", "Asia/Shanghai"},
                                                  {"holidays", "2026-12-01,2026-12-02"},
                                                  {"extra_working_days", "2026-12-05"},
                                                  {"milestones", "1mo,2w,5d,0d"}});
        ASSERT_TRUE(read.ok) << now << ": " << read.process.err;
        const Instant instant =
            now.size() == 10 ? resolve_instant(on(now), *policy.time_zone) : parse_rfc3339(now).value();
        expect_engine_fields(read.result, {at("2026-09-12T12:00:00Z"), at("2026-12-11T12:00:00Z")}, policy, instant);
        EXPECT_EQ(read.result.at("timezone"), "Asia/Shanghai");
    }
}

TEST(ExternalCertificate, CertificateFileIsRelativeToTheWorkingDirectoryAndMayBeDer)
{
    TempDir dir;
    CertificateSpec leaf_spec = worked_example();
    CertificateSpec ca_spec;
    ca_spec.common_name = "Test CA";
    ca_spec.not_before = "2026-01-01T00:00:00Z";
    ca_spec.not_after = "2036-01-01T00:00:00Z";
    ca_spec.is_ca = true;
    const TestCertificate ca = make_certificate(ca_spec);
    leaf_spec.issuer = &ca;
    const TestCertificate leaf = make_certificate(leaf_spec);
    dir.write("certs/leaf.der", leaf.der());
    dir.write("certs/chain.pem", ca.pem());
    auto read = read_external("certificate",
                              {{"certificate_file", "certs/leaf.der"},
                               {"certificate_chain_file", "certs/chain.pem"},
                               {"name", "shop"},
                               {"now", "2026-11-30T09:00:00Z"}},
                              dir.path().string());
    ASSERT_TRUE(read.ok) << read.process.err;
    EXPECT_EQ(read.result.at("id"), leaf.fingerprint_sha256());
    EXPECT_EQ(read.result.at("name"), "shop");
    EXPECT_EQ(read.result.at("issuer"), "CN=Test CA");
    EXPECT_EQ(read.result.at("self_signed"), "false");
    EXPECT_EQ(read.result.at("chain_length"), "2");

    // A bundle: the leaf first, the chain after it in the same text.
    auto bundle = read_external("certificate", {{"certificate", leaf.pem() + ca.pem()}, {"now", "2026-11-30"}});
    ASSERT_TRUE(bundle.ok) << bundle.process.err;
    EXPECT_EQ(bundle.result.at("id"), leaf.fingerprint_sha256());
    EXPECT_EQ(bundle.result.at("chain_length"), "2");

    auto missing = read_external("certificate", {{"certificate_file", "certs/missing.pem"}}, dir.path().string());
    EXPECT_FALSE(missing.ok);
    EXPECT_TRUE(
        missing.process.err.starts_with("certgate-external: certificate: certificate_file: \"certs/missing.pem\": "))
        << missing.process.err;
    EXPECT_EQ(missing.process.out, "");
}

TEST(ExternalCertificate, PrivateKeyIsCheckedAndNeverEchoed)
{
    TempDir dir;
    const TestCertificate certificate = make_certificate(worked_example());
    CertificateSpec other_spec;
    other_spec.common_name = "other.example.com";
    const TestCertificate other = make_certificate(other_spec);
    const std::string key = certificate.private_key_pem();
    // A line from the middle of the key's base64: no output may hold it.
    const std::string key_line = key.substr(key.find('\n') + 1, 40);
    dir.write("key.pem", key);
    dir.write("other-key.pem", other.private_key_pem());

    auto good = read_external("certificate", {{"certificate", certificate.pem()}, {"private_key", key}});
    ASSERT_TRUE(good.ok) << good.process.err;
    EXPECT_EQ(good.result.at("private_key_checked"), "true");
    auto by_file = read_external("certificate", {{"certificate", certificate.pem()}, {"private_key_file", "key.pem"}},
                                 dir.path().string());
    ASSERT_TRUE(by_file.ok) << by_file.process.err;
    auto encrypted = read_external("certificate", {{"certificate", certificate.pem()},
                                                   {"private_key", certificate.encrypted_private_key_pem("s3cret")},
                                                   {"private_key_password", "s3cret"}});
    ASSERT_TRUE(encrypted.ok) << encrypted.process.err;

    auto wrong = read_external("certificate", {{"certificate", other.pem()}, {"private_key", key}});
    EXPECT_FALSE(wrong.ok);
    EXPECT_TRUE(wrong.process.err.starts_with("certgate-external: certificate: private_key: ")) << wrong.process.err;
    auto garbage = read_external("certificate",
                                 {{"certificate", certificate.pem()}, {"private_key", key.substr(0, key.size() / 2)}});
    EXPECT_FALSE(garbage.ok);
    auto wrong_password =
        read_external("certificate", {{"certificate", certificate.pem()},
                                      {"private_key", certificate.encrypted_private_key_pem("s3cret")},
                                      {"private_key_password", "nope"}});
    EXPECT_FALSE(wrong_password.ok);
    for (const auto* read : {&good, &by_file, &encrypted, &wrong, &garbage, &wrong_password}) {
        EXPECT_EQ(read->process.out.find(key_line), std::string::npos);
        EXPECT_EQ(read->process.err.find(key_line), std::string::npos);
        EXPECT_EQ(read->process.out.find("PRIVATE KEY"), std::string::npos);
        EXPECT_EQ(read->process.err.find("PRIVATE KEY"), std::string::npos);
        EXPECT_EQ(read->process.err.find("s3cret"), std::string::npos);
        EXPECT_EQ(read->process.err.find('\n'),
                  read->process.err.empty() ? std::string::npos : read->process.err.size() - 1);
    }
}

TEST(ExternalCertificate, LifecycleRulesOfSection3)
{
    const TestCertificate certificate = make_certificate(worked_example());
    auto uploaded_off =
        read_external("certificate", {{"certificate", certificate.pem()}, {"expiration_notification", "false"}});
    EXPECT_EQ(uploaded_off.process.err,
              "certgate-external: certificate: expiration_notification: an uploaded certificate has no "
              "expiration-notification toggle and is always notified; remove expiration_notification or declare "
              "status issued or hosting\n");

    auto issued = read_external("certificate", {{"certificate", certificate.pem()},
                                                {"status", "issued"},
                                                {"expiration_notification", "false"},
                                                {"now", "2026-11-30T09:00:00Z"}});
    ASSERT_TRUE(issued.ok) << issued.process.err;
    EXPECT_EQ(issued.result.at("console_reminder"), "true");
    EXPECT_EQ(issued.result.at("notifications"), "false");
    EXPECT_EQ(issued.result.at("expiration_notification"), "false");

    auto hosting = read_external("certificate",
                                 {{"certificate", certificate.pem()}, {"status", "hosting"}, {"now", "2026-11-30"}});
    ASSERT_TRUE(hosting.ok);
    EXPECT_EQ(hosting.result.at("console_reminder"), "true");
    EXPECT_EQ(hosting.result.at("notifications"), "false");

    auto expired =
        read_external("certificate", {{"certificate", certificate.pem()}, {"status", "issued"}, {"now", "2026-12-12"}});
    ASSERT_TRUE(expired.ok);
    EXPECT_EQ(expired.result.at("effective_status"), "expired");
    EXPECT_EQ(expired.result.at("toggle_locked"), "true");
    EXPECT_EQ(expired.result.at("console_reminder"), "false");
    EXPECT_EQ(expired.result.at("severity"), "expired");

    auto bad_status = read_external("certificate", {{"certificate", certificate.pem()}, {"status", "expired"}});
    EXPECT_EQ(bad_status.process.err, "certgate-external: certificate: status: invalid status \"expired\", expected "
                                      "one of: issued, hosting, uploaded\n");
    auto bad_bool = read_external(
        "certificate", {{"certificate", certificate.pem()}, {"status", "issued"}, {"expiration_notification", "yes"}});
    EXPECT_EQ(bad_bool.process.err,
              "certgate-external: certificate: expiration_notification: expected \"true\" or \"false\"\n");
}

TEST(ExternalCertificate, MalformedCertificatesAndPolicyValuesFail)
{
    const TestCertificate certificate = make_certificate(worked_example());
    const std::string pem = certificate.pem();
    for (const std::string& text : {std::string("not a certificate"), pem.substr(0, pem.size() / 2),
                                    std::string("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")}) {
        auto read = read_external("certificate", {{"certificate", text}});
        EXPECT_FALSE(read.ok);
        EXPECT_TRUE(read.process.err.starts_with("certgate-external: certificate: certificate: ")) << read.process.err;
        EXPECT_EQ(read.process.out, "");
    }
    auto both = read_external("certificate", {{"certificate", pem}, {"certificate_file", "x.pem"}});
    EXPECT_EQ(
        both.process.err,
        "certgate-external: certificate: certificate_file: give either certificate or certificate_file, not both\n");
    auto zone = read_external("certificate", {{"certificate", pem}, {"timezone", "Mars/Olympus"}});
    EXPECT_TRUE(zone.process.err.starts_with("certgate-external: certificate: timezone: ")) << zone.process.err;
    auto now = read_external("certificate", {{"certificate", pem}, {"now", "yesterday"}});
    EXPECT_EQ(now.process.err, "certgate-external: certificate: now: invalid instant; expected RFC 3339 such as "
                               "\"2026-11-26T08:00:00Z\" or a date such as \"2026-11-26\"\n");
    auto milestones = read_external("certificate", {{"certificate", pem}, {"milestones", "2mo,3x"}});
    EXPECT_TRUE(milestones.process.err.starts_with("certgate-external: certificate: milestones: "))
        << milestones.process.err;
    auto policy_file = read_external("certificate", {{"certificate", pem}, {"policy_file", "missing.json"}});
    EXPECT_TRUE(policy_file.process.err.starts_with("certgate-external: certificate: policy_file: "))
        << policy_file.process.err;
}

TEST(ExternalCertificate, PolicyFileAndCertgateNow)
{
    TempDir dir;
    dir.write("policy.json", R"({"timezone":"+08:00","milestones":["1w","0d"]})");
    const TestCertificate certificate = make_certificate(worked_example());
    auto read =
        terraform::read_external("certificate", {{"certificate", certificate.pem()}, {"policy_file", "policy.json"}},
                                 dir.path().string(), {{"CERTGATE_NOW", "2026-11-30T09:00:00Z"}});
    ASSERT_TRUE(read.ok) << read.process.err;
    EXPECT_EQ(read.result.at("now"), "2026-11-30T09:00:00Z");
    EXPECT_EQ(read.result.at("timezone"), "+08:00");
    EXPECT_EQ(read.result.at("schedule"),
              R"([{"milestone":"1w","date":"2026-12-04"},{"milestone":"0d","date":"2026-12-11"}])");
    auto bad_now =
        terraform::read_external("certificate", {{"certificate", certificate.pem()}}, "", {{"CERTGATE_NOW", "soon"}});
    EXPECT_EQ(bad_now.process.err, "certgate-external: certificate: CERTGATE_NOW: invalid instant; expected RFC 3339 "
                                   "such as \"2026-11-26T08:00:00Z\" or a date such as \"2026-11-26\"\n");
}

} // namespace
} // namespace certgate::testing
