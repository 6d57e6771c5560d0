#pragma once
// A fixed report for the writer tests: every severity, an unknown, an error,
// a waived, a lapsed-waiver and a sensitive finding, and names full of
// characters each format must escape. Certificates are CertificateInfo
// values (no OpenSSL); evaluations come from the real core.

#include "certgate/core/finding.hpp"
#include "certgate/core/policy.hpp"
#include "certgate/core/report.hpp"
#include "certgate/core/sha256.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace certgate::testing::report_fixture {

inline Instant instant(const std::string& text)
{
    auto parsed = parse_rfc3339(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed ? *parsed : Instant{};
}

inline Date date(const std::string& text)
{
    auto parsed = parse_date(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed ? *parsed : Date{};
}

/// The instant of every evaluation: the worked example of SPEC section 2.
inline Instant fixed_now()
{
    return instant("2026-11-30T09:00:00Z");
}

inline CertificateInfo certificate(const std::string& common_name, const std::string& not_before,
                                   const std::string& not_after)
{
    CertificateInfo info;
    info.common_name = common_name;
    info.subject = "CN=" + common_name + ",O=Example";
    info.issuer = "CN=Example Issuing CA,O=Example";
    info.sans = {"DNS:" + common_name};
    info.serial = certgate::sha256_hex("serial:" + common_name).substr(0, 16);
    info.fingerprint_sha256 = certgate::sha256_hex("certificate:" + common_name);
    info.not_before = instant(not_before);
    info.not_after = instant(not_after);
    info.key_type = "EC";
    info.key_bits = 256;
    return info;
}

inline Finding certificate_finding(CertificateInfo info, Source source)
{
    Finding finding;
    finding.certificate = std::move(info);
    finding.source = std::move(source);
    assess(finding, Policy{}, fixed_now());
    return finding;
}

inline Source file_source(const std::string& path, int index)
{
    Source source;
    source.kind = SourceKind::file;
    source.path = path;
    source.index = index;
    return source;
}

inline Source terraform_source(SourceKind kind, const std::string& path, const std::string& address,
                               const std::string& attribute)
{
    Source source;
    source.kind = kind;
    source.path = path;
    source.address = address;
    source.attribute = attribute;
    source.index = 0;
    return source;
}

inline Source host_source(const std::string& host)
{
    Source source;
    source.kind = SourceKind::host;
    source.path = host;
    source.host = host;
    source.index = 0;
    return source;
}

// The identity of the sensitive certificate: none of these may be printed.
inline const std::string k_secret_common_name = "secret-internal.corp.example";
inline const std::string k_secret_subject = "CN=secret-internal.corp.example,O=Hidden Org 7731";
inline const std::string k_secret_issuer = "CN=Hidden Issuer 4410,O=Hidden Org 7731";
inline const std::string k_secret_serial = "5ec7e7c0ffee4410";
inline const std::string k_secret_san = "mail.secret-internal.corp.example";

inline std::vector<std::string> secret_values()
{
    return {k_secret_common_name, k_secret_subject, k_secret_issuer,
            k_secret_serial,      k_secret_san,     certgate::sha256_hex("certificate:secret"),
            "Hidden Org",         "Hidden Issuer"};
}

/// The findings of the fixed report, in no particular order.
inline std::vector<Finding> fixed_findings()
{
    std::vector<Finding> findings;

    // SPEC section 2's worked example: renew, window from 2026-11-27, renew by 2026-12-08.
    CertificateInfo web = certificate("web.example.com", "2026-09-12T12:00:00Z", "2026-12-11T12:00:00Z");
    web.sans = {"DNS:web.example.com", "DNS:www.example.com"};
    findings.push_back(
        certificate_finding(web, terraform_source(SourceKind::plan, "plan.json",
                                                  "module.edge.aws_acm_certificate.web[\"eu\"]", "certificate_body")));

    findings.push_back(
        certificate_finding(certificate("old.example.com", "2025-11-20T00:00:00Z", "2026-11-20T00:00:00Z"),
                            file_source("certs/old.pem", 0)));

    Finding api = certificate_finding(certificate("api.example.com", "2026-09-03T10:00:00Z", "2026-12-02T10:00:00Z"),
                                      host_source("api.example.com:443"));
    api.details = {{"chain_verified", "true"}, {"name_match", "true"}};
    findings.push_back(api);

    CertificateInfo root = certificate("Example Root CA", "2016-01-01T00:00:00Z", "2036-01-01T00:00:00Z");
    root.sans.clear();
    root.is_ca = true;
    root.self_signed = true;
    findings.push_back(certificate_finding(root, file_source("certs/bundle.pem", 1)));

    findings.push_back(
        certificate_finding(certificate("mail.example.com", "2026-01-20T00:00:00Z", "2027-01-20T00:00:00Z"),
                            file_source("certs/bundle.pem", 0)));

    findings.push_back(certificate_finding(
        certificate("vpn.example.com", "2026-03-25T00:00:00Z", "2026-12-25T00:00:00Z"),
        terraform_source(SourceKind::state, "terraform.tfstate", "tls_locally_signed_cert.vpn", "cert_pem")));

    // Hostile names: every character some format must escape.
    CertificateInfo weird =
        certificate("weird|name <b>*x*</b> 100% \"q\", a:b", "2026-10-01T00:00:00Z", "2026-12-20T00:00:00Z");
    weird.subject = "CN=weird|name <b>*x*</b> 100% \"q\"\\, a:b,O=Comma\\, Inc.";
    findings.push_back(certificate_finding(weird, file_source("certs/dir with space/a,b%c.pem", 0)));

    Finding unknown;
    unknown.severity = Severity::unknown;
    unknown.source = terraform_source(SourceKind::plan, "plan.json", "tls_self_signed_cert.new", "cert_pem");
    unknown.source.index.reset();
    unknown.message = "known only after apply";
    findings.push_back(unknown);

    Finding error;
    error.severity = Severity::error;
    error.source = host_source("down.example.com:443");
    error.source.index.reset();
    error.message = "connect to \"down.example.com:443\": connection refused";
    findings.push_back(error);

    Finding waived =
        certificate_finding(certificate("legacy.example.com", "2025-11-25T00:00:00Z", "2026-11-25T00:00:00Z"),
                            file_source("certs/legacy.pem", 0));
    waived.waiver = WaiverMatch{"decommissioned in OPS-1234", date("2026-12-31"), true};
    findings.push_back(waived);

    Finding lapsed =
        certificate_finding(certificate("intranet.example.com", "2026-09-09T00:00:00Z", "2026-12-09T00:00:00Z"),
                            file_source("certs/intranet.pem", 0));
    lapsed.waiver = WaiverMatch{"migration pending", date("2026-11-15"), false};
    findings.push_back(lapsed);

    CertificateInfo secret = certificate("secret", "2026-09-10T00:00:00Z", "2026-12-10T00:00:00Z");
    secret.common_name = k_secret_common_name;
    secret.subject = k_secret_subject;
    secret.issuer = k_secret_issuer;
    secret.serial = k_secret_serial;
    secret.sans = {"DNS:" + k_secret_common_name, "DNS:" + k_secret_san};
    Finding sensitive = certificate_finding(secret, terraform_source(SourceKind::state, "terraform.tfstate",
                                                                     "module.vault.aws_iam_server_certificate.internal",
                                                                     "certificate_body"));
    sensitive.sensitive = true;
    sensitive.message = "served as " + k_secret_common_name + " by " + k_secret_issuer;
    sensitive.details = {{"name_match", k_secret_san + " matched"}};
    findings.push_back(sensitive);

    return findings;
}

/// The fixed report: default policy, fail_on renew, UTC.
inline Report fixed_report()
{
    return make_report(fixed_findings(), GateOptions{}, fixed_now(), "UTC");
}

/// A report with no findings.
inline Report empty_report()
{
    return make_report({}, GateOptions{}, fixed_now(), "UTC");
}

/// The fixed report's findings plus two inputs that could not be read and two
/// files a directory walk skipped: the gate cannot be decided.
inline Report undecided_report()
{
    Report report = fixed_report();
    report.input_errors = {
        make_error(ErrorCode::input, "no certificate found in the input, expected a PEM \"CERTIFICATE\" block",
                   "certs/broken.pem"),
        make_error(ErrorCode::input, "unexpected end of JSON at byte 12", "-"),
    };
    report.skipped = {{"certs/java/cacerts", "not a certificate or Terraform JSON"}, {"certs/empty.pem", "empty file"}};
    return report;
}

} // namespace certgate::testing::report_fixture

namespace certgate::testing::report_fixture {

/// A report whose names, paths and messages hold control characters, invalid
/// UTF-8, markup and every separator the formats use.
inline Report hostile_report()
{
    CertificateInfo info = certificate("evil.example.com", "2026-09-01T00:00:00Z", "2026-12-03T00:00:00Z");
    info.common_name = std::string("evil\x1b[31m\r\n::error::pwned\x01\xff\xfe<script>&\"'|`*_");
    info.subject = "CN=" + info.common_name + ",O=\"Quotes\\\" and \\\\ backslashes\"";
    info.sans = {"DNS:evil.example.com", std::string("DNS:\xc3\x28 bad\x7f")};
    Source source = file_source(std::string("dir/\xff weird\n%0A,:.pem"), 0);
    Finding finding = certificate_finding(info, source);
    finding.message = std::string("line one\nline two\r\n\x00 nul", 20);
    finding.details = {{"note\n", "value\x1b]0;title\x07"}};
    finding.waiver = WaiverMatch{"reason with \"quotes\" & <tags>\n", date("2026-12-31"), true};

    Finding error;
    error.severity = Severity::error;
    error.source = host_source("[::1]:8443");
    error.message = std::string(100000, 'x') + "\xe2\x82";
    return make_report({finding, error}, GateOptions{}, fixed_now(), "Asia/Shanghai");
}

} // namespace certgate::testing::report_fixture
