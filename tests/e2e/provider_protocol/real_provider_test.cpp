// The real terraform-provider-certgate (src/cli/provider) under the real
// hosts: tofu and terraform from the test set-up install it from a
// filesystem mirror, and a plan of a certgate_certificate data source shows
// the expiry warning in Terraform's own output.
#include "e2e/provider_protocol/plugin_process.hpp"
#include "support/certificates.hpp"
#include "support/peers.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace certgate::testing {
namespace {

std::string provider_program()
{
    return (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "terraform-provider-certgate")
        .string();
}

CertificateSpec renew_soon()
{
    CertificateSpec spec;
    spec.common_name = "renew.example.com";
    spec.dns_names = {"renew.example.com"};
    spec.not_before = "2026-09-12T12:00:00Z";
    spec.not_after = "2026-12-11T12:00:00Z";
    return spec;
}

constexpr const char* k_configuration = R"(terraform {
  required_providers {
    certgate = { source = "certgate/certgate" }
  }
}
provider "certgate" {
  now = "2026-11-30T09:00:00Z"
}
data "certgate_certificate" "web" {
  certificate_file = "web.pem"
  status           = "issued"
}
output "name" { value = data.certgate_certificate.web.name }
)";

TEST(RealProvider, RunByHandItSaysWhatItIsAndExits1)
{
    ProcessOptions options;
    options.unset_environment = {"TF_PLUGIN_MAGIC_COOKIE"};
    const ProcessResult run = run_process({provider_program()}, options);
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("plugin"), std::string::npos) << run.err;
}

class RealProviderHost : public ::testing::TestWithParam<std::string> {};

TEST_P(RealProviderHost, PlanShowsTheExpiryWarningOfACertificateDataSource)
{
    const std::string tool = GetParam();
    const auto peers = read_peer_env("peers.env");
    const auto program = peers.find(tool == "tofu" ? "CERTGATE_TOFU" : "CERTGATE_TERRAFORM");
    CERTGATE_REQUIRE_PEER(program != peers.end() && std::filesystem::exists(program->second),
                          tool + " built from its Go module (run scripts/install-terraform-peers.sh)");

    TempDir folder;
    for (const char* registry : {"registry.opentofu.org", "registry.terraform.io"}) {
        const auto platform = folder.path() / "mirror" / registry / "certgate/certgate/0.1.0/linux_amd64";
        std::filesystem::create_directories(platform);
        std::filesystem::copy_file(provider_program(), platform / "terraform-provider-certgate_v0.1.0");
    }
    const std::string rc =
        folder.write("terraformrc", "provider_installation {\n  filesystem_mirror {\n    path    = \"" +
                                        (folder.path() / "mirror").string() +
                                        "\"\n    include = [\"registry.opentofu.org/certgate/certgate\", "
                                        "\"registry.terraform.io/certgate/certgate\"]\n  }\n}\n");
    folder.write("work/main.tf", k_configuration);
    folder.write("work/web.pem", make_certificate(renew_soon()).pem());
    ProcessOptions options;
    options.working_directory = (folder.path() / "work").string();
    options.timeout = std::chrono::milliseconds(240000);
    options.environment = {
        {"TF_CLI_CONFIG_FILE", rc}, {"CHECKPOINT_DISABLE", "1"}, {"TF_IN_AUTOMATION", "1"}, {"TF_INPUT", "0"}};
    options.unset_environment = {"TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR", "CERTGATE_STORE", "CERTGATE_NOW"};
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), program->second);
        args.push_back("-no-color");
        return run_process(args, options);
    };

    const ProcessResult init = run({"init"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    EXPECT_NE(init.out.find("Installed certgate/certgate v0.1.0"), std::string::npos) << init.out;

    const ProcessResult plan = run({"plan"});
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    const std::string shown = plan.out + plan.err;
    EXPECT_NE(shown.find("Warning: renew.example.com"), std::string::npos) << shown;
    EXPECT_NE(shown.find("renew by"), std::string::npos) << shown;
    EXPECT_NE(shown.find("name = \"renew.example.com\""), std::string::npos) << shown;
}

std::string tool_name(const ::testing::TestParamInfo<std::string>& tool)
{
    return tool.param;
}

INSTANTIATE_TEST_SUITE_P(Peers, RealProviderHost, ::testing::Values("tofu", "terraform"), tool_name);

} // namespace
} // namespace certgate::testing
