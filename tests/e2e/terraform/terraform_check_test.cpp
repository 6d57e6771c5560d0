// `certgate check` on Terraform plans and states, end to end: findings in the
// reports, sensitive values in none of them, stdin streaming with bounded
// memory, exit statuses and error lines.

#include "support/certificates.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace certgate::testing {
namespace {

using nlohmann::json;

constexpr const char* k_now = "2026-11-30T09:00:00Z";

#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer the allocator's caches and shadow memory make the
// peak RSS say nothing about certgate (96 MiB measured for a 64 MB plan): the
// memory bound is asserted by the normal build; this one checks the result.
constexpr std::size_t k_large_plan_mib = 16;
constexpr long k_peak_rss_limit_mib = 0;
constexpr bool k_sanitized = true;
#else
constexpr std::size_t k_large_plan_mib = 200;
constexpr long k_peak_rss_limit_mib = 32;
constexpr bool k_sanitized = false;
#endif

json resource(const std::string& address, const std::string& type, json values, json sensitive = json::object())
{
    return {{"address", address},
            {"mode", "managed"},
            {"type", type},
            {"name", "this"},
            {"schema_version", 0},
            {"values", std::move(values)},
            {"sensitive_values", std::move(sensitive)}};
}

struct PlanCertificates {
    TestCertificate secret;
    TestCertificate plain;
};

PlanCertificates plan_certificates()
{
    CertificateSpec secret;
    secret.common_name = "secret-cn.example.com";
    secret.dns_names = {"secret-san.example.com"};
    secret.organization = "Secret Org";
    secret.serial = 0x5EC7E7;
    secret.not_before = "2026-01-01T00:00:00Z";
    secret.not_after = "2026-12-11T12:00:00Z"; // renew at k_now
    CertificateSpec plain;
    plain.common_name = "plain.example.com";
    plain.dns_names = {"plain.example.com"};
    plain.not_before = "2026-01-01T00:00:00Z";
    plain.not_after = "2027-06-01T00:00:00Z";
    return {make_certificate(secret), make_certificate(plain)};
}

// A plan with a sensitive certificate, a plain one and a value known only after apply.
std::string plan_text(const PlanCertificates& certificates)
{
    const json planned = {
        {"resources",
         json::array({resource("module.edge.aws_iam_server_certificate.this[\"a\"]", "aws_iam_server_certificate",
                               {{"certificate_body", certificates.secret.pem()}}, {{"certificate_body", true}}),
                      resource("aws_iam_server_certificate.plain[0]", "aws_iam_server_certificate",
                               {{"certificate_body", certificates.plain.pem()}}),
                      resource("tls_self_signed_cert.next", "tls_self_signed_cert", {{"validity_period_hours", 1}})})},
        {"child_modules", json::array()}};
    const json changes = json::array({{{"address", "tls_self_signed_cert.next"},
                                       {"mode", "managed"},
                                       {"type", "tls_self_signed_cert"},
                                       {"name", "next"},
                                       {"change",
                                        {{"actions", {"create"}},
                                         {"before", nullptr},
                                         {"after", {{"validity_period_hours", 1}}},
                                         {"after_unknown", {{"cert_pem", true}, {"validity_end_time", true}}},
                                         {"before_sensitive", false},
                                         {"after_sensitive", json::object()}}}}});
    const json plan = {{"format_version", "1.2"},
                       {"terraform_version", "1.9.5"},
                       {"planned_values", {{"root_module", planned}}},
                       {"resource_changes", changes},
                       {"configuration", json::object()}};
    return plan.dump();
}

std::string lower_hex_serial()
{
    return "5ec7e7";
}

TEST(TerraformCheck, JsonReportNamesAddressesAttributesAndUnknowns)
{
    const PlanCertificates certificates = plan_certificates();
    TempDir dir;
    const std::string plan = dir.write("plan.json", plan_text(certificates));
    const ProcessResult result = run_certgate({"check", plan, "--now", k_now, "--format", "json"});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const json report = json::parse(result.out);
    ASSERT_EQ(report["findings"].size(), 3U) << result.out;
    bool saw_unknown = false;
    bool saw_plain = false;
    for (const json& finding : report["findings"]) {
        EXPECT_EQ(finding["source"]["kind"], "plan");
        EXPECT_EQ(finding["source"]["path"], plan);
        if (finding["severity"] == "unknown") {
            saw_unknown = true;
            EXPECT_EQ(finding["source"]["address"], "tls_self_signed_cert.next");
            EXPECT_EQ(finding["source"]["attribute"], "cert_pem");
        } else if (finding["source"]["address"] == "aws_iam_server_certificate.plain[0]") {
            saw_plain = true;
            EXPECT_EQ(finding["source"]["attribute"], "certificate_body");
            EXPECT_EQ(finding["source"]["index"], 0);
            EXPECT_EQ(finding["fingerprint_sha256"], certificates.plain.fingerprint_sha256());
            EXPECT_EQ(finding["not_after"], "2027-06-01T00:00:00Z");
        } else {
            EXPECT_EQ(finding["source"]["address"], "module.edge.aws_iam_server_certificate.this[\"a\"]");
            EXPECT_EQ(finding["severity"], "renew");
            EXPECT_EQ(finding["not_after"], "2026-12-11T12:00:00Z");
        }
    }
    EXPECT_TRUE(saw_unknown);
    EXPECT_TRUE(saw_plain);
    EXPECT_EQ(schema_errors(source_path("schemas/report.schema.json"), result.out), "");
}

TEST(TerraformCheck, UnknownPassesTheGateUnlessFailOnUnknown)
{
    const PlanCertificates certificates = plan_certificates();
    TempDir dir;
    const std::string plan = dir.write("plan.json", plan_text(certificates));
    // With fail_on expired, only the unknown value could fail the gate.
    EXPECT_EQ(run_certgate({"check", plan, "--now", k_now, "--fail-on", "expired"}).exit_code, 0);
    EXPECT_EQ(run_certgate({"check", plan, "--now", k_now, "--fail-on", "expired", "--fail-on-unknown"}).exit_code, 1);
}

TEST(TerraformCheck, SensitiveCertificateNeverAppearsInAnyFormat)
{
    const PlanCertificates certificates = plan_certificates();
    TempDir dir;
    const std::string plan = dir.write("plan.json", plan_text(certificates));
    const std::string secret_pem_line = certificates.secret.pem().substr(28, 40);
    const std::vector<std::string> forbidden = {
        "secret-cn",    "secret-san", "Secret Org", lower_hex_serial(), certificates.secret.fingerprint_sha256(),
        secret_pem_line};
    for (const std::string format : {"text", "json", "sarif", "junit", "markdown", "github"}) {
        SCOPED_TRACE(format);
        const std::string summary = (dir.path() / ("summary-" + format + ".md")).string();
        ProcessOptions options;
        options.environment["GITHUB_STEP_SUMMARY"] = summary;
        const std::string written = (dir.path() / ("report." + format)).string();
        const ProcessResult result = run_certgate(
            {"check", plan, "--now", k_now, "--format", format, "--format", format, "--output", written}, options);
        EXPECT_EQ(result.exit_code, 1) << result.err;
        const std::string everything = result.out + result.err + TempDir::read(written) + TempDir::read(summary);
        // The plain certificate is printed, so the reporter does print identities.
        EXPECT_NE(everything.find("plain.example.com"), std::string::npos) << everything;
        for (const std::string& value : forbidden) {
            EXPECT_EQ(everything.find(value), std::string::npos) << value << " in:\n" << everything;
        }
    }
}

TEST(TerraformCheck, ReadsThePlanFromStdin)
{
    const PlanCertificates certificates = plan_certificates();
    ProcessOptions options;
    options.stdin_text = plan_text(certificates);
    const ProcessResult result = run_certgate({"check", "-", "--now", k_now, "--format", "json"}, options);
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const json report = json::parse(result.out);
    ASSERT_EQ(report["findings"].size(), 3U);
    EXPECT_EQ(report["findings"][0]["source"]["path"], "-");
}

TEST(TerraformCheck, BrokenJsonExitsTwoWithPathAndOffset)
{
    TempDir dir;
    const std::string truncated = dir.write("truncated.json", "{\"format_version\":\"1.2\",\"planned_values\":{");
    ProcessResult result = run_certgate({"check", truncated, "--now", k_now});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("certgate: error: " + truncated +
                              ": truncated JSON: the input ends after 42 bytes, before the document is complete"),
              std::string::npos)
        << result.err;

    const std::string foreign = dir.write("policy.json", "{\"milestones\":[\"1d\"]}");
    result = run_certgate({"check", foreign, "--now", k_now});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("certgate: error: " + foreign + ": not Terraform JSON: no \"format_version\" key"),
              std::string::npos)
        << result.err;

    const std::string deep =
        dir.write("deep.json", "{\"format_version\":\"1.2\",\"configuration\":" + std::string(100000, '[') +
                                   std::string(100000, ']') + "}");
    result = run_certgate({"check", deep, "--now", k_now});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("JSON nested deeper than the limit of 512 levels"), std::string::npos) << result.err;
}

TEST(TerraformCheck, EveryFixtureIsReadWithoutInputError)
{
    const std::string folder = source_path("tests/fixtures/terraform-plans");
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".json") {
            continue;
        }
        SCOPED_TRACE(name);
        const ProcessResult result = run_certgate({"check", entry.path().string(), "--now", k_now, "--format", "json"});
        if (name == "tfjson__invalid_plan.json") {
            EXPECT_EQ(result.exit_code, 2);
            EXPECT_NE(result.err.find("invalid JSON at line 676, column 29 (byte 15543)"), std::string::npos)
                << result.err;
        } else if (name == "terraform__show-json_plan-error_output.json") {
            EXPECT_EQ(result.exit_code, 1) << result.err;
            const json report = json::parse(result.out);
            ASSERT_EQ(report["findings"].size(), 1U);
            EXPECT_EQ(report["findings"][0]["severity"], "error");
        } else {
            EXPECT_EQ(result.exit_code, 0) << result.err;
            EXPECT_EQ(json::parse(result.out)["findings"].size(), 0U);
        }
    }
}

// The result of the real certgate-external program, as Terraform stores it
// for a data source read during plan, is a finding with its values.
TEST(TerraformCheck, CertgateExternalResultFromTheRealProgram)
{
    CertificateSpec spec;
    spec.common_name = "ext.example.com";
    spec.dns_names = {"ext.example.com"};
    spec.not_before = "2026-01-01T00:00:00Z";
    spec.not_after = "2026-12-11T12:00:00Z";
    const TestCertificate certificate = make_certificate(spec);
    TempDir dir;
    const std::string pem = dir.write("ext.pem", certificate.pem());
    ProcessOptions external;
    external.stdin_text = json({{"certificate_file", pem}, {"now", k_now}}).dump();
    const ProcessResult answer = run_process({external_program(), "certificate"}, external);
    ASSERT_EQ(answer.exit_code, 0) << answer.err;
    const json result = json::parse(answer.out);

    json data = resource("data.external.cert", "external",
                         {{"id", "-"},
                          {"program", {"certgate-external", "certificate"}},
                          {"query", {{"certificate_file", pem}, {"now", k_now}}},
                          {"result", result},
                          {"working_dir", nullptr}});
    data["mode"] = "data";
    json plan;
    plan["format_version"] = "1.2";
    plan["planned_values"]["root_module"] = json::object();
    plan["prior_state"]["format_version"] = "1.0";
    plan["prior_state"]["values"]["root_module"]["resources"] = json::array({data});
    const std::string path = dir.write("plan.json", plan.dump());
    const ProcessResult checked = run_certgate({"check", path, "--now", k_now, "--format", "json"});
    ASSERT_EQ(checked.exit_code, 1) << checked.err;
    const json report = json::parse(checked.out);
    ASSERT_EQ(report["findings"].size(), 1U);
    const json& finding = report["findings"][0];
    EXPECT_EQ(finding["source"]["address"], "data.external.cert");
    EXPECT_EQ(finding["source"]["attribute"], "result");
    EXPECT_EQ(finding["severity"], "renew");
    EXPECT_EQ(finding["fingerprint_sha256"], certificate.fingerprint_sha256());
    EXPECT_EQ(finding["not_after"], "2026-12-11T12:00:00Z");
    EXPECT_EQ(finding["subject"], result["subject"]);
    EXPECT_EQ(finding["renew_by"], result["renew_by"]);
}

// About 200 MB of plan (64 MB with sanitizers) through a pipe: the certificates are found and the
// peak memory of certgate stays a small fraction of the input.
TEST(TerraformCheck, LargePlanIsStreamedWithBoundedMemory)
{
    CertificateSpec spec;
    spec.common_name = "big.example.com";
    spec.not_after = "2027-06-01T00:00:00Z";
    const TestCertificate certificate = make_certificate(spec);
    std::string plan =
        "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.5\",\"planned_values\":{\"root_module\":"
        "{\"resources\":[";
    const std::string padding(4000, 'x');
    const std::size_t target = k_large_plan_mib * 1024 * 1024;
    std::size_t count = 0;
    while (plan.size() < target) {
        json entry = {{"address", "null_resource.pad[" + std::to_string(count) + "]"},
                      {"mode", "managed"},
                      {"type", "null_resource"},
                      {"values", {{"triggers", {{"a", padding}, {"b", {1, 2, 3}}}}}}};
        if (count % 10000 == 0) {
            entry["values"]["triggers"]["pem"] = certificate.pem();
        }
        plan += (count == 0 ? "" : ",") + entry.dump();
        ++count;
    }
    plan += "]}}}";
    ProcessOptions options;
    options.stdin_text = std::move(plan);
    options.timeout = std::chrono::milliseconds(120000);
    if (k_sanitized) {
        options.environment["ASAN_OPTIONS"] = "quarantine_size_mb=1:detect_leaks=0";
    }
    // GNU time reports the peak RSS of certgate alone (the rusage of this
    // test's own children would include the pre-exec copy of this process).
    const ProcessResult result = run_process({"/usr/bin/time", "-f", "peak-rss-kib=%M", certgate_program(), "check",
                                              "-", "--now", k_now, "--format", "json"},
                                             options);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const json report = json::parse(result.out);
    EXPECT_EQ(report["findings"].size(), (count + 9999) / 10000);
    EXPECT_EQ(report["findings"][0]["source"]["attribute"], "triggers.pem");

    const std::size_t at = result.err.rfind("peak-rss-kib=");
    ASSERT_NE(at, std::string::npos) << result.err;
    const long peak_kib = std::stol(result.err.substr(at + 13));
    std::cerr << "peak RSS of certgate for a " << target / (1024 * 1024) << " MB plan: " << peak_kib / 1024 << " MiB\n";
    if (!k_sanitized) {
        EXPECT_LT(peak_kib, k_peak_rss_limit_mib * 1024) << "certgate used " << peak_kib / 1024 << " MiB";
    }
}

// The peak RSS of certgate alone, in KiB, from GNU time's report on stderr.
long peak_rss_kib(const ProcessResult& result)
{
    const std::size_t at = result.err.rfind("peak-rss-kib=");
    return at == std::string::npos ? -1 : std::stol(result.err.substr(at + 13));
}

// Issue 12 item 9: every nesting level's key was kept twice (the container's
// key and the attribute path), so 64 levels of 1 MiB keys cost over 128 MiB.
// Keys longer than records.hpp's k_max_kept_key_bytes are now kept shortened.
TEST(TerraformCheck, HostilePlanWithLongNestedKeysHasBoundedMemory)
{
    const auto certificate = make_certificate({});
    const std::string long_key(1024 * 1024, 'k');
    constexpr int k_levels = k_sanitized ? 8 : 64;
    std::string nested;
    for (int i = 0; i < k_levels; ++i) {
        nested += "{\"" + long_key + std::to_string(i) + "\":";
    }
    nested += json(certificate.pem()).dump() + std::string(k_levels, '}');
    std::string skipped;
    for (int i = 0; i < k_levels; ++i) {
        skipped += "{\"" + long_key + std::to_string(i) + "\":";
    }
    skipped += "1" + std::string(k_levels, '}');
    const std::string plan = "{\"format_version\":\"1.2\",\"variables\":" + skipped +
                             ",\"planned_values\":{\"root_module\":{\"resources\":[{\"address\":\"local_file.a\","
                             "\"mode\":\"managed\",\"type\":\"local_file\",\"values\":{\"deep\":" +
                             nested + "}}]}}}";
    const TempDir directory;
    const std::string path = directory.write("hostile.json", plan);
    for (const bool from_stdin : {false, true}) {
        SCOPED_TRACE(from_stdin ? "stdin" : "file");
        ProcessOptions options;
        options.timeout = std::chrono::milliseconds(120000);
        if (from_stdin) {
            options.stdin_text = plan;
        }
        const ProcessResult result = run_process({"/usr/bin/time", "-f", "peak-rss-kib=%M", certgate_program(), "check",
                                                  from_stdin ? "-" : path, "--now", k_now, "--format", "json"},
                                                 options);
        ASSERT_EQ(result.exit_code, 0) << result.err;
        const json report = json::parse(result.out);
        ASSERT_EQ(report["findings"].size(), 1U);
        const std::string attribute = report["findings"][0]["source"]["attribute"];
        EXPECT_EQ(attribute.rfind("deep[\"" + std::string(32, 'k') + "...", 0), 0U) << attribute.substr(0, 80);
        EXPECT_LT(attribute.size(), 64U * 60U);
        const long peak_kib = peak_rss_kib(result);
        ASSERT_GT(peak_kib, 0) << result.err;
        std::cerr << "peak RSS of certgate for a " << plan.size() / (1024 * 1024)
                  << " MiB plan of long nested keys: " << peak_kib / 1024 << " MiB\n";
        if (!k_sanitized) {
            EXPECT_LT(peak_kib, 40 * 1024) << "certgate used " << peak_kib / 1024 << " MiB";
        }
    }
}

} // namespace
} // namespace certgate::testing
