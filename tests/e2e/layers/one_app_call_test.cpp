// The command line parses options and makes one app call per command (issue
// 13): no source of src/cli/ sequences the steps that build a command's
// request (the policy, `now`, the report targets, the store's location);
// they run inside the command's one app function.
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

namespace certgate {
namespace {

const std::regex k_request_step(R"(\bapp::(assemble_policy|resolve_now|report_targets|store_location)\s*\()");

TEST(OneAppCall, NoCommandLineSourceBuildsARequestFromAppSteps)
{
    int files = 0;
    std::string found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(testing::source_path("src/cli"))) {
        const auto extension = entry.path().extension();
        if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp")) {
            continue;
        }
        ++files;
        const std::string text = testing::TempDir::read(entry.path());
        for (std::sregex_iterator match(text.begin(), text.end(), k_request_step), end; match != end; ++match) {
            const auto line = std::count(text.begin(), text.begin() + match->position(), '\n') + 1;
            found +=
                entry.path().filename().string() + ":" + std::to_string(line) + ": app::" + (*match)[1].str() + "\n";
        }
    }
    EXPECT_GE(files, 10) << "the command line's sources were not found";
    EXPECT_EQ(found, "");
    // The rule sees a call as the command line used to write it.
    EXPECT_TRUE(
        std::regex_search("auto now = app::resolve_now(flags.now, environment, *utc_zone(), now);", k_request_step));
}

} // namespace
} // namespace certgate
