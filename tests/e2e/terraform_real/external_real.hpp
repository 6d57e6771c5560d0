#pragma once
// Helpers of the real-Terraform tests that plan certgate-external data
// sources: they also need the hashicorp/external provider in the mirror
// (the real one, or the project's peer tests/peers/external-provider while
// the Go module proxy refuses the real one), and the fixtures
// tests/fixtures/terraform_real/certgate_module and .../declaration.

#include "real_terraform.hpp"

namespace certgate::testing::real_terraform {

inline const std::string k_module = "tests/fixtures/terraform_real/certgate_module";
inline const std::string k_declaration = "tests/fixtures/terraform_real/declaration";

/// The provider in the mirror: "real", "certgate-peer", or "" when none was built.
inline std::string external_provider_kind()
{
    const auto env = peers_env();
    const auto path = env.find("CERTGATE_EXTERNAL_PROVIDER");
    if (path == env.end() || !std::filesystem::exists(path->second)) {
        return "";
    }
    const auto kind = env.find("CERTGATE_EXTERNAL_PROVIDER_KIND");
    return kind == env.end() ? "real" : kind->second;
}

/// RealTerraform that also needs hashicorp/external in the mirror.
class RealTerraformExternal : public RealTerraform {
protected:
    void SetUp() override
    {
        RealTerraform::SetUp();
        if (IsSkipped()) {
            return;
        }
        CERTGATE_REQUIRE_PEER(!external_provider_kind().empty(),
                              "the hashicorp/external provider in the mirror (run scripts/install-terraform-peers.sh; "
                              "it builds tests/peers/external-provider when the real one is refused)");
    }
};

/// terraform.tfvars.json of the certgate_module fixture: `now` pinned to
/// k_now, the recipient "ops" and the given certificates.
inline std::string write_module_vars(const Workspace& workspace, const nlohmann::json& certificates,
                                     const std::string& folder = k_module)
{
    const nlohmann::json vars = {
        {"now", k_now},
        {"recipients", {{"ops", {{"name", "Ops"}, {"email", "Ops@Example.com"}}}}},
        {"certificates", certificates},
    };
    return workspace.write(folder + "/terraform.tfvars.json", vars.dump(2));
}

/// terraform.tfvars.json of the declaration fixture.
inline std::string write_declaration_vars(const Workspace& workspace, const std::string& kind,
                                          const std::map<std::string, std::string>& query)
{
    const nlohmann::json vars = {{"kind", kind}, {"query", query}};
    return workspace.write(k_declaration + "/terraform.tfvars.json", vars.dump(2));
}

/// What `certgate-external KIND` prints on stderr for `query` sent as the
/// provider sends it (compact, keys sorted), without the final newline;
/// expects exit status 1.
inline std::string declaration_stderr_line(const std::string& kind, const std::map<std::string, std::string>& query)
{
    ProcessOptions options;
    options.stdin_text = nlohmann::json(query).dump();
    options.unset_environment = {"CERTGATE_NOW", "CERTGATE_STORE"};
    const ProcessResult result = run_process({external_program(), kind}, options);
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    EXPECT_EQ(result.out, "");
    std::string line = result.err;
    if (!line.empty() && line.back() == '\n') {
        line.pop_back();
    }
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    return line;
}

} // namespace certgate::testing::real_terraform
