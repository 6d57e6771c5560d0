// The wire against the real hosts: tofu and terraform from the test set-up
// (scripts/install-terraform-peers.sh) install the plugin (here the echo
// provider behind the real adapter) from a filesystem mirror as
// certgate/certgate and drive every call through init, plan, apply, a second
// plan and destroy. The provider's own behaviour under the real tools is
// tested in tests/e2e/provider/.
#include "e2e/provider_protocol/plugin_process.hpp"
#include "support/peers.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace certgate::testing {
namespace {

constexpr const char* k_configuration = R"(terraform {
  required_providers {
    certgate = { source = "certgate/certgate" }
  }
}
provider "certgate" {
  store = "unused"
}
data "test_echo" "web" {
  provider = certgate
  text     = "warn"
  number   = 12
  tags     = ["b", "a"]
  labels   = { env = "prod" }
  nested   = { a = "x", b = [1, 2.5] }
}
resource "test_thing" "one" {
  provider = certgate
  name     = "x"
}
output "nested_b" { value = data.test_echo.web.nested.b }
output "id" { value = test_thing.one.id }
)";

class RealHost : public ::testing::TestWithParam<std::string> {};

TEST_P(RealHost, DrivesThePluginThroughEveryCallWithoutProtocolErrors)
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
        std::filesystem::copy_file(echo_provider_program(), platform / "terraform-provider-certgate_v0.1.0");
    }
    const std::string rc =
        folder.write("terraformrc", "provider_installation {\n  filesystem_mirror {\n    path    = \"" +
                                        (folder.path() / "mirror").string() +
                                        "\"\n    include = [\"registry.opentofu.org/certgate/certgate\", "
                                        "\"registry.terraform.io/certgate/certgate\"]\n  }\n}\n");
    folder.write("work/main.tf", k_configuration);
    ProcessOptions options;
    options.working_directory = (folder.path() / "work").string();
    options.timeout = std::chrono::milliseconds(240000);
    options.environment = {{"TF_CLI_CONFIG_FILE", rc}, {"CHECKPOINT_DISABLE", "1"},
                           {"TF_IN_AUTOMATION", "1"},  {"TF_INPUT", "0"},
                           {"TF_LOG", "debug"},        {"TF_LOG_PATH", (folder.path() / "log.txt").string()}};
    options.unset_environment = {"TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR"};
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), program->second);
        args.push_back("-no-color");
        return run_process(args, options);
    };

    const ProcessResult init = run({"init"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    EXPECT_NE(init.out.find("Installed certgate/certgate v0.1.0"), std::string::npos) << init.out;

    const ProcessResult apply = run({"apply", "-auto-approve"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_NE(apply.out.find("Warning: web.example.com expires in 9 working days"), std::string::npos) << apply.out;
    EXPECT_NE(apply.out.find("renew by 2026-12-08"), std::string::npos) << apply.out;
    EXPECT_NE(apply.out.find("Apply complete! Resources: 1 added, 0 changed, 0 destroyed."), std::string::npos)
        << apply.out;
    EXPECT_NE(apply.out.find("id = \"thing-x\""), std::string::npos) << apply.out;
    EXPECT_NE(apply.out.find("2.5,"), std::string::npos) << apply.out;

    // The state went out and came back (UpgradeResourceState, ReadResource,
    // PlanResourceChange) unchanged.
    const ProcessResult plan = run({"plan", "-detailed-exitcode"});
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;

    const ProcessResult destroy = run({"destroy", "-auto-approve"});
    EXPECT_EQ(destroy.exit_code, 0) << destroy.out << destroy.err;
    EXPECT_NE(destroy.out.find("Destroy complete! Resources: 1 destroyed."), std::string::npos) << destroy.out;

    // Every start of the plugin ended cleanly, and the host logged no error.
    const std::string log = TempDir::read(folder.path() / "log.txt");
    EXPECT_NE(log.find("plugin process exited"), std::string::npos);
    EXPECT_EQ(log.find("[ERROR]"), std::string::npos) << log.substr(log.find("[ERROR]"), 400);
    EXPECT_EQ(log.find("plugin exited with error"), std::string::npos);
}

std::string tool_name(const ::testing::TestParamInfo<std::string>& tool)
{
    return tool.param;
}

INSTANTIATE_TEST_SUITE_P(Peers, RealHost, ::testing::Values("tofu", "terraform"), tool_name);

} // namespace
} // namespace certgate::testing
