#include "certgate/core/time_zone.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::at;
using testing::on;

std::shared_ptr<const TimeZone> zone(const std::string& text)
{
    auto parsed = parse_fixed_offset_zone(text);
    EXPECT_TRUE(parsed) << text;
    return parsed ? *parsed : utc_zone();
}

TEST(TimeZone, UtcIsShared)
{
    EXPECT_EQ(utc_zone()->name(), "UTC");
    EXPECT_EQ(zone("UTC"), utc_zone());
    EXPECT_EQ(zone("Z"), utc_zone());
    EXPECT_EQ(zone("Etc/UTC"), utc_zone());
}

TEST(TimeZone, ParsesFixedOffsets)
{
    const Instant instant = at("2026-11-30T16:30:00Z");
    EXPECT_EQ(zone("+08:00")->local_date(instant), on("2026-12-01"));
    EXPECT_EQ(zone("+0800")->local_date(instant), on("2026-12-01"));
    EXPECT_EQ(zone("+08")->local_date(instant), on("2026-12-01"));
    EXPECT_EQ(zone("UTC+8")->local_date(instant), on("2026-12-01"));
    EXPECT_EQ(zone("+07:29")->local_date(instant), on("2026-11-30"));
    EXPECT_EQ(zone("+07:30")->local_date(instant), on("2026-12-01"));
    EXPECT_EQ(zone("-05:30")->local_date(at("2026-12-01T05:29:59Z")), on("2026-11-30"));
    EXPECT_EQ(zone("-05:30")->local_date(at("2026-12-01T05:30:00Z")), on("2026-12-01"));
    EXPECT_EQ(zone("GMT-3")->start_of_day(on("2026-12-01")), at("2026-12-01T03:00:00Z"));
    EXPECT_EQ(zone("+08:00")->name(), "+08:00");
    EXPECT_EQ(zone("UTC+8")->name(), "UTC+8");
}

TEST(TimeZone, RefusesBadOffsets)
{
    for (const char* bad : {"", "+", "8", "+8:00", "+08:0", "+19:00", "+08:60", "UTC+", "+08:00:00", "Asia/Shanghai",
                            "utc+8", "++08:00"}) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE(parse_fixed_offset_zone(bad));
    }
    EXPECT_EQ(parse_fixed_offset_zone("+25:00").error().message,
              "invalid time zone \"+25:00\", expected UTC, an offset such as +08:00, or an IANA name such as "
              "Asia/Shanghai");
}

TEST(TimeZone, BareDateIsMidnightInTheZone)
{
    EXPECT_EQ(resolve_instant(on("2026-12-01"), *utc_zone()), at("2026-12-01T00:00:00Z"));
    EXPECT_EQ(resolve_instant(on("2026-12-01"), *zone("+08:00")), at("2026-11-30T16:00:00Z"));
    EXPECT_EQ(resolve_instant(on("2026-12-01"), *zone("-05:00")), at("2026-12-01T05:00:00Z"));
    EXPECT_EQ(resolve_instant(at("2026-12-01T10:00:00Z"), *zone("+08:00")), at("2026-12-01T10:00:00Z"));
}

} // namespace
} // namespace certgate
