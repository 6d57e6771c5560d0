#include "certgate/adapters/tz/zone_database.hpp"

#include "certgate/core/evaluation.hpp"
#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate::tz {
namespace {

using testing::at;
using testing::on;

std::shared_ptr<const TimeZone> zone(const std::string& name)
{
    auto loaded = load_time_zone(name);
    EXPECT_TRUE(loaded) << loaded.error().describe();
    return loaded ? *loaded : utc_zone();
}

TEST(ZoneDatabase, ResolvesNamesAndOffsets)
{
    EXPECT_EQ(zone("Asia/Shanghai")->name(), "Asia/Shanghai");
    EXPECT_EQ(zone("Europe/Berlin")->name(), "Europe/Berlin");
    EXPECT_EQ(zone("UTC"), utc_zone());
    EXPECT_EQ(zone("+08:00")->name(), "+08:00");
    EXPECT_EQ(zone("-05:30")->start_of_day(on("2026-12-01")), at("2026-12-01T05:30:00Z"));
    EXPECT_EQ(zone("UTC+8")->local_date(at("2026-11-30T16:00:00Z")), on("2026-12-01"));
}

TEST(ZoneDatabase, UnknownNamesAreUsageErrors)
{
    const auto unknown = load_time_zone("Mars/Olympus_Mons");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::usage);
    EXPECT_EQ(unknown.error().describe(), "timezone: unknown time zone \"Mars/Olympus_Mons\", expected UTC, an offset "
                                          "such as +08:00, or an IANA name such as Asia/Shanghai");
    EXPECT_FALSE(load_time_zone("+99:00"));
    EXPECT_FALSE(load_time_zone("asia/shanghai/../../etc/passwd"));
    EXPECT_FALSE(load_time_zone(std::string(10000, 'A')));
}

TEST(ZoneDatabase, ShanghaiDayBoundary)
{
    const auto shanghai = zone("Asia/Shanghai");
    EXPECT_EQ(shanghai->local_date(at("2026-11-30T15:59:59Z")), on("2026-11-30"));
    EXPECT_EQ(shanghai->local_date(at("2026-11-30T16:00:00Z")), on("2026-12-01"));
    EXPECT_EQ(shanghai->local_date(at("2026-11-30T16:30:00Z")), on("2026-12-01"));
    EXPECT_EQ(shanghai->start_of_day(on("2026-12-01")), at("2026-11-30T16:00:00Z"));
    EXPECT_EQ(resolve_instant(on("2026-12-01"), *shanghai), at("2026-11-30T16:00:00Z"));
}

TEST(ZoneDatabase, BerlinSpringForward)
{
    const auto berlin = zone("Europe/Berlin");
    // 2026-03-29 02:00 CET becomes 03:00 CEST (01:00 UTC).
    EXPECT_EQ(berlin->start_of_day(on("2026-03-29")), at("2026-03-28T23:00:00Z"));
    EXPECT_EQ(berlin->start_of_day(on("2026-03-30")), at("2026-03-29T22:00:00Z"));
    EXPECT_EQ(berlin->local_date(at("2026-03-28T22:59:59Z")), on("2026-03-28"));
    EXPECT_EQ(berlin->local_date(at("2026-03-28T23:00:00Z")), on("2026-03-29"));
    EXPECT_EQ(berlin->local_date(at("2026-03-29T21:59:59Z")), on("2026-03-29"));
    EXPECT_EQ(berlin->local_date(at("2026-03-29T22:00:00Z")), on("2026-03-30"));
}

TEST(ZoneDatabase, BerlinFallBack)
{
    const auto berlin = zone("Europe/Berlin");
    // 2026-10-25 03:00 CEST becomes 02:00 CET (01:00 UTC).
    EXPECT_EQ(berlin->start_of_day(on("2026-10-25")), at("2026-10-24T22:00:00Z"));
    EXPECT_EQ(berlin->start_of_day(on("2026-10-26")), at("2026-10-25T23:00:00Z"));
    EXPECT_EQ(berlin->local_date(at("2026-10-25T22:59:59Z")), on("2026-10-25"));
    EXPECT_EQ(berlin->local_date(at("2026-10-25T23:00:00Z")), on("2026-10-26"));
}

TEST(ZoneDatabase, MidnightSkippedByDaylightSaving)
{
    // Chile moves 2026-09-06 00:00 -04 to 01:00 -03: the day starts at 04:00 UTC.
    const auto santiago = zone("America/Santiago");
    EXPECT_EQ(santiago->start_of_day(on("2026-09-06")), at("2026-09-06T04:00:00Z"));
    EXPECT_EQ(santiago->local_date(at("2026-09-06T03:59:59Z")), on("2026-09-05"));
    EXPECT_EQ(santiago->local_date(at("2026-09-06T04:00:00Z")), on("2026-09-06"));
}

TEST(ZoneDatabase, EvaluationAcrossTheBerlinChanges)
{
    Policy policy;
    policy.time_zone = zone("Europe/Berlin");
    // notAfter 2026-03-30T21:59:59Z is 23:59:59 CEST on Monday 03-30; one second
    // later it is Tuesday.
    const Validity monday{std::nullopt, at("2026-03-30T21:59:59Z")};
    const Validity tuesday{std::nullopt, at("2026-03-30T22:00:00Z")};
    const Instant now = resolve_instant(on("2026-03-27"), *policy.time_zone); // Friday 00:00 CET
    EXPECT_EQ(now, at("2026-03-26T23:00:00Z"));
    const Evaluation a = evaluate(monday, policy, now);
    EXPECT_EQ(a.today, on("2026-03-27"));
    EXPECT_EQ(a.expiry_date, on("2026-03-30"));
    EXPECT_EQ(a.days_remaining, 3);
    EXPECT_EQ(a.seconds_remaining, 3 * 86400 + 22 * 3600 + 59 * 60 + 59); // one hour fewer than the wall clock
    EXPECT_EQ(a.working_days_remaining, WorkingDays{1});
    EXPECT_EQ(a.severity, Severity::critical);
    const Evaluation b = evaluate(tuesday, policy, now);
    EXPECT_EQ(b.expiry_date, on("2026-03-31"));
    EXPECT_EQ(b.working_days_remaining, WorkingDays{2});

    // Autumn: a certificate that ends at 00:30 CET on Monday 10-26 expires on 10-26.
    const Validity autumn{std::nullopt, at("2026-10-25T23:30:00Z")};
    const Evaluation c = evaluate(autumn, policy, at("2026-10-25T22:30:00Z")); // Sunday 23:30 CET
    EXPECT_EQ(c.today, on("2026-10-25"));
    EXPECT_EQ(c.expiry_date, on("2026-10-26"));
    EXPECT_EQ(c.days_remaining, 1);
    EXPECT_EQ(c.seconds_remaining, 3600);
    EXPECT_EQ(c.working_days_remaining, WorkingDays{0});
    EXPECT_EQ(c.next_milestone->milestone.label(), "1d");
}

TEST(ZoneDatabase, WorkedExampleInShanghai)
{
    Policy policy;
    policy.time_zone = zone("Asia/Shanghai");
    const Validity validity{std::nullopt, at("2026-12-11T12:00:00Z")}; // 20:00 in Shanghai
    const Evaluation result = evaluate(validity, policy, at("2026-11-30T16:30:00Z"));
    EXPECT_EQ(result.today, on("2026-12-01"));
    EXPECT_EQ(result.expiry_date, on("2026-12-11"));
    EXPECT_EQ(result.days_remaining, 10);
    EXPECT_EQ(result.working_days_remaining, WorkingDays{8});
    EXPECT_EQ(result.renewal_window_start, on("2026-11-27"));
    EXPECT_EQ(result.renew_by, on("2026-12-08"));
    EXPECT_EQ(result.severity, Severity::renew);
    // Not expired until 20:00:00 Shanghai time on the day of expiry.
    EXPECT_FALSE(evaluate(validity, policy, at("2026-12-11T12:00:00Z")).expired);
    EXPECT_TRUE(evaluate(validity, policy, at("2026-12-11T12:00:01Z")).expired);
    // notBefore 11-11 at 16:30 UTC is already 11-12 in Shanghai: the 1mo
    // milestone (11-11) falls before it there, but not in UTC.
    const Validity issued{at("2026-11-11T16:30:00Z"), at("2026-12-11T12:00:00Z")};
    EXPECT_EQ(evaluate(issued, policy, at("2026-11-30T16:30:00Z")).schedule.front().milestone.label(), "1w");
    Policy utc;
    EXPECT_EQ(evaluate(issued, utc, at("2026-11-30T16:30:00Z")).schedule.front().milestone.label(), "1mo");
}

} // namespace
} // namespace certgate::tz
