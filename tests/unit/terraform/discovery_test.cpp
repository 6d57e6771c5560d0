// Certificates in generated plans and states: where they are found, how they
// are named, deduplicated, and marked unknown or sensitive.

#include "plan_test_support.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

namespace certgate::terraform {
namespace {

using nlohmann::json;
using testing::at;
using testing::CertificateSpec;
using testing::change;
using testing::make_certificate;
using testing::module;
using testing::plan_document;
using testing::read_text;
using testing::resource;
using testing::state_document;

testing::TestCertificate certificate(const std::string& name, const std::string& not_after,
                                     const testing::TestCertificate* issuer = nullptr, long serial = 1)
{
    CertificateSpec spec;
    spec.common_name = name;
    spec.dns_names = {name};
    spec.not_before = "2026-01-01T00:00:00Z";
    spec.not_after = not_after;
    spec.issuer = issuer;
    spec.is_ca = issuer == nullptr && name.find("ca") == 0;
    spec.serial = serial;
    return make_certificate(spec);
}

Discovery read_ok(const json& document, const ReadOptions& options = {})
{
    auto discovery = read_text(document.dump(), options);
    EXPECT_TRUE(discovery) << discovery.error().describe();
    return discovery ? std::move(discovery).value() : Discovery{};
}

const Finding* find(const Discovery& discovery, const std::string& address, const std::string& attribute = "",
                    int index = 0)
{
    for (const Finding& finding : discovery.findings) {
        if (finding.source.address == address && (attribute.empty() || finding.source.attribute == attribute) &&
            finding.source.index.value_or(0) == index) {
            return &finding;
        }
    }
    return nullptr;
}

TEST(TerraformDiscovery, NestedModulesCountAndForEachAddresses)
{
    const auto first = certificate("a.example.com", "2027-02-01T12:00:00Z");
    const auto second = certificate("b.example.com", "2027-03-01T12:00:00Z");
    const auto third = certificate("c.example.com", "2027-04-01T12:00:00Z");
    const json inner = module(json::array({resource("module.x.module.y.tls_self_signed_cert.this[0]",
                                                    "tls_self_signed_cert", {{"cert_pem", third.pem()}})}),
                              json::array(), "module.x.module.y");
    const json x = module(json::array({resource("module.x.aws_acm_certificate.this[\"a\"]", "aws_acm_certificate",
                                                {{"certificate_body", second.pem()}, {"domain_name", "b"}})}),
                          json::array({inner}), "module.x");
    const json root = module(json::array({resource("local_file.cert[1]", "local_file", {{"content", first.pem()}})}),
                             json::array({x}));
    const Discovery discovery = read_ok(state_document(root));

    EXPECT_EQ(discovery.summary.kind, DocumentKind::state);
    EXPECT_EQ(discovery.summary.resources, 3U);
    EXPECT_EQ(discovery.summary.child_modules, 2U);
    ASSERT_EQ(discovery.findings.size(), 3U);
    const Finding* root_finding = find(discovery, "local_file.cert[1]", "content");
    ASSERT_NE(root_finding, nullptr);
    EXPECT_EQ(root_finding->source.kind, SourceKind::state);
    EXPECT_EQ(root_finding->source.path, "plan.json");
    EXPECT_EQ(root_finding->source.index, 0);
    EXPECT_EQ(root_finding->certificate->not_after, at("2027-02-01T12:00:00Z"));
    EXPECT_EQ(root_finding->certificate->fingerprint_sha256, first.fingerprint_sha256());
    const Finding* for_each = find(discovery, "module.x.aws_acm_certificate.this[\"a\"]", "certificate_body");
    ASSERT_NE(for_each, nullptr);
    EXPECT_EQ(for_each->certificate->not_after, at("2027-03-01T12:00:00Z"));
    const Finding* nested = find(discovery, "module.x.module.y.tls_self_signed_cert.this[0]", "cert_pem");
    ASSERT_NE(nested, nullptr);
    EXPECT_EQ(nested->certificate->common_name, "c.example.com");
}

TEST(TerraformDiscovery, ChainInOneAttributeGivesOneFindingPerCertificate)
{
    const auto ca = certificate("ca.example.com", "2030-01-01T00:00:00Z");
    const auto leaf = certificate("leaf.example.com", "2027-01-15T00:00:00Z", &ca, 2);
    const json root =
        module(json::array({resource("acme_certificate.this", "acme_certificate",
                                     {{"certificate_pem", leaf.pem() + ca.pem()},
                                      {"certificate_not_after", "2027-01-15T00:00:00Z"},
                                      {"chain", json::array({{{"pem", ca.pem()}, {"name", "root"}}})}})}));
    const Discovery discovery = read_ok(state_document(root));

    ASSERT_EQ(discovery.findings.size(), 3U);
    const Finding* leaf_finding = find(discovery, "acme_certificate.this", "certificate_pem", 0);
    const Finding* ca_finding = find(discovery, "acme_certificate.this", "certificate_pem", 1);
    const Finding* nested = find(discovery, "acme_certificate.this", "chain[0].pem", 0);
    ASSERT_NE(leaf_finding, nullptr);
    ASSERT_NE(ca_finding, nullptr);
    ASSERT_NE(nested, nullptr);
    EXPECT_EQ(leaf_finding->certificate->fingerprint_sha256, leaf.fingerprint_sha256());
    EXPECT_EQ(ca_finding->certificate->fingerprint_sha256, ca.fingerprint_sha256());
    EXPECT_EQ(nested->certificate->fingerprint_sha256, ca.fingerprint_sha256());
    // The timestamp attribute is not reported when the PEM gives the certificate.
    for (const Finding& finding : discovery.findings) {
        EXPECT_NE(finding.source.attribute, "certificate_not_after");
    }
}

TEST(TerraformDiscovery, SameCertificateInEverySectionIsReportedOnce)
{
    const auto cert = certificate("dup.example.com", "2027-05-01T00:00:00Z");
    const json values = {{"cert_pem", cert.pem()}, {"validity_end_time", "2027-05-01T00:00:00Z"}};
    const json planned = module(json::array({resource("tls_self_signed_cert.this", "tls_self_signed_cert", values)}));
    const json prior = module(
        json::array({resource("tls_self_signed_cert.this", "tls_self_signed_cert", values, {{"cert_pem", true}})}));
    const json changes = json::array({change("tls_self_signed_cert.this", "tls_self_signed_cert", {"no-op"}, values)});
    const Discovery discovery = read_ok(plan_document(planned, changes, prior));

    EXPECT_EQ(discovery.summary.kind, DocumentKind::plan);
    ASSERT_EQ(discovery.findings.size(), 1U);
    EXPECT_EQ(discovery.findings[0].source.kind, SourceKind::plan);
    EXPECT_EQ(discovery.findings[0].source.attribute, "cert_pem");
    // prior_state is superseded by the resource change, so its mark does not count.
    EXPECT_FALSE(discovery.findings[0].sensitive);
}

TEST(TerraformDiscovery, SensitiveMarksFromSensitiveValuesAndAfterSensitive)
{
    const auto first = certificate("s1.example.com", "2027-05-01T00:00:00Z");
    const auto second = certificate("s2.example.com", "2027-06-01T00:00:00Z");
    const auto plain = certificate("p.example.com", "2027-07-01T00:00:00Z");
    const json planned = module(
        json::array({resource("aws_iam_server_certificate.a", "aws_iam_server_certificate",
                              {{"certificate_body", first.pem()}, {"certificate_chain", plain.pem()}},
                              {{"certificate_body", true}}),
                     resource("kubernetes_secret.b", "kubernetes_secret", {{"data", {{"tls.crt", second.pem()}}}})}));
    const json changes =
        json::array({change("kubernetes_secret.b", "kubernetes_secret", {"create"},
                            {{"data", {{"tls.crt", second.pem()}}}}, json::object(), {{"data", true}})});
    const Discovery discovery = read_ok(plan_document(planned, changes));

    ASSERT_EQ(discovery.findings.size(), 3U);
    EXPECT_TRUE(find(discovery, "aws_iam_server_certificate.a", "certificate_body")->sensitive);
    EXPECT_FALSE(find(discovery, "aws_iam_server_certificate.a", "certificate_chain")->sensitive);
    const Finding* secret = find(discovery, "kubernetes_secret.b", "data[\"tls.crt\"]");
    ASSERT_NE(secret, nullptr);
    EXPECT_TRUE(secret->sensitive);
}

TEST(TerraformDiscovery, UnknownValuesGiveUnknownFindings)
{
    const json planned = module(
        json::array({resource("tls_self_signed_cert.new", "tls_self_signed_cert", {{"validity_period_hours", 24}}),
                     resource("aws_acm_certificate.new", "aws_acm_certificate", {{"domain_name", "x.example.com"}}),
                     resource("random_id.x", "random_id", json::object())}));
    const json changes = json::array(
        {change("tls_self_signed_cert.new", "tls_self_signed_cert", {"create"}, {{"validity_period_hours", 24}},
                {{"cert_pem", true}, {"id", true}, {"validity_end_time", true}}, {{"cert_pem", true}}),
         change("aws_acm_certificate.new", "aws_acm_certificate", {"create"}, {{"domain_name", "x.example.com"}},
                {{"arn", true}, {"not_after", true}, {"not_before", true}}),
         change("random_id.x", "random_id", {"create"}, json::object(), {{"hex", true}, {"id", true}})});
    const Discovery discovery = read_ok(plan_document(planned, changes));

    ASSERT_EQ(discovery.findings.size(), 2U);
    const Finding* tls = find(discovery, "tls_self_signed_cert.new");
    ASSERT_NE(tls, nullptr);
    EXPECT_EQ(tls->severity, Severity::unknown);
    EXPECT_EQ(tls->source.attribute, "cert_pem");
    EXPECT_EQ(tls->message, "known only after apply");
    EXPECT_TRUE(tls->sensitive);
    EXPECT_FALSE(tls->certificate);
    const Finding* acm = find(discovery, "aws_acm_certificate.new");
    ASSERT_NE(acm, nullptr);
    EXPECT_EQ(acm->severity, Severity::unknown);
    EXPECT_EQ(acm->source.attribute, "not_after");
    EXPECT_FALSE(acm->sensitive);
}

TEST(TerraformDiscovery, ReplacedCertificateInPriorStateIsNotReported)
{
    const auto old = certificate("old.example.com", "2026-12-01T00:00:00Z");
    const json prior =
        module(json::array({resource("tls_self_signed_cert.this", "tls_self_signed_cert", {{"cert_pem", old.pem()}})}));
    const json changes = json::array({change("tls_self_signed_cert.this", "tls_self_signed_cert", {"delete", "create"},
                                             json::object(), {{"cert_pem", true}})});
    const Discovery discovery = read_ok(plan_document(module(json::array()), changes, prior));

    ASSERT_EQ(discovery.findings.size(), 1U);
    EXPECT_EQ(discovery.findings[0].severity, Severity::unknown);
    EXPECT_EQ(discovery.findings[0].source.address, "tls_self_signed_cert.this");
}

TEST(TerraformDiscovery, DataSourceReadDuringPlanIsInPriorStateOnly)
{
    const auto cert = certificate("data.example.com", "2027-08-01T00:00:00Z");
    const json prior = module(json::array({resource("data.aws_acm_certificate.issued", "aws_acm_certificate",
                                                    {{"certificate", cert.pem()}, {"domain", "data.example.com"}})}));
    const json planned = module(json::array({resource("aws_lb_listener.https", "aws_lb_listener", json::object())}));
    const json changes = json::array({change("aws_lb_listener.https", "aws_lb_listener", {"create"}, json::object())});
    const Discovery discovery = read_ok(plan_document(planned, changes, prior));

    ASSERT_EQ(discovery.findings.size(), 1U);
    const Finding& finding = discovery.findings[0];
    EXPECT_EQ(finding.source.kind, SourceKind::plan);
    EXPECT_EQ(finding.source.address, "data.aws_acm_certificate.issued");
    EXPECT_EQ(finding.source.attribute, "certificate");
    EXPECT_EQ(finding.certificate->not_after, at("2027-08-01T00:00:00Z"));
}

json external_result(const testing::TestCertificate& cert)
{
    return {{"id", cert.fingerprint_sha256()},
            {"subject", "CN=ext.example.com"},
            {"issuer", "CN=ext.example.com"},
            {"sans", "[\"DNS:ext.example.com\",\"DNS:www.ext.example.com\"]"},
            {"serial", "01"},
            {"not_before", "2026-01-01T00:00:00Z"},
            {"not_after", "2027-09-01T00:00:00Z"},
            {"days_remaining", "100"},
            {"in_renewal_window", "false"}};
}

TEST(TerraformDiscovery, CertgateExternalResultIsAFinding)
{
    CertificateSpec spec;
    spec.common_name = "ext.example.com";
    spec.not_after = "2027-09-01T00:00:00Z";
    const auto cert = make_certificate(spec);
    const json prior = module(json::array({resource("module.certs.data.external.cert[\"web\"]", "external",
                                                    {{"id", "-"},
                                                     {"program", {"certgate-external", "certificate"}},
                                                     {"query", {{"certificate_file", "web.pem"}}},
                                                     {"result", external_result(cert)},
                                                     {"working_dir", nullptr}})}));
    const Discovery discovery = read_ok(plan_document(module(json::array()), json::array(), prior));

    ASSERT_EQ(discovery.findings.size(), 1U);
    const Finding& finding = discovery.findings[0];
    EXPECT_EQ(finding.source.address, "module.certs.data.external.cert[\"web\"]");
    EXPECT_EQ(finding.source.attribute, "result");
    EXPECT_FALSE(finding.source.index);
    ASSERT_TRUE(finding.certificate);
    EXPECT_EQ(finding.certificate->not_after, at("2027-09-01T00:00:00Z"));
    EXPECT_EQ(finding.certificate->not_before, at("2026-01-01T00:00:00Z"));
    EXPECT_EQ(finding.certificate->subject, "CN=ext.example.com");
    EXPECT_EQ(finding.certificate->common_name, "ext.example.com");
    EXPECT_EQ(finding.certificate->fingerprint_sha256, cert.fingerprint_sha256());
    EXPECT_EQ(finding.certificate->sans, (std::vector<std::string>{"DNS:ext.example.com", "DNS:www.ext.example.com"}));
}

TEST(TerraformDiscovery, CertgateExternalResultYieldsToTheSamePem)
{
    const auto cert = certificate("ext.example.com", "2027-09-01T00:00:00Z");
    const json prior = module(json::array(
        {resource("data.external.cert", "external",
                  {{"program", {"/opt/bin/certgate-external", "certificate"}}, {"result", external_result(cert)}}),
         resource("local_file.pem", "local_file", {{"content", cert.pem()}})}));
    const Discovery discovery = read_ok(plan_document(module(json::array()), json::array(), prior));

    ASSERT_EQ(discovery.findings.size(), 1U);
    EXPECT_EQ(discovery.findings[0].source.address, "local_file.pem");
}

json notification_result(const testing::TestCertificate& cert)
{
    return {{"certificate", cert.fingerprint_sha256()},
            {"status", "issued"},
            {"enabled", "true"},
            {"not_after", "2027-09-01T00:00:00Z"},
            {"next_milestone", "2 months"}};
}

TEST(TerraformDiscovery, NotificationResultYieldsToTheCertificateItNames)
{
    // A notification repeats its certificate's not_after: with the
    // certificate's own result beside it, one certificate is one finding.
    const auto cert = certificate("ext.example.com", "2027-09-01T00:00:00Z");
    const json prior = module(json::array(
        {resource("data.external.notification", "external",
                  {{"program", {"certgate-external", "notification"}}, {"result", notification_result(cert)}}),
         resource("data.external.cert", "external",
                  {{"program", {"certgate-external", "certificate"}}, {"result", external_result(cert)}})}));
    const Discovery discovery = read_ok(plan_document(module(json::array()), json::array(), prior));

    ASSERT_EQ(discovery.findings.size(), 1U);
    EXPECT_EQ(discovery.findings[0].source.address, "data.external.cert");
}

TEST(TerraformDiscovery, NotificationResultAloneIsAFinding)
{
    // Without the certificate anywhere else (a managed certificate whose PEM
    // Terraform never sees), the notification is the only place its expiry
    // shows, so it counts.
    const auto cert = certificate("ext.example.com", "2027-09-01T00:00:00Z");
    const auto other = certificate("other.example.com", "2027-10-01T00:00:00Z");
    const json prior = module(json::array(
        {resource("data.external.notification", "external",
                  {{"program", {"certgate-external", "notification"}}, {"result", notification_result(cert)}}),
         resource("data.external.cert", "external",
                  {{"program", {"certgate-external", "certificate"}}, {"result", external_result(other)}})}));
    const Discovery discovery = read_ok(plan_document(module(json::array()), json::array(), prior));

    ASSERT_EQ(discovery.findings.size(), 2U);
    const Finding* notification = find(discovery, "data.external.notification", "result");
    ASSERT_NE(notification, nullptr);
    EXPECT_EQ(notification->certificate->not_after, at("2027-09-01T00:00:00Z"));
    EXPECT_EQ(notification->certificate->fingerprint_sha256, cert.fingerprint_sha256());
}

TEST(TerraformDiscovery, DeferredCertgateExternalReadIsUnknown)
{
    const json after = {
        {"program", {"certgate-external", "expiry"}}, {"query", {{"name", "x"}}}, {"working_dir", nullptr}};
    const json changes =
        json::array({change("data.external.expiry", "external", {"read"}, after,
                            {{"id", true}, {"program", {false, false}}, {"query", json::object()}, {"result", true}})});
    const Discovery discovery =
        read_ok(plan_document(module(json::array({resource("data.external.expiry", "external", after)})), changes));

    ASSERT_EQ(discovery.findings.size(), 1U);
    EXPECT_EQ(discovery.findings[0].severity, Severity::unknown);
    EXPECT_EQ(discovery.findings[0].source.attribute, "result");
}

TEST(TerraformDiscovery, TimestampOnlyResourcesOfSeveralProviders)
{
    const json root = module(json::array({
        resource("aws_acm_certificate.a", "aws_acm_certificate",
                 {{"not_after", "2027-01-02T03:04:05Z"}, {"not_before", "2026-01-02T03:04:05Z"}}),
        resource("google_compute_managed_ssl_certificate.g", "google_compute_managed_ssl_certificate",
                 {{"expire_time", "2027-02-03T04:05:06.123-07:00"}}),
        resource("azurerm_key_vault_certificate.k", "azurerm_key_vault_certificate",
                 {{"certificate_attribute",
                   json::array({{{"expires", "2027-03-04T05:06:07Z"}, {"not_before", "2026-03-04T05:06:07Z"}}})}}),
        resource("huaweicloud_scm_certificate.h", "huaweicloud_scm_certificate",
                 {{"expire_time", "2027-03-31 23:59:59.0"}}),
        resource("acme_certificate.m", "acme_certificate", {{"certificate_not_after", "2027-04-05T06:07:08Z"}}),
        resource("tls_locally_signed_cert.t", "tls_locally_signed_cert",
                 {{"validity_end_time", "2027-05-06T07:08:09Z"}, {"validity_start_time", "2026-05-06T07:08:09Z"}}),
        resource("data.huaweicloud_ccm_certificates.all", "huaweicloud_ccm_certificates",
                 {{"certificates", json::array({{{"expire_time", "2027-06-01 00:00:00.0"}},
                                                {{"expire_time", "2027-07-01 00:00:00.0"}}})}}),
        resource("aws_s3_bucket.not_a_certificate", "aws_s3_bucket", {{"not_after", "2027-01-01T00:00:00Z"}}),
    }));
    const Discovery discovery = read_ok(state_document(root));

    ASSERT_EQ(discovery.findings.size(), 8U);
    const auto not_after = [&](const std::string& address, const std::string& attribute) {
        const Finding* finding = find(discovery, address, attribute);
        EXPECT_NE(finding, nullptr) << address;
        return finding ? format_rfc3339(finding->certificate->not_after) : std::string();
    };
    EXPECT_EQ(not_after("aws_acm_certificate.a", "not_after"), "2027-01-02T03:04:05Z");
    EXPECT_EQ(find(discovery, "aws_acm_certificate.a")->certificate->not_before, at("2026-01-02T03:04:05Z"));
    EXPECT_EQ(not_after("google_compute_managed_ssl_certificate.g", "expire_time"), "2027-02-03T11:05:06Z");
    EXPECT_EQ(not_after("azurerm_key_vault_certificate.k", "certificate_attribute[0].expires"), "2027-03-04T05:06:07Z");
    EXPECT_EQ(find(discovery, "azurerm_key_vault_certificate.k")->certificate->not_before, at("2026-03-04T05:06:07Z"));
    EXPECT_EQ(not_after("huaweicloud_scm_certificate.h", "expire_time"), "2027-03-31T23:59:59Z");
    EXPECT_EQ(not_after("acme_certificate.m", "certificate_not_after"), "2027-04-05T06:07:08Z");
    EXPECT_EQ(not_after("tls_locally_signed_cert.t", "validity_end_time"), "2027-05-06T07:08:09Z");
    EXPECT_EQ(not_after("data.huaweicloud_ccm_certificates.all", "certificates[0].expire_time"),
              "2027-06-01T00:00:00Z");
    EXPECT_EQ(not_after("data.huaweicloud_ccm_certificates.all", "certificates[1].expire_time"),
              "2027-07-01T00:00:00Z");
    EXPECT_EQ(find(discovery, "aws_s3_bucket.not_a_certificate"), nullptr);
    for (const Finding& finding : discovery.findings) {
        EXPECT_EQ(finding.message, "expiry read from the resource's timestamp attribute");
        EXPECT_FALSE(finding.source.index);
    }
}

TEST(TerraformDiscovery, HuaweiCloudExpireTimeZoneIsConfigurable)
{
    const json root = module(json::array({resource("huaweicloud_scm_certificate.h", "huaweicloud_scm_certificate",
                                                   {{"expire_time", "2027-03-31 23:59:59.0"}})}));
    ReadOptions options;
    auto zone = parse_fixed_offset_zone("+08:00");
    ASSERT_TRUE(zone);
    options.huaweicloud_zone = *zone;
    const Discovery discovery = read_ok(state_document(root), options);
    ASSERT_EQ(discovery.findings.size(), 1U);
    EXPECT_EQ(discovery.findings[0].certificate->not_after, at("2027-03-31T15:59:59Z"));
}

TEST(TerraformDiscovery, BadTimestampIsAnErrorFindingThatDoesNotQuoteTheValue)
{
    const json root = module(json::array(
        {resource("aws_acm_certificate.a", "aws_acm_certificate", {{"not_after", "next tuesday SECRET"}})}));
    const Discovery discovery = read_ok(state_document(root));
    ASSERT_EQ(discovery.findings.size(), 1U);
    EXPECT_EQ(discovery.findings[0].severity, Severity::error);
    EXPECT_EQ(discovery.findings[0].message,
              "attribute is not a timestamp, expected RFC 3339 or \"YYYY-MM-DD HH:MM:SS\"");
}

TEST(TerraformDiscovery, BrokenPemIsAnErrorFinding)
{
    const json root = module(json::array(
        {resource("local_file.bad", "local_file",
                  {{"content", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n"}})}));
    const Discovery discovery = read_ok(state_document(root));
    ASSERT_EQ(discovery.findings.size(), 1U);
    EXPECT_EQ(discovery.findings[0].severity, Severity::error);
    EXPECT_EQ(discovery.findings[0].source.attribute, "content");
    EXPECT_EQ(discovery.findings[0].message.rfind("could not read the certificate in this attribute: ", 0), 0U);
}

TEST(TerraformDiscovery, PemInsideJsonEncodedStringAndOddKeys)
{
    const auto cert = certificate("json.example.com", "2027-10-01T00:00:00Z");
    const std::string encoded = json({{"cert", cert.pem()}}).dump(); // newlines become \n escapes
    const json root =
        module(json::array({resource("aws_secretsmanager_secret_version.s", "aws_secretsmanager_secret_version",
                                     {{"secret_string", encoded}, {"tags", {{"a.b c", cert.pem()}}}})}));
    const Discovery discovery = read_ok(state_document(root));
    ASSERT_EQ(discovery.findings.size(), 2U);
    EXPECT_NE(find(discovery, "aws_secretsmanager_secret_version.s", "secret_string"), nullptr);
    EXPECT_NE(find(discovery, "aws_secretsmanager_secret_version.s", "tags[\"a.b c\"]"), nullptr);
}

TEST(TerraformDiscovery, GoFieldOrderIsReadLikeSortedOrder)
{
    // nlohmann::json sorts keys ("type" after "values"); ordered_json keeps
    // Terraform's own order ("type" before "values").
    const auto cert = certificate("order.example.com", "2027-11-01T00:00:00Z");
    nlohmann::ordered_json document = {
        {"format_version", "1.0"},
        {"terraform_version", "1.9.5"},
        {"values",
         {{"root_module",
           {{"resources", nlohmann::ordered_json::array({{{"address", "aws_acm_certificate.o"},
                                                          {"mode", "managed"},
                                                          {"type", "aws_acm_certificate"},
                                                          {"name", "o"},
                                                          {"values", {{"not_after", "2027-11-01T00:00:00Z"}}},
                                                          {"sensitive_values", {{"not_after", true}}}}})}}}}}};
    auto discovery = read_text(document.dump());
    ASSERT_TRUE(discovery);
    ASSERT_EQ(discovery->findings.size(), 1U);
    EXPECT_TRUE(discovery->findings[0].sensitive);
    EXPECT_EQ(discovery->findings[0].certificate->not_after, at("2027-11-01T00:00:00Z"));
}

TEST(TerraformDiscovery, WholeObjectSensitiveAndDeposedChanges)
{
    const auto current = certificate("current.example.com", "2027-05-01T00:00:00Z");
    const auto old = certificate("old.example.com", "2026-12-01T00:00:00Z");
    json deposed = change("local_file.c", "local_file", {"delete"}, {{"content", old.pem()}});
    deposed["deposed"] = "00000001";
    const json changes = json::array(
        {change("local_file.c", "local_file", {"update"}, {{"content", current.pem()}}, json::object(), true),
         deposed});
    const Discovery discovery = read_ok(plan_document(module(json::array()), changes));

    EXPECT_EQ(discovery.summary.resource_changes, 2U);
    ASSERT_EQ(discovery.findings.size(), 1U);
    EXPECT_EQ(discovery.findings[0].certificate->fingerprint_sha256, current.fingerprint_sha256());
    EXPECT_TRUE(discovery.findings[0].sensitive);
}

TEST(TerraformDiscovery, EmptyStateIsAState)
{
    auto discovery = read_text("{\"format_version\":\"1.0\"}\n");
    ASSERT_TRUE(discovery);
    EXPECT_EQ(discovery->summary.kind, DocumentKind::state);
    EXPECT_TRUE(discovery->findings.empty());
}

// Everything a finding holds that the reader sets, as one line.
std::string describe(const Finding& finding)
{
    std::ostringstream line;
    line << static_cast<int>(finding.severity) << '|' << to_string(finding.source.kind) << '|' << finding.source.path
         << '|' << finding.source.address.value_or("-") << '|' << finding.source.attribute.value_or("-") << '|'
         << finding.source.index.value_or(-1) << '|' << finding.sensitive << '|' << finding.message;
    if (finding.certificate) {
        const CertificateInfo& info = *finding.certificate;
        line << '|' << info.subject << '|' << info.issuer << '|' << info.serial << '|' << info.fingerprint_sha256 << '|'
             << format_rfc3339(info.not_after) << '|' << info.key_type << info.key_bits << '|' << info.self_signed;
    }
    return line.str();
}

std::vector<std::string> describe_all(const Discovery& discovery)
{
    std::vector<std::string> lines;
    for (const Finding& finding : discovery.findings) {
        lines.push_back(describe(finding));
    }
    return lines;
}

TEST(TerraformDiscovery, BatchesDecodedOnAPoolGiveTheSameFindingsInTheSameOrder)
{
    const auto ca = certificate("ca.batch.example", "2030-01-01T00:00:00Z");
    json planned = json::array();
    json prior = json::array();
    json changes = json::array();
    for (int i = 0; i < 24; ++i) {
        const std::string address = "local_file.c" + std::to_string(i);
        const auto leaf = certificate("host" + std::to_string(i) + ".batch.example",
                                      "2027-0" + std::to_string(1 + i % 9) + "-01T00:00:00Z", &ca, 100 + i);
        std::string content = leaf.pem();
        if (i % 4 == 1) {
            content += ca.pem(); // a chain: two certificates from one text
        }
        if (i % 7 == 3) {
            content = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n";
        }
        json values = {{"content", content}};
        if (i % 5 == 2) {
            values["tags"] = {{"bundle", json({{"cert", leaf.pem()}}).dump()}}; // escaped newlines
        }
        planned.push_back(resource(address, "local_file", values));
        if (i % 3 == 0) {
            planned.push_back(resource("aws_acm_certificate.t" + std::to_string(i), "aws_acm_certificate",
                                       {{"not_after", "2027-05-0" + std::to_string(1 + i % 9) + "T00:00:00Z"}}));
        }
        if (i % 2 == 0) {
            prior.push_back(resource(address, "local_file", {{"content", ca.pem()}}));
        }
        if (i % 6 == 0) {
            changes.push_back(change(address, "local_file", {"update"}, values, json::object(), i % 12 == 0));
        }
    }
    const json document = plan_document(module(planned), changes, module(prior));
    const std::vector<std::string> expected = describe_all(read_ok(document));
    ASSERT_GT(expected.size(), 40U);

    // A pool that runs the tasks of a batch on three threads, each from the
    // last of its share to the first, and records the batch sizes.
    std::mutex batches_mutex;
    std::vector<std::size_t> batches;
    ReadOptions options;
    options.decode_pool = [&](std::size_t count, const std::function<void(std::size_t)>& task) {
        {
            const std::lock_guard lock(batches_mutex);
            batches.push_back(count);
        }
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < 3; ++t) {
            threads.emplace_back([&, t] {
                for (std::size_t i = count; i-- > 0;) {
                    if (i % 3 == t) {
                        task(i);
                    }
                }
            });
        }
        for (std::thread& thread : threads) {
            thread.join();
        }
    };
    for (const std::size_t texts : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{4096}}) {
        SCOPED_TRACE(texts);
        batches.clear();
        options.decode_batch_texts = texts;
        EXPECT_EQ(describe_all(read_ok(document, options)), expected);
        if (texts == 1) {
            EXPECT_TRUE(batches.empty()); // a batch of one is decoded on the reading thread
            continue;
        }
        ASSERT_FALSE(batches.empty());
        EXPECT_LE(*std::max_element(batches.begin(), batches.end()), texts);
        if (texts == 5) {
            EXPECT_GT(batches.size(), 5U);
        }
    }
    // The byte bound alone: every text is over 1 byte, so each is a batch of its own.
    options.decode_batch_texts = 4096;
    options.decode_batch_bytes = 1;
    batches.clear();
    EXPECT_EQ(describe_all(read_ok(document, options)), expected);
    EXPECT_TRUE(batches.empty());
}

} // namespace
} // namespace certgate::terraform
