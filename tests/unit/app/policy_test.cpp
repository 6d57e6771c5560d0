#include "certgate/app/policy.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate::app {
namespace {

using testing::TempDir;

TEST(AssemblePolicy, DefaultsThenFileThenSettingsInOrder)
{
    const TempDir dir;
    PolicySources sources;
    sources.file = dir.write("policy.json", R"({"fail_on": "critical", "holidays": ["2026-12-24"]})");
    sources.settings = {{"fail_on", "warning", "--fail-on"}, {"holidays", "2026-12-25", "--holidays"}};
    auto assembled = assemble_policy(sources);
    ASSERT_TRUE(assembled.has_value()) << assembled.error().describe();
    EXPECT_EQ(assembled->policy.fail_on, Severity::warning);   // the setting replaces the file's value
    EXPECT_EQ(assembled->policy.calendar.holidays.size(), 2U); // dates add up
    EXPECT_EQ(assembled->policy.console_reminder_days, 30);    // the default stays

    EXPECT_EQ(assemble_policy({})->policy.fail_on, Severity::renew);
}

TEST(AssemblePolicy, ErrorsNameTheFlagOrTheKey)
{
    PolicySources sources;
    sources.settings = {{"timezone", "Mars/Olympus", "--timezone"}};
    auto flagged = assemble_policy(sources);
    ASSERT_FALSE(flagged.has_value());
    EXPECT_EQ(flagged.error().where, "--timezone");

    sources.settings = {{"timezone", "Mars/Olympus", ""}};
    EXPECT_EQ(assemble_policy(sources).error().where, "timezone");

    const TempDir dir;
    PolicySources file;
    file.file = (dir.path() / "missing.json").string();
    EXPECT_EQ(assemble_policy(file).error().where, *file.file);
    file.file_where = "policy_file";
    auto keyed = assemble_policy(file);
    EXPECT_EQ(keyed.error().where, "policy_file");
    EXPECT_TRUE(keyed.error().message.starts_with(*file.file + ": ")) << keyed.error().message;
}

TEST(AssemblePolicy, TheSettingsTogetherAreValidated)
{
    PolicySources sources;
    sources.settings = {{"minimum_lead_working_days", "20", "--minimum-lead"},
                        {"renewal_window_working_days", "5", "--window"}};
    auto assembled = assemble_policy(sources);
    ASSERT_FALSE(assembled.has_value());
    EXPECT_EQ(assembled.error().code, ErrorCode::usage);
}

} // namespace
} // namespace certgate::app
