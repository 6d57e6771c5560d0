// Replays every input the fuzzers ever found trouble with
// (tests/fuzz/regressions/<harness>/) through the same entry points, so a
// fixed crash stays fixed in the normal build.
#include "certgate/adapters/config/date_file.hpp"
#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/adapters/probe/target.hpp"
#include "certgate/adapters/terraform/plan_reader.hpp"
#include "certgate/adapters/x509/certificate_reader.hpp"
#include "certgate/app/declarations.hpp"
#include "certgate/app/external.hpp"
#include "certgate/core/milestone.hpp"
#include "certgate/core/severity.hpp"
#include "certgate/core/time.hpp"
#include "certgate/core/time_zone.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>

namespace certgate {
namespace {

using Replay = std::function<void(const std::string&)>;

const std::map<std::string, Replay>& replays()
{
    static const std::map<std::string, Replay> table{
        {"certificates",
         [](const std::string& input) {
             (void)x509::read_certificates(input, "fuzz");
             if (x509::looks_like_pkcs12(input)) {
                 (void)x509::read_pkcs12(input, "fuzz", "fuzz");
             }
         }},
        {"policy", [](const std::string& input) { (void)config::parse_policy_json(input, "fuzz.json"); }},
        {"dates", [](const std::string& input) { (void)config::parse_date_file(input, "fuzz.ics"); }},
        {"time",
         [](const std::string& input) {
             (void)parse_instant_or_date(input);
             (void)parse_fixed_offset_zone(input);
             (void)parse_milestone_list(input);
             (void)parse_severity(input, SeverityScope::any);
         }},
        {"terraform",
         [](const std::string& input) {
             std::istringstream in(input);
             (void)terraform::read_terraform_json(in, "fuzz.json");
         }},
        {"external",
         [](const std::string& input) {
             if (input.empty()) {
                 return;
             }
             const auto& kinds = app::external_kinds();
             app::ExternalEnvironment environment;
             environment.working_directory = "/nonexistent-certgate-fuzz";
             environment.clock = Instant{std::chrono::seconds{1796000000}};
             (void)app::answer_external(kinds[static_cast<unsigned char>(input[0]) % kinds.size()],
                                        std::string_view(input).substr(1), environment);
         }},
        {"hosts",
         [](const std::string& input) {
             (void)probe::parse_target(input);
             (void)probe::parse_hosts_file(input, "fuzz-hosts.txt");
         }},
        {"declarations",
         [](const std::string& input) {
             (void)app::parse_terraform_declarations(input, "fuzz-state.json");
             (void)app::parse_declarations_file(input, "fuzz-declarations.json", "/nonexistent-certgate-fuzz");
         }},
    };
    return table;
}

TEST(FuzzRegressions, every_kept_input_replays_without_crashing)
{
    const std::filesystem::path root = testing::source_path("tests/fuzz/regressions");
    int replayed = 0;
    for (const auto& [name, replay] : replays()) {
        const auto folder = root / name;
        if (!std::filesystem::is_directory(folder)) {
            continue;
        }
        for (const auto& entry : std::filesystem::directory_iterator(folder)) {
            // An exception escaping an entry point is a bug (the programs
            // would end in std::terminate); name the input and go on.
            const std::string input = testing::TempDir::read(entry.path());
            EXPECT_NO_THROW(replay(input))
                << "tests/fuzz/regressions/" << name << "/" << entry.path().filename().string();
            ++replayed;
        }
    }
    SUCCEED() << replayed << " regression inputs replayed";
}

TEST(FuzzRegressions, every_regression_folder_has_a_replay)
{
    const std::filesystem::path root = testing::source_path("tests/fuzz/regressions");
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
        if (entry.is_directory()) {
            EXPECT_TRUE(replays().contains(entry.path().filename().string()))
                << "no replay for tests/fuzz/regressions/" << entry.path().filename();
        }
    }
}

} // namespace
} // namespace certgate
