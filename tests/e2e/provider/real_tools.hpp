#pragma once
// The real tofu and terraform (scripts/install-terraform-peers.sh) driving
// the real terraform-provider-certgate, installed from a filesystem mirror
// as registry.opentofu.org/certgate/certgate and registry.terraform.io/…
// with a CLI configuration of the test's own (never the network).

#include "support/peers.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace certgate::testing {

/// The mirror and CLI configuration, made once per test binary.
inline const TempDir& provider_mirror()
{
    static const std::unique_ptr<TempDir> folder = [] {
        auto made = std::make_unique<TempDir>();
        for (const char* registry : {"registry.opentofu.org", "registry.terraform.io"}) {
            const auto platform = made->path() / "mirror" / registry / "certgate/certgate/0.1.0/linux_amd64";
            std::filesystem::create_directories(platform);
            std::filesystem::copy_file(CERTGATE_PROVIDER_PROGRAM, platform / "terraform-provider-certgate_v0.1.0");
        }
        made->write("terraformrc", "provider_installation {\n  filesystem_mirror {\n    path    = \"" +
                                       (made->path() / "mirror").string() +
                                       "\"\n    include = [\"registry.opentofu.org/certgate/certgate\", "
                                       "\"registry.terraform.io/certgate/certgate\"]\n  }\n}\n");
        return made;
    }();
    return *folder;
}

/// One configuration folder run by one tool.
class Workspace {
public:
    explicit Workspace(std::string tool_path) : m_tool(std::move(tool_path))
    {
        std::filesystem::create_directories(work());
        m_store = (m_folder.path() / "certgate.db").string();
    }

    [[nodiscard]] std::filesystem::path work() const { return m_folder.path() / "work"; }
    [[nodiscard]] const std::string& store() const { return m_store; }
    [[nodiscard]] const TempDir& folder() const { return m_folder; }

    /// Writes work/NAME.
    std::string write(const std::string& name, const std::string& content) const
    {
        return m_folder.write("work/" + name, content);
    }

    /// Runs the tool in `directory` (default work/) with -no-color.
    ProcessResult run(std::vector<std::string> args, const std::string& directory = "") const
    {
        ProcessOptions options;
        options.working_directory = directory.empty() ? work().string() : directory;
        options.timeout = std::chrono::milliseconds(240000);
        options.environment = {{"TF_CLI_CONFIG_FILE", (provider_mirror().path() / "terraformrc").string()},
                               {"CHECKPOINT_DISABLE", "1"},
                               {"TF_IN_AUTOMATION", "1"},
                               {"TF_INPUT", "0"},
                               {"CERTGATE_STORE", m_store}};
        options.unset_environment = {"TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR", "CERTGATE_NOW", "TF_LOG"};
        args.insert(args.begin(), m_tool);
        args.push_back("-no-color");
        return run_process(args, options);
    }

private:
    std::string m_tool;
    TempDir m_folder;
    std::string m_store;
};

/// The path of `tool` ("tofu" or "terraform") from peers.env, "" when missing.
inline std::string tool_path(const std::string& tool)
{
    const auto peers = read_peer_env("peers.env");
    const auto found = peers.find(tool == "tofu" ? "CERTGATE_TOFU" : "CERTGATE_TERRAFORM");
    return found != peers.end() && std::filesystem::exists(found->second) ? found->second : std::string();
}

/// The provider block and required_providers every test configuration starts with.
inline std::string provider_header(const std::string& provider_block_body)
{
    return "terraform {\n  required_providers {\n    certgate = { source = \"certgate/certgate\" }\n  }\n}\n\n"
           "provider \"certgate\" {\n  now = \"2026-11-30T09:00:00Z\"\n" +
           provider_block_body + "}\n\n";
}

class RealProvider : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override
    {
        m_tool = tool_path(GetParam());
        CERTGATE_REQUIRE_PEER(!m_tool.empty(),
                              GetParam() + " built from its Go module (run scripts/install-terraform-peers.sh)");
    }

    std::string m_tool;
};

inline std::string tool_name(const ::testing::TestParamInfo<std::string>& tool)
{
    return tool.param;
}

} // namespace certgate::testing
