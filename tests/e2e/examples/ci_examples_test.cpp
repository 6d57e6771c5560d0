// The pipeline examples under examples/ci/ are contracts: the YAML parses,
// every certgate command in them uses real flags, and the shell gate runs
// end to end against a stand-in `terraform` that prints a generated plan.
#include "support/certificates.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <set>

namespace certgate {
namespace {

using testing::CertificateSpec;
using testing::make_certificate;
using testing::ProcessOptions;
using testing::run_process;
using testing::source_path;
using testing::TempDir;

// A plan with one self-signed certificate expiring at `not_after`.
std::string plan_with_certificate(const std::string& not_after)
{
    CertificateSpec spec;
    spec.common_name = "web.example.com";
    spec.dns_names = {"web.example.com"};
    spec.not_before = "2026-09-01T00:00:00Z";
    spec.not_after = not_after;
    const auto certificate = make_certificate(spec);
    nlohmann::json resource = {{"address", "tls_self_signed_cert.web"},
                               {"mode", "managed"},
                               {"type", "tls_self_signed_cert"},
                               {"name", "web"},
                               {"provider_name", "registry.terraform.io/hashicorp/tls"},
                               {"values", {{"cert_pem", certificate.pem()}}}};
    nlohmann::json plan = {{"format_version", "1.2"},
                           {"terraform_version", "1.9.0"},
                           {"planned_values", {{"root_module", {{"resources", {resource}}}}}}};
    return plan.dump();
}

// A stand-in for terraform: init and plan succeed, show -json prints the plan.
void install_fake_terraform(const TempDir& dir, const std::string& plan_json)
{
    const std::string plan_path = dir.write("fake-plan.json", plan_json);
    const std::string script = "#!/bin/sh\nfor arg in \"$@\"; do\n  if [ \"$arg\" = show ]; then cat '" + plan_path +
                               "'; exit 0; fi\ndone\nexit 0\n";
    const std::string path = dir.write("bin/terraform", script);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
}

testing::ProcessResult run_gate_script(const TempDir& dir)
{
    ProcessOptions options;
    options.working_directory = dir.path().string();
    options.environment["PATH"] = (dir.path() / "bin").string() + ":/usr/bin:/bin";
    options.environment["CERTGATE"] = testing::certgate_program();
    options.environment["CERTGATE_NOW"] = "2026-11-30T09:00:00Z";
    return run_process({"/bin/bash", source_path("examples/ci/certgate-gate.sh")}, options);
}

TEST(CiExamples, shell_gate_fails_inside_the_renewal_window_and_writes_every_report)
{
    TempDir dir;
    install_fake_terraform(dir, plan_with_certificate("2026-12-11T12:00:00Z"));
    const auto result = run_gate_script(dir);
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.out.find("web.example.com"), std::string::npos) << result.out;
    for (const char* report : {"reports/certgate.junit.xml", "reports/certgate.sarif", "reports/certgate.json"}) {
        EXPECT_TRUE(std::filesystem::exists(dir.path() / report)) << report;
    }
    const auto json = nlohmann::json::parse(TempDir::read(dir.path() / "reports/certgate.json"));
    EXPECT_EQ(json["summary"]["gate"], "fail");
    EXPECT_EQ(json["findings"][0]["severity"], "renew");
    EXPECT_EQ(json["findings"][0]["source"]["address"], "tls_self_signed_cert.web");
}

TEST(CiExamples, shell_gate_passes_for_a_certificate_far_from_expiry)
{
    TempDir dir;
    install_fake_terraform(dir, plan_with_certificate("2027-09-01T00:00:00Z"));
    const auto result = run_gate_script(dir);
    EXPECT_EQ(result.exit_code, 0) << result.err << result.out;
}

// A flag as written in a pipeline or in --help.
const std::regex k_flag(R"(--[a-z][a-z0-9-]*[a-z0-9])");

// Every flag that some certgate subcommand's --help lists, whole.
std::set<std::string> certgate_flags()
{
    std::set<std::string> flags;
    for (const char* command : {"check", "notify", "status", "recipients", "huaweicloud"}) {
        const auto help = testing::run_certgate({command, "--help"});
        EXPECT_EQ(help.exit_code, 0) << command << ": " << help.err;
        for (auto it = std::sregex_iterator(help.out.begin(), help.out.end(), k_flag); it != std::sregex_iterator();
             ++it) {
            flags.insert(it->str());
        }
    }
    return flags;
}

TEST(CiExamples, pipeline_yaml_parses_and_uses_only_real_certgate_flags)
{
    for (const char* file : {"examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml"}) {
        const auto parsed = run_process(
            {"/usr/bin/python3", "-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1]))", source_path(file)});
        EXPECT_EQ(parsed.exit_code, 0) << file << ": " << parsed.err;

        const std::string text = TempDir::read(source_path(file));
        const std::set<std::string> known = certgate_flags();
        ASSERT_TRUE(known.contains("--fail-on"));
        for (auto it = std::sregex_iterator(text.begin(), text.end(), k_flag); it != std::sregex_iterator(); ++it) {
            const std::string name = it->str();
            // git's and cmake's flags in the install steps
            const bool other_tool_flag =
                name == "--depth" || name == "--build" || name == "--target" || name == "--install";
            EXPECT_TRUE(known.contains(name) || other_tool_flag) << file << " uses unknown flag " << name;
        }
    }
}

TEST(CiExamples, a_flag_is_known_only_when_it_is_spelled_out_whole)
{
    const std::set<std::string> known = certgate_flags();
    EXPECT_TRUE(known.contains("--fail-on"));
    EXPECT_TRUE(known.contains("--format"));
    EXPECT_FALSE(known.contains("--fail")); // a prefix of --fail-on
    EXPECT_FALSE(known.contains("--form"));
}

TEST(Examples, bundled_certificates_show_every_severity_at_the_pinned_instant)
{
    const auto result = testing::run_certgate(
        {"check", source_path("examples/certs"), "--now", "2026-11-30T09:00:00Z", "--format", "json"});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const auto json = nlohmann::json::parse(result.out);
    for (const char* severity : {"ok", "notice", "warning", "renew", "critical", "expired"}) {
        EXPECT_GE(json["summary"]["counts"][severity].get<int>(), 1) << severity;
    }
}

} // namespace
} // namespace certgate
