#pragma once
// The real OpenTofu 1.6.3 and Terraform 1.5.7, built from their Go modules by
// scripts/install-terraform-peers.sh (which lists them in peers.env), with a
// CLI configuration that installs providers only from a filesystem mirror, so
// nothing is downloaded. Every test runs for both tools (a parameterised
// suite) in a workspace that copies examples/ and tests/fixtures/terraform_real/
// into a temporary folder, keeping their relative layout, so `init` writes its
// lock file and .terraform there and never into the source tree.

#include "support/certificates.hpp"
#include "support/peers.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace certgate::testing::real_terraform {

/// The instant every test evaluates at (SPEC section 2's worked example: a
/// certificate expiring 2026-12-11T12:00:00Z is then at `renew`, renew by 2026-12-08).
inline const std::string k_now = "2026-11-30T09:00:00Z";

/// A certificate for `host` (its common name and DNS name), valid from
/// 2026-06-01 until `not_after`, self-signed unless an issuer is given.
inline TestCertificate certificate_for(const std::string& host, const std::string& not_after,
                                       const TestCertificate* issuer = nullptr)
{
    CertificateSpec spec;
    spec.common_name = host;
    spec.dns_names = {host};
    spec.not_before = "2026-06-01T00:00:00Z";
    spec.not_after = not_after;
    spec.issuer = issuer;
    return make_certificate(spec);
}

/// What scripts/install-terraform-peers.sh wrote: KEY=VALUE lines.
inline std::map<std::string, std::string> peers_env()
{
    return read_peer_env("peers.env");
}

/// One real tool: "tofu" or "terraform".
struct Peer {
    std::string name;
    std::string program;    ///< "" when not built
    std::string cli_config; ///< TF_CLI_CONFIG_FILE: providers only from the filesystem mirror
    [[nodiscard]] bool available() const
    {
        return !program.empty() && std::filesystem::exists(program) && !cli_config.empty() &&
               std::filesystem::exists(cli_config);
    }
    [[nodiscard]] std::string missing_line() const
    {
        return name + " built from its Go module (run scripts/install-terraform-peers.sh; it needs Go and the Go "
                      "module proxy)";
    }
};

inline Peer find_peer(const std::string& name)
{
    const auto env = peers_env();
    const auto value = [&](const std::string& key) {
        const auto found = env.find(key);
        return found == env.end() ? std::string() : found->second;
    };
    return Peer{name, value(name == "tofu" ? "CERTGATE_TOFU" : "CERTGATE_TERRAFORM"),
                value("CERTGATE_TF_CLI_CONFIG_FILE")};
}

/// A copy of examples/ and tests/fixtures/terraform_real/ where the tool runs.
class Workspace {
public:
    explicit Workspace(Peer peer) : m_peer(std::move(peer))
    {
        for (const char* folder : {"examples", "tests/fixtures/terraform_real"}) {
            std::filesystem::create_directories(path(folder));
            std::filesystem::copy(source_path(folder), path(folder), std::filesystem::copy_options::recursive);
        }
    }

    /// A path inside the workspace.
    [[nodiscard]] std::string path(const std::string& relative) const { return (m_dir.path() / relative).string(); }
    /// Writes a file into the workspace; returns its absolute path.
    std::string write(const std::string& relative, const std::string& content) const
    {
        return m_dir.write(relative, content);
    }
    [[nodiscard]] const Peer& peer() const { return m_peer; }

    /// The environment every run gets: the offline CLI configuration, no
    /// version check, certgate-external on PATH, no certgate variables
    /// inherited from the developer's shell.
    [[nodiscard]] ProcessOptions options(const std::string& folder,
                                         const std::map<std::string, std::string>& environment = {}) const
    {
        ProcessOptions options;
        options.working_directory = path(folder);
        options.timeout = std::chrono::milliseconds(240000);
        const char* inherited_path = std::getenv("PATH");
        options.environment = {
            {"TF_CLI_CONFIG_FILE", m_peer.cli_config},
            {"CHECKPOINT_DISABLE", "1"},
            {"TF_IN_AUTOMATION", "1"},
            {"TF_INPUT", "0"},
            {"PATH", std::filesystem::path(external_program()).parent_path().string() + ":" +
                         (inherited_path != nullptr ? inherited_path : "/usr/bin:/bin")},
        };
        for (const auto& [name, value] : environment) {
            options.environment[name] = value;
        }
        options.unset_environment = {"CERTGATE_NOW", "CERTGATE_STORE", "TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR", "TF_LOG"};
        return options;
    }

    /// Runs the tool with `args` in `folder` (relative to the workspace).
    ProcessResult run(const std::string& folder, std::vector<std::string> args,
                      const std::map<std::string, std::string>& environment = {}) const
    {
        args.insert(args.begin(), m_peer.program);
        return run_process(args, options(folder, environment));
    }

    /// `init` from the mirror only; asserts (non-fatally) that it worked.
    ProcessResult init(const std::string& folder) const
    {
        const ProcessResult result = run(folder, {"init", "-input=false", "-no-color"});
        EXPECT_EQ(result.exit_code, 0) << m_peer.name << " init in " << folder << ":\n" << result.out << result.err;
        return result;
    }

    /// `plan -out`, then `show -json` of it: the plan JSON (null when a step failed).
    nlohmann::json plan_json(const std::string& folder, std::vector<std::string> plan_args,
                             const std::map<std::string, std::string>& environment = {}) const
    {
        plan_args.insert(plan_args.begin(), {"plan", "-input=false", "-no-color", "-out=tfplan"});
        const ProcessResult plan = run(folder, plan_args, environment);
        EXPECT_EQ(plan.exit_code, 0) << m_peer.name << " plan:\n" << plan.out << plan.err;
        if (plan.exit_code != 0) {
            return nullptr;
        }
        const ProcessResult show = run(folder, {"show", "-json", "tfplan"}, environment);
        EXPECT_EQ(show.exit_code, 0) << show.err;
        return show.exit_code == 0 ? nlohmann::json::parse(show.out) : nlohmann::json();
    }

private:
    Peer m_peer;
    TempDir m_dir;
};

/// The parameterised fixture: GetParam() is "tofu" or "terraform". Each test
/// file derives its own suite from it and runs it for both tools with
/// CERTGATE_FOR_BOTH_TOOLS(Suite).
class RealTerraform : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override
    {
        m_peer = find_peer(GetParam());
        CERTGATE_REQUIRE_PEER(m_peer.available(), m_peer.missing_line());
    }
    [[nodiscard]] const Peer& peer() const { return m_peer; }

private:
    Peer m_peer;
};

/// The test name's suffix: the tool's name.
inline std::string tool_name(const ::testing::TestParamInfo<std::string>& tool)
{
    return tool.param;
}

#define CERTGATE_FOR_BOTH_TOOLS(suite)                                                                                 \
    INSTANTIATE_TEST_SUITE_P(Peers, suite, ::testing::Values("tofu", "terraform"),                                     \
                             ::certgate::testing::real_terraform::tool_name)

/// Every instance of a data source or resource in a plan's or state's module
/// tree (`root_module` and its `child_modules`), by address.
inline void collect_instances(const nlohmann::json& module, std::map<std::string, nlohmann::json>& out)
{
    for (const auto& resource : module.value("resources", nlohmann::json::array())) {
        out[resource.at("address").get<std::string>()] = resource;
    }
    for (const auto& child : module.value("child_modules", nlohmann::json::array())) {
        collect_instances(child, out);
    }
}

/// Terraform's diagnostics wrap long lines at the terminal width (78 columns
/// when stdout is not a terminal), breaking at spaces: joins a wrapped text
/// back so a line of certgate's output can be found in it unchanged.
inline std::string unwrap(const std::string& text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            std::size_t next = i + 1;
            while (next < text.size() &&
                   (text[next] == ' ' || text[next] == '\t' || text[next] == '|' || text[next] == '\xe2')) {
                if (text[next] == '\xe2') { // the "│" gutter of the diagnostic box (U+2502)
                    if (next + 2 >= text.size() || text[next + 1] != '\x94' || text[next + 2] != '\x82') {
                        break;
                    }
                    next += 2;
                }
                ++next;
            }
            out += ' ';
            i = next - 1;
            continue;
        }
        out.push_back(text[i]);
    }
    return out;
}

// One "key (severity)" line per finding, in key order: what a test compares
// against the findings it expects.
inline std::string severity_list(const std::map<std::string, nlohmann::json>& findings)
{
    std::string out;
    for (const auto& [key, finding] : findings) {
        out += key + " (" + finding.at("severity").get<std::string>() + ")\n";
    }
    return out;
}

} // namespace certgate::testing::real_terraform
