#include "certgate/core/milestone.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::on;

Date before(const std::string& milestone, const std::string& expiry)
{
    return parse_milestone(milestone)->date_before(on(expiry));
}

TEST(Milestone, ParsesAndLabels)
{
    EXPECT_EQ(*parse_milestone("2mo"), (Milestone{2, MilestoneUnit::months}));
    EXPECT_EQ(*parse_milestone("1w"), (Milestone{1, MilestoneUnit::weeks}));
    EXPECT_EQ(*parse_milestone("3d"), (Milestone{3, MilestoneUnit::days}));
    EXPECT_EQ(*parse_milestone("0d"), (Milestone{0, MilestoneUnit::days}));
    EXPECT_EQ(parse_milestone("2mo")->label(), "2mo");
    EXPECT_EQ(parse_milestone("03d")->label(), "3d");
    EXPECT_EQ(parse_milestone("120mo")->count, 120U);
    EXPECT_EQ(parse_milestone("36500d")->count, 36500U);
}

TEST(Milestone, RefusesBadMilestones)
{
    for (const char* bad : {"", "mo", "d", "2", "2m", "2 mo", "-1d", "+1d", "1.5w", "2MO", "1wk", "1mod", "x1d",
                            "99999999999999999999d"}) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE(parse_milestone(bad));
    }
    EXPECT_EQ(parse_milestone("3x").error().message,
              "invalid milestone \"3x\": expected a count and a unit such as 2mo, 1w or 3d");
    EXPECT_EQ(parse_milestone("121mo").error().message, "invalid milestone \"121mo\": at most 120 of that unit");
    EXPECT_EQ(parse_milestone("5201w").error().message, "invalid milestone \"5201w\": at most 5200 of that unit");
    EXPECT_EQ(parse_milestone("36501d").error().message, "invalid milestone \"36501d\": at most 36500 of that unit");
}

TEST(Milestone, Lists)
{
    EXPECT_EQ(*parse_milestone_list("2mo,1mo,1w,3d,1d,0d"), default_milestones());
    EXPECT_EQ(*parse_milestone_list(" 1w , 0d"),
              (std::vector<Milestone>{{1, MilestoneUnit::weeks}, {0, MilestoneUnit::days}}));
    EXPECT_EQ(parse_milestone_list("1w,,0d").error().message,
              "empty milestone in list, expected items such as 2mo,1mo,1w,3d,1d,0d");
    EXPECT_EQ(parse_milestone_list("1w,0d,1w").error().message, "milestone \"1w\" is listed twice");
    EXPECT_EQ(parse_milestone_list("1w,3x").error().message,
              "invalid milestone \"3x\": expected a count and a unit such as 2mo, 1w or 3d");
    // 7d and 1w fall on the same date but are different milestones.
    EXPECT_TRUE(parse_milestone_list("7d,1w"));
}

TEST(Milestone, DaysAndWeeks)
{
    EXPECT_EQ(before("0d", "2026-12-11"), on("2026-12-11"));
    EXPECT_EQ(before("3d", "2026-12-11"), on("2026-12-08"));
    EXPECT_EQ(before("1w", "2026-12-11"), on("2026-12-04"));
    EXPECT_EQ(before("3d", "2027-01-02"), on("2026-12-30"));
    EXPECT_EQ(before("1d", "2028-03-01"), on("2028-02-29"));
}

TEST(Milestone, MonthsClampToTheLastDay)
{
    EXPECT_EQ(before("1mo", "2027-03-31"), on("2027-02-28"));
    EXPECT_EQ(before("2mo", "2027-03-31"), on("2027-01-31"));
    EXPECT_EQ(before("1mo", "2028-03-31"), on("2028-02-29")); // leap year
    EXPECT_EQ(before("1mo", "2028-03-29"), on("2028-02-29"));
    EXPECT_EQ(before("1mo", "2027-03-29"), on("2027-02-28"));
    EXPECT_EQ(before("12mo", "2028-02-29"), on("2027-02-28"));
    EXPECT_EQ(before("48mo", "2028-02-29"), on("2024-02-29"));
    EXPECT_EQ(before("1mo", "2026-05-31"), on("2026-04-30"));
    EXPECT_EQ(before("2mo", "2026-01-31"), on("2025-11-30")); // across the year
    EXPECT_EQ(before("1mo", "2026-12-11"), on("2026-11-11"));
    EXPECT_EQ(before("0mo", "2026-12-11"), on("2026-12-11"));
}

} // namespace
} // namespace certgate
