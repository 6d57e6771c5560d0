// Every Terraform configuration in the repository (examples/terraform/, the
// fixtures of these tests and any other folder holding .tf files) passes the
// real tools' `fmt -check`; those that need no provider beyond the built-in
// one pass `init` (offline: providers only from the filesystem mirror) and
// `validate`. Those that use hashicorp/external need the provider in the
// mirror, which the Go module proxy does not serve (docs/development.md).

#include "real_terraform.hpp"

#include <algorithm>

namespace certgate::testing::real_terraform {
namespace {

// Folders of the source tree that hold .tf files, relative to it; build
// folders, node_modules and .terraform are not the project's.
std::vector<std::string> terraform_folders()
{
    const std::filesystem::path root = source_path();
    std::set<std::string> folders;
    auto it = std::filesystem::recursive_directory_iterator(root);
    for (; it != std::filesystem::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (it->is_directory() && (name.starts_with("build") || name.starts_with(".") || name == "node_modules")) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && it->path().extension() == ".tf") {
            folders.insert(std::filesystem::relative(it->path().parent_path(), root).string());
        }
    }
    return {folders.begin(), folders.end()};
}

class Configurations : public RealTerraform {};

TEST(TerraformFolders, include_the_examples_and_the_fixtures)
{
    const auto folders = terraform_folders();
    for (const char* expected :
         {"examples/terraform", "examples/terraform/modules/certgate", "tests/fixtures/terraform_real/resources",
          "tests/fixtures/terraform_real/resources/modules/pem_bundle"}) {
        EXPECT_NE(std::find(folders.begin(), folders.end(), expected), folders.end()) << expected;
    }
}

// A folder whose configuration names the hashicorp/external provider, or
// certgate/certgate (installed by tests/e2e/provider from a mirror of its own).
bool uses_external_provider(const std::string& folder)
{
    for (const auto& entry : std::filesystem::directory_iterator(source_path(folder))) {
        const std::string text = entry.path().extension() == ".tf" ? TempDir::read(entry.path()) : "";
        if (text.find("hashicorp/external") != std::string::npos ||
            text.find("certgate/certgate") != std::string::npos) {
            return true;
        }
    }
    return false;
}

// Every folder is copied into the workspace: examples/ and the fixtures.
void expect_copied_by_workspace(const std::vector<std::string>& folders)
{
    for (const auto& folder : folders) {
        EXPECT_TRUE(folder.starts_with("examples/") || folder.starts_with("tests/fixtures/terraform_real/"))
            << folder << " holds .tf files outside the folders Workspace copies; add it there";
    }
}

TEST_P(Configurations, fmt_check_passes_on_every_configuration_in_the_repository)
{
    const auto folders = terraform_folders();
    expect_copied_by_workspace(folders);
    const Workspace workspace(peer());
    for (const auto& folder : folders) {
        const auto fmt = workspace.run(folder, {"fmt", "-check", "-diff", "-no-color"});
        EXPECT_EQ(fmt.exit_code, 0) << peer().name << " fmt -check in " << folder << ":\n" << fmt.out << fmt.err;
    }
}

TEST_P(Configurations, init_and_validate_pass_offline_on_every_configuration_without_a_provider_to_install)
{
    const auto folders = terraform_folders();
    expect_copied_by_workspace(folders);
    const Workspace workspace(peer());
    int validated = 0;
    for (const auto& folder : folders) {
        if (uses_external_provider(folder)) {
            continue;
        }
        SCOPED_TRACE(peer().name + " in " + folder);
        workspace.init(folder);
        const auto validate = workspace.run(folder, {"validate", "-no-color"});
        EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
        EXPECT_NE(validate.out.find("The configuration is valid."), std::string::npos) << validate.out;
        ++validated;
    }
    EXPECT_GE(validated, 2); // the resources fixture and its module
}

TEST_P(Configurations, init_never_downloads_a_provider_missing_from_the_mirror)
{
    const Workspace workspace(peer());
    workspace.write("needs_tls/main.tf", "terraform {\n  required_providers {\n    tls = {\n      source = "
                                         "\"hashicorp/tls\"\n    }\n  }\n}\n");
    const auto init = workspace.run("needs_tls", {"init", "-input=false", "-no-color"});
    EXPECT_NE(init.exit_code, 0) << init.out;
    EXPECT_NE((init.out + init.err).find("hashicorp/tls"), std::string::npos) << init.out << init.err;
}

CERTGATE_FOR_BOTH_TOOLS(Configurations);

} // namespace
} // namespace certgate::testing::real_terraform
