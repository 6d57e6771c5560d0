// Mutated and truncated inputs: every one gives a value or an Error, never a
// crash or a hang (run under the sanitizers in CI).

#include "certgate/adapters/config/date_file.hpp"
#include "certgate/adapters/config/policy_file.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

namespace certgate::config {
namespace {

using testing::source_path;
using testing::TempDir;

std::string mutate(std::string text, std::mt19937& random)
{
    static constexpr char k_bytes[] = "{}[]\",:\\0123456789-Tx \n\r\x00\xff";
    const auto pick = [&](std::size_t bound) { return std::uniform_int_distribution<std::size_t>(0, bound)(random); };
    switch (pick(3)) {
    case 0:
        text.resize(pick(text.size()));
        break;
    case 1:
        text[pick(text.size() - 1)] = k_bytes[pick(sizeof k_bytes - 2)];
        break;
    case 2:
        text.erase(pick(text.size() - 1), pick(8));
        break;
    default:
        text.insert(pick(text.size()), 1, k_bytes[pick(sizeof k_bytes - 2)]);
        break;
    }
    return text;
}

TEST(ConfigRobustness, MutatedPoliciesAndCalendarsNeverCrash)
{
    // The example without its date files (relative paths do not resolve from
    // the test's folder), so that the mutation alone decides.
    std::string policy;
    std::istringstream lines(TempDir::read(source_path("examples/policy/certgate.json")));
    for (std::string line; std::getline(lines, line);) {
        if (line.find("_file\"") == std::string::npos) {
            policy += line + "\n";
        }
    }
    const std::string calendar = TempDir::read(source_path("examples/policy/china-holidays-2026.ics"));
    ASSERT_TRUE(parse_policy_json(policy, "policy.json"));
    ASSERT_TRUE(parse_date_file(calendar, "h.ics"));
    std::mt19937 random(20261126);
    int policies_loaded = 0;
    int policies_refused = 0;
    int calendars_loaded = 0;
    int calendars_refused = 0;
    for (int i = 0; i < 1500; ++i) {
        const auto loaded = parse_policy_json(mutate(policy, random), "policy.json");
        if (loaded) {
            ++policies_loaded;
        } else {
            ++policies_refused;
            EXPECT_EQ(loaded.error().describe().rfind("policy.json", 0), 0U) << loaded.error().describe();
        }
        const auto dates = parse_date_file(mutate(calendar, random), "h.ics");
        if (dates) {
            ++calendars_loaded;
        } else {
            ++calendars_refused;
            EXPECT_EQ(dates.error().describe().rfind("h.ics", 0), 0U) << dates.error().describe();
        }
    }
    EXPECT_GT(policies_loaded, 0);
    EXPECT_GT(policies_refused, 0);
    EXPECT_GT(calendars_loaded, 0);
    EXPECT_GT(calendars_refused, 0);
}

} // namespace
} // namespace certgate::config
