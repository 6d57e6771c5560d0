// certgate_certificate and certgate_expiry: the typed answers, the plan
// diagnostics and unknown inputs.

#include "provider_test_support.hpp"
#include "support/temp_dir.hpp"

namespace certgate::testing {
namespace {

// SPEC section 2's worked example: renew, 9 working days, renew by 2026-12-08.
TestCertificate worked_example()
{
    CertificateSpec spec;
    spec.common_name = "web.example.com";
    spec.dns_names = {"web.example.com", "www.example.com"};
    spec.not_before = "2026-09-12T12:00:00Z";
    spec.not_after = "2026-12-11T12:00:00Z";
    return make_certificate(spec);
}

tv::Value certificate_config(const ProviderService& provider, std::map<std::string, tv::Value> given)
{
    return object_for(provider.schemas().data_sources.at("certgate_certificate"), given);
}

TEST(ProviderCertificate, TheWorkedExampleIsTypedAndWarnsAtTheCertificate)
{
    const TestCertificate certificate = worked_example();
    auto provider = configured_provider({{"now", tv::string_value("2026-11-30T09:00:00Z")}});
    const auto read = provider->read_data_source(
        "certgate_certificate", certificate_config(*provider, {{"certificate", tv::string_value(certificate.pem())}}));

    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(read.diagnostics[0].severity, tv::Severity::warning);
    EXPECT_EQ(read.diagnostics[0].summary, "web.example.com expires in 9 working days; renew by 2026-12-08");
    EXPECT_EQ(read.diagnostics[0].detail,
              "Severity renew (fail_on renew: the gate would fail). Not after 2026-12-11T12:00:00Z, 11 days left; "
              "the renewal window opens 2026-11-27. Next milestone 1w on 2026-12-04.");
    EXPECT_EQ(path_text(read.diagnostics[0].attribute), "certificate");

    const tv::Value& state = read.state;
    EXPECT_EQ(field(state, "id").string, certificate.fingerprint_sha256());
    EXPECT_EQ(field(state, "name").string, "web.example.com");
    EXPECT_EQ(field(state, "severity").string, "renew");
    EXPECT_EQ(field(state, "gate").string, "fail");
    EXPECT_EQ(field(state, "days_remaining").kind, tv::ValueKind::number);
    EXPECT_EQ(field(state, "days_remaining").number, 11);
    EXPECT_EQ(field(state, "working_days_remaining").number, 9);
    EXPECT_EQ(field(state, "seconds_remaining").number, 11 * 86400 + 3 * 3600);
    EXPECT_EQ(field(state, "in_renewal_window").kind, tv::ValueKind::boolean);
    EXPECT_TRUE(field(state, "in_renewal_window").boolean);
    EXPECT_FALSE(field(state, "expired").boolean);
    EXPECT_EQ(field(state, "renew_by").string, "2026-12-08");
    EXPECT_EQ(field(state, "renewal_window_start").string, "2026-11-27");
    EXPECT_EQ(field(state, "last_milestone").string, "1mo");
    EXPECT_EQ(field(state, "next_milestone_date").string, "2026-12-04");
    EXPECT_EQ(field(state, "now").string, "2026-11-30T09:00:00Z");
    EXPECT_EQ(field(state, "timezone").string, "UTC");
    EXPECT_EQ(field(state, "key_bits").number, 256);
    EXPECT_EQ(field(state, "common_name").string, "web.example.com");

    const tv::Value& sans = field(state, "sans");
    ASSERT_EQ(sans.kind, tv::ValueKind::list);
    ASSERT_EQ(sans.items.size(), 2U);
    EXPECT_EQ(sans.items[0].string, "DNS:web.example.com");

    // Uploaded (the default): messages go out at every milestone of the schedule.
    EXPECT_TRUE(field(state, "message_notifications").boolean);
    const tv::Value& notifications = field(state, "notifications");
    ASSERT_EQ(notifications.kind, tv::ValueKind::list);
    ASSERT_EQ(notifications.items.size(), 6U);
    EXPECT_EQ(field(notifications.items[0], "milestone").string, "2mo");
    EXPECT_EQ(field(notifications.items[0], "date").string, "2026-10-11");
    EXPECT_EQ(field(notifications.items[5], "milestone").string, "0d");

    const tv::Value& finding = field(state, "finding");
    EXPECT_EQ(field(finding, "severity").string, "renew");
    EXPECT_EQ(field(finding, "message").string, "web.example.com expires in 9 working days; renew by 2026-12-08");
    // The PEM given stays as configured.
    EXPECT_EQ(field(state, "certificate").string, certificate.pem());
    EXPECT_TRUE(tv::is_wholly_known(state));
}

TEST(ProviderCertificate, GateFailuresAreErrorsWhenTheProviderSaysSo)
{
    const TestCertificate certificate = worked_example();
    auto provider = configured_provider(
        {{"now", tv::string_value("2026-11-30T09:00:00Z")}, {"gate_failures", tv::string_value("error")}});
    const TempDir folder;
    const std::string file = folder.write("web.pem", certificate.pem());
    auto read = provider->read_data_source(
        "certgate_certificate", certificate_config(*provider, {{"certificate_file", tv::string_value(file)}}));
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(read.diagnostics[0].severity, tv::Severity::error);
    EXPECT_EQ(path_text(read.diagnostics[0].attribute), "certificate_file");

    // Below fail_on it stays a warning: fail_on critical lets renew pass.
    read = provider->read_data_source("certgate_certificate",
                                      certificate_config(*provider, {{"certificate_file", tv::string_value(file)},
                                                                     {"fail_on", tv::string_value("critical")}}));
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(read.diagnostics[0].severity, tv::Severity::warning);
    EXPECT_EQ(field(read.state, "gate").string, "pass");
    EXPECT_EQ(field(read.state, "fail_on").string, "critical");
}

TEST(ProviderCertificate, AFineCertificateHasNoDiagnostic)
{
    CertificateSpec spec;
    spec.common_name = "fine.example.com";
    spec.not_after = "2027-06-01T00:00:00Z";
    const TestCertificate certificate = make_certificate(spec);
    auto provider = configured_provider({});
    const auto read = provider->read_data_source(
        "certgate_certificate", certificate_config(*provider, {{"certificate", tv::string_value(certificate.pem())}}));
    EXPECT_TRUE(read.diagnostics.empty());
    EXPECT_EQ(field(read.state, "severity").string, "ok");
    EXPECT_EQ(field(read.state, "now").string, "2026-11-30T09:00:00Z"); // the clock
    EXPECT_EQ(field(field(read.state, "finding"), "message").string,
              "fine.example.com expires in 131 working days; renew by 2027-05-27");
}

TEST(ProviderCertificate, UnknownInputsGiveUnknownResultsWithoutError)
{
    auto provider = configured_provider({});
    const auto read = provider->read_data_source(
        "certgate_certificate",
        certificate_config(*provider, {{"certificate", tv::unknown_value()}, {"status", tv::string_value("issued")}}));
    EXPECT_TRUE(read.diagnostics.empty());
    EXPECT_EQ(field(read.state, "certificate").kind, tv::ValueKind::unknown);
    EXPECT_EQ(field(read.state, "status").string, "issued");
    EXPECT_EQ(field(read.state, "severity").kind, tv::ValueKind::unknown);
    EXPECT_EQ(field(read.state, "sans").kind, tv::ValueKind::unknown);
    EXPECT_EQ(field(read.state, "policy_file").kind, tv::ValueKind::null);
}

TEST(ProviderCertificate, ErrorsPointAtTheAttribute)
{
    const TestCertificate certificate = worked_example();
    auto provider = configured_provider({});
    auto read = provider->read_data_source(
        "certgate_certificate", certificate_config(*provider, {{"certificate", tv::string_value(certificate.pem())},
                                                               {"status", tv::string_value("bought")}}));
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(read.diagnostics[0].severity, tv::Severity::error);
    EXPECT_EQ(path_text(read.diagnostics[0].attribute), "status");
    EXPECT_EQ(read.diagnostics[0].detail.rfind("certgate_certificate: status: ", 0), 0U) << read.diagnostics[0].detail;

    // SPEC section 3: an uploaded certificate has no toggle.
    read = provider->read_data_source(
        "certgate_certificate", certificate_config(*provider, {{"certificate", tv::string_value(certificate.pem())},
                                                               {"expiration_notification", tv::bool_value(false)}}));
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(path_text(read.diagnostics[0].attribute), "expiration_notification");
    EXPECT_NE(read.diagnostics[0].detail.find("an uploaded certificate has no expiration-notification toggle"),
              std::string::npos);

    // A list item holding a comma cannot become a query value.
    read = provider->read_data_source(
        "certgate_certificate",
        certificate_config(*provider, {{"certificate", tv::string_value(certificate.pem())},
                                       {"holidays", tv::list_value({tv::string_value("2026-12-24,2026-12-25")})}}));
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(path_text(read.diagnostics[0].attribute), "holidays");
    EXPECT_EQ(read.diagnostics[0].detail, "holidays: item 1 holds a comma; give one value per item");

    // Neither certificate nor certificate_file: no attribute to point at.
    read = provider->read_data_source("certgate_certificate", certificate_config(*provider, {}));
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_TRUE(read.diagnostics[0].attribute.empty());
    EXPECT_EQ(read.diagnostics[0].summary,
              "missing: give the certificate as PEM text in \"certificate\" or its path in \"certificate_file\"");
}

TEST(ProviderCertificate, ProviderPolicyDefaultsApplyAndDataSourcesOverrideThem)
{
    const TestCertificate certificate = worked_example();
    // Two more holidays in the window: 7 working days left.
    auto provider = configured_provider(
        {{"now", tv::string_value("2026-11-30T09:00:00Z")},
         {"holidays", tv::list_value({tv::string_value("2026-12-01"), tv::string_value("2026-12-02")})}});
    auto read = provider->read_data_source(
        "certgate_certificate", certificate_config(*provider, {{"certificate", tv::string_value(certificate.pem())}}));
    EXPECT_EQ(field(read.state, "working_days_remaining").number, 7);
    read = provider->read_data_source(
        "certgate_certificate",
        certificate_config(*provider, {{"certificate", tv::string_value(certificate.pem())},
                                       {"holidays", tv::list_value({tv::string_value("2026-12-01")})},
                                       {"now", tv::string_value("2026-11-30")}}));
    EXPECT_EQ(field(read.state, "working_days_remaining").number, 8);
    EXPECT_EQ(field(read.state, "now").string, "2026-11-30"); // as configured
}

TEST(ProviderSettings, BadProviderSettingsFailAtConfigureWithTheAttribute)
{
    auto provider = app::make_certgate_provider({});
    const auto& schema = provider->schemas().provider;
    auto diagnostics = provider->configure(object_for(schema, {{"timezone", tv::string_value("Mars/Olympus")}}));
    ASSERT_EQ(diagnostics.size(), 1U);
    EXPECT_EQ(path_text(diagnostics[0].attribute), "timezone");
    EXPECT_EQ(diagnostics[0].detail.rfind("provider certgate: timezone: ", 0), 0U) << diagnostics[0].detail;

    diagnostics =
        provider->validate_provider_config(object_for(schema, {{"gate_failures", tv::string_value("fatal")},
                                                               {"now", tv::string_value("yesterday")},
                                                               {"minimum_lead_working_days", tv::number_value(-1)}}));
    ASSERT_EQ(diagnostics.size(), 3U);
    EXPECT_EQ(diagnostics[0].detail, "provider certgate: gate_failures: expected one of: warning, error");
    EXPECT_EQ(path_text(diagnostics[1].attribute), "now");
    EXPECT_EQ(path_text(diagnostics[2].attribute), "minimum_lead_working_days");
}

TEST(ProviderExpiry, CloudTimestampsAreEvaluated)
{
    auto provider = configured_provider({{"now", tv::string_value("2026-11-30T09:00:00Z")}});
    const auto& schema = provider->schemas().data_sources.at("certgate_expiry");
    auto read = provider->read_data_source(
        "certgate_expiry", object_for(schema, {{"not_after", tv::string_value("2026-12-11 20:00:00.0")},
                                               {"not_after_timezone", tv::string_value("Asia/Shanghai")},
                                               {"name", tv::string_value("scs1554192131150")},
                                               {"status", tv::string_value("issued")}}));
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(read.diagnostics[0].summary, "scs1554192131150 expires in 9 working days; renew by 2026-12-08");
    EXPECT_EQ(path_text(read.diagnostics[0].attribute), "not_after");
    EXPECT_EQ(field(read.state, "expiry_date").string, "2026-12-11");
    EXPECT_EQ(field(read.state, "not_after").string, "2026-12-11 20:00:00.0"); // as configured
    EXPECT_EQ(field(read.state, "not_after_rfc3339").string, "2026-12-11T12:00:00Z");
    EXPECT_EQ(field(read.state, "not_before_rfc3339").kind, tv::ValueKind::null);
    EXPECT_TRUE(field(read.state, "console_reminder").boolean);
    EXPECT_TRUE(field(read.state, "expiration_notification").boolean);

    read = provider->read_data_source("certgate_expiry",
                                      object_for(schema, {{"not_after", tv::string_value("2026-11-29T00:00:00Z")}}));
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(read.diagnostics[0].summary,
              "the certificate expiring 2026-11-29T00:00:00Z expired on 2026-11-29; replace it now");
    EXPECT_TRUE(field(read.state, "expired").boolean);
    EXPECT_TRUE(field(read.state, "toggle_locked").boolean);

    read = provider->read_data_source("certgate_expiry", object_for(schema, {{"not_after", tv::string_value("soon")}}));
    ASSERT_EQ(read.diagnostics.size(), 1U);
    EXPECT_EQ(path_text(read.diagnostics[0].attribute), "not_after");
}

} // namespace
} // namespace certgate::testing
