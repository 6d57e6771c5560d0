#pragma once
// Shared by the packaging tests: the built programs' folder first on PATH
// (the way an installed certgate is found), the examples' pinned instant,
// and the tools of scripts/install-tool-peers.sh.

#include "support/peers.hpp"
#include "support/process.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

namespace certgate::testing::packaging {

/// The instant the bundled examples are pinned to (examples/certs/README.md).
inline constexpr const char* k_examples_now = "2026-11-30T09:00:00Z";

/// PATH with the built certgate and certgate-external first.
inline std::string path_with_built_programs()
{
    const char* path = std::getenv("PATH");
    return std::filesystem::path(certgate_program()).parent_path().string() + ":" +
           (path != nullptr ? path : "/usr/bin:/bin");
}

/// The folder generated files (man pages, completions) are built into.
inline std::filesystem::path generated_dir()
{
    return std::filesystem::path(certgate_program()).parent_path() / "generated";
}

/// A tool from tools.env ("" when it was not built): CERTGATE_ACTIONLINT, CERTGATE_PRE_COMMIT.
inline std::string tool(const std::string& key)
{
    const auto values = read_peer_env("tools.env");
    const auto found = values.find(key);
    return found != values.end() && std::filesystem::exists(found->second) ? found->second : std::string();
}

/// True when `name` is an executable on PATH.
inline bool on_path(const std::string& name)
{
    return run_process({"/usr/bin/env", "sh", "-c", "command -v " + name + " >/dev/null"}).exit_code == 0;
}

} // namespace certgate::testing::packaging
