// Replays every seed and every input the fuzzers ever found trouble with
// (tests/fuzz/{seeds,regressions}/<harness>/) through the same entry points,
// so a fixed crash stays fixed in the normal build.
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
#include "fuzz/http_request_target.hpp"
#include "fuzz/mime_target.hpp"
#include "fuzz/msgpack_value_target.hpp"
#include "fuzz/smtp_replies_target.hpp"
#include "fuzz/starttls_target.hpp"
#include "fuzz/tfjson_target.hpp"
#include "fuzz/webhook_responses_target.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <vector>

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
        // The network harnesses keep their checks in tests/fuzz/NAME_target.hpp.
        {"smtp_replies", [](const std::string& input) { fuzz::fuzz_smtp_replies(input); }},
        {"webhook_responses", [](const std::string& input) { fuzz::fuzz_webhook_responses(input); }},
        {"mime", [](const std::string& input) { fuzz::fuzz_mime(input); }},
        {"starttls", [](const std::string& input) { fuzz::fuzz_starttls(input); }},
        {"msgpack_value", [](const std::string& input) { fuzz::fuzz_msgpack_value(input); }},
        {"tfjson", [](const std::string& input) { fuzz::fuzz_tfjson(input); }},
        {"http_request", [](const std::string& input) { fuzz::fuzz_http_request(input); }},
    };
    return table;
}

// The kept inputs of one harness: its seeds (tests/fuzz/seeds/<name>/) and
// the inputs it once found trouble with (tests/fuzz/regressions/<name>/).
std::vector<std::filesystem::path> kept_inputs(const std::string& name)
{
    std::vector<std::filesystem::path> inputs;
    for (const char* corpus : {"tests/fuzz/seeds/", "tests/fuzz/regressions/"}) {
        const std::filesystem::path folder = testing::source_path(corpus + name);
        if (std::filesystem::is_directory(folder)) {
            for (const auto& entry : std::filesystem::directory_iterator(folder)) {
                inputs.push_back(entry.path());
            }
        }
    }
    return inputs;
}

TEST(FuzzRegressions, every_kept_input_replays_without_crashing)
{
    for (const auto& [name, replay] : replays()) {
        const auto inputs = kept_inputs(name);
        // A harness with nothing to replay would pass without running its entry point.
        EXPECT_FALSE(inputs.empty()) << "no seed or regression input for the " << name << " harness";
        for (const auto& input_path : inputs) {
            // An exception escaping an entry point is a bug (the programs
            // would end in std::terminate); name the input and go on.
            const std::string input = testing::TempDir::read(input_path);
            EXPECT_NO_THROW(replay(input)) << input_path.string();
        }
    }
}

TEST(FuzzRegressions, every_harness_has_a_replay)
{
    std::set<std::string> harnesses;
    for (const auto& entry : std::filesystem::directory_iterator(testing::source_path("tests/fuzz"))) {
        const std::string file = entry.path().filename().string();
        const std::string suffix = "_fuzzer.cpp";
        if (file.size() > suffix.size() && file.ends_with(suffix)) {
            harnesses.insert(file.substr(0, file.size() - suffix.size()));
        }
    }
    ASSERT_FALSE(harnesses.empty());
    for (const std::string& harness : harnesses) {
        EXPECT_TRUE(replays().contains(harness)) << "no replay for tests/fuzz/" << harness << "_fuzzer.cpp";
    }
    for (const char* corpus : {"tests/fuzz/seeds", "tests/fuzz/regressions"}) {
        for (const auto& entry : std::filesystem::directory_iterator(testing::source_path(corpus))) {
            if (entry.is_directory()) {
                EXPECT_TRUE(replays().contains(entry.path().filename().string()))
                    << "no replay for " << corpus << "/" << entry.path().filename().string();
            }
        }
    }
}

} // namespace
} // namespace certgate
