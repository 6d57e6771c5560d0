// Examples are contracts: every policy under examples/policy/ is valid against
// schemas/policy.schema.json and loads.

#include "certgate/adapters/config/policy_file.hpp"

#include "support/certificates.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

namespace certgate::config {
namespace {

using testing::on;
using testing::source_path;

std::vector<std::filesystem::path> example_policies()
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(source_path("examples/policy"))) {
        if (entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

TEST(PolicyExamples, EveryExampleMatchesTheSchemaAndLoads)
{
    const auto files = example_policies();
    ASSERT_FALSE(files.empty());
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        EXPECT_EQ(testing::schema_errors(source_path("schemas/policy.schema.json"), testing::TempDir::read(file)), "");
        const auto loaded = load_policy_file(file.string());
        EXPECT_TRUE(loaded) << loaded.error().describe();
    }
}

TEST(PolicyExamples, TheChinaExampleReadsItsCalendars)
{
    const auto loaded = load_policy_file(source_path("examples/policy/certgate.json"));
    ASSERT_TRUE(loaded) << loaded.error().describe();
    const Policy& policy = loaded->policy;
    EXPECT_EQ(policy.time_zone->name(), "Asia/Shanghai");
    // National Day 2026-10-01 … 10-07 from the .ics, New Year's Day yearly from 2027.
    EXPECT_TRUE(policy.calendar.holidays.contains(on("2026-10-07")));
    EXPECT_FALSE(policy.calendar.holidays.contains(on("2026-10-08")));
    EXPECT_TRUE(policy.calendar.holidays.contains(on("2099-01-01")));
    EXPECT_TRUE(policy.calendar.holidays.contains(on("2026-12-31")));
    // Saturday 2026-10-10 is a working day, Sunday 2026-10-11 is not.
    EXPECT_TRUE(policy.calendar.is_working_day(on("2026-10-10")));
    EXPECT_FALSE(policy.calendar.is_working_day(on("2026-10-11")));
    EXPECT_EQ(loaded->waivers.size(), 3U);
}

TEST(PolicySchema, RejectsWhatTheLoaderRejects)
{
    const std::vector<std::string> bad{
        R"({"milestone": ["2mo"]})",
        R"({"milestones": ["3x"]})",
        R"({"milestones": ["1w", "1w"]})",
        R"({"weekend": ["sunday"]})",
        R"({"console_reminder_days": -1})",
        R"({"renewal_window_working_days": 1.5})",
        R"({"fail_on": "error"})",
        R"({"renew_after_lifetime_percent": 100})",
        R"({"holidays": ["2026-1-1"]})",
        R"({"waivers": [{"subject": "a", "address": "b", "reason": "r", "until": "2026-01-01"}]})",
        R"({"waivers": [{"subject": "a", "until": "2026-01-01"}]})",
        R"({"waivers": [{"fingerprint_sha256": "abc", "reason": "r", "until": "2026-01-01"}]})",
    };
    // One validator process for every case: each file must be reported.
    testing::TempDir dir;
    std::vector<std::string> argv{"/usr/bin/python3", source_path("tests/tools/validate_json_schema.py"),
                                  source_path("schemas/policy.schema.json")};
    for (std::size_t i = 0; i < bad.size(); ++i) {
        argv.push_back(dir.write("bad" + std::to_string(i) + ".json", bad[i]));
        EXPECT_FALSE(parse_policy_json(bad[i], "p.json")) << bad[i];
    }
    const auto result = testing::run_process(argv);
    EXPECT_EQ(result.exit_code, 1);
    for (std::size_t i = 0; i < bad.size(); ++i) {
        EXPECT_NE(result.err.find(argv[i + 3] + ": "), std::string::npos) << bad[i] << "\n" << result.err;
    }
}

} // namespace
} // namespace certgate::config

namespace certgate::config {
namespace {

// "The schema is the documentation": every property has a description, and
// the top-level properties are exactly the settings the loader accepts.
void expect_described(const nlohmann::json& node, const std::string& pointer)
{
    if (!node.is_object()) {
        return;
    }
    if (node.contains("properties")) {
        for (const auto& [name, property] : node["properties"].items()) {
            EXPECT_TRUE(property.contains("description")) << pointer << "/properties/" << name;
            expect_described(property, pointer + "/properties/" + name);
        }
    }
    if (node.contains("items")) {
        EXPECT_TRUE(node["items"].contains("description")) << pointer << "/items";
        expect_described(node["items"], pointer + "/items");
    }
    if (node.contains("oneOf")) {
        for (const auto& branch : node["oneOf"]) {
            expect_described(branch, pointer + "/oneOf");
        }
    }
}

TEST(PolicySchema, EverySettingIsDescribedAndAccepted)
{
    const auto schema =
        nlohmann::json::parse(testing::TempDir::read(testing::source_path("schemas/policy.schema.json")));
    EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    EXPECT_EQ(schema["additionalProperties"], false);
    expect_described(schema, "");
    std::set<std::string> documented;
    for (const auto& [name, property] : schema["properties"].items()) {
        documented.insert(name);
    }
    std::set<std::string> accepted(setting_names().begin(), setting_names().end());
    accepted.insert("waivers");
    accepted.insert("$schema");
    EXPECT_EQ(documented, accepted);
}

} // namespace
} // namespace certgate::config
