#include "certgate/adapters/config/date_file.hpp"

#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace certgate::config {
namespace {

using testing::on;
using testing::TempDir;

std::string ics(const std::string& events)
{
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + events + "END:VCALENDAR\r\n";
}

std::string error_of(const Result<std::set<Date>>& result)
{
    return result ? std::string("no error") : result.error().describe();
}

TEST(DateFile, PlainListWithCommentsAndBlankLines)
{
    const auto dates = parse_date_file("# holidays\n\n2026-10-01\r\n  2026-10-02  # second day\n2026-10-01\n", "h.txt");
    ASSERT_TRUE(dates) << dates.error().describe();
    EXPECT_EQ(*dates, (std::set<Date>{on("2026-10-01"), on("2026-10-02")}));
}

TEST(DateFile, EmptyFileHasNoDates)
{
    const auto dates = parse_date_file("", "h.txt");
    ASSERT_TRUE(dates);
    EXPECT_TRUE(dates->empty());
}

TEST(DateFile, PlainListBadDateNamesTheLine)
{
    EXPECT_EQ(error_of(parse_date_file("2026-10-01\n2026-13-01\n", "h.txt")),
              "h.txt: line 2: invalid date, no such day in the calendar");
    EXPECT_EQ(error_of(parse_date_file("2026-10-01\n\n1 October\n", "h.txt")),
              "h.txt: line 3: invalid date, expected YYYY-MM-DD");
    EXPECT_EQ(error_of(parse_date_file("2026-02-29\n", "h.txt")),
              "h.txt: line 1: invalid date, no such day in the calendar");
}

TEST(DateFile, BinaryGarbageIsAnErrorNotACrash)
{
    const std::string garbage("\x00\x01\xff\xfe\n2026-01-01", 15);
    const auto result = parse_date_file(garbage, "h.txt");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().where, "h.txt: line 1");
    EXPECT_EQ(result.error().code, ErrorCode::input);
    const auto ics_garbage =
        parse_date_file(std::string("BEGIN:VCALENDAR\n\x00\x01:\xff\nEND:VCALENDAR\n", 35), "h.ics");
    EXPECT_TRUE(ics_garbage) << ics_garbage.error().describe();
}

TEST(DateFile, IcsMultiDayEventWithExclusiveEnd)
{
    const auto dates = parse_date_file(ics("BEGIN:VEVENT\r\nSUMMARY:National Day\r\nDTSTART;VALUE=DATE:20261001\r\n"
                                           "DTEND;VALUE=DATE:20261008\r\nEND:VEVENT\r\n"),
                                       "h.ics");
    ASSERT_TRUE(dates) << dates.error().describe();
    ASSERT_EQ(dates->size(), 7U);
    EXPECT_EQ(*dates->begin(), on("2026-10-01"));
    EXPECT_EQ(*dates->rbegin(), on("2026-10-07"));
    EXPECT_FALSE(dates->contains(on("2026-10-08")));
}

TEST(DateFile, IcsSingleDayWithoutDtendAndWithDuration)
{
    const auto dates = parse_date_file(ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nEND:VEVENT\n"
                                           "BEGIN:VEVENT\nDTSTART:20260501\nDURATION:P1W\nEND:VEVENT\n"),
                                       "h.ics");
    ASSERT_TRUE(dates) << dates.error().describe();
    EXPECT_EQ(dates->size(), 8U);
    EXPECT_TRUE(dates->contains(on("2026-12-25")));
    EXPECT_TRUE(dates->contains(on("2026-05-07")));
    EXPECT_FALSE(dates->contains(on("2026-05-08")));
}

TEST(DateFile, IcsYearlyRuleExpandsToTheLastYear)
{
    const auto dates =
        parse_date_file(ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261227\r\n"
                            "RRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n"),
                        "h.ics");
    ASSERT_TRUE(dates) << dates.error().describe();
    EXPECT_EQ(dates->size(), 2U * (k_last_expanded_year - 2026 + 1));
    EXPECT_EQ(*dates->begin(), on("2026-12-25"));
    EXPECT_TRUE(dates->contains(on("2031-12-26")));
    EXPECT_FALSE(dates->contains(on("2031-12-27")));
    EXPECT_FALSE(dates->contains(on("2025-12-25")));
    EXPECT_EQ(*dates->rbegin(), on("2100-12-26"));
}

TEST(DateFile, IcsYearlyRuleWithCountUntilIntervalAndExdate)
{
    const auto dates = parse_date_file(
        ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;COUNT=3\nEXDATE;VALUE=DATE:20270101\n"
            "END:VEVENT\n"
            "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260704\nRRULE:FREQ=YEARLY;INTERVAL=2;UNTIL=20301231T000000Z\n"
            "END:VEVENT\n"
            "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20240229\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=20290101\n"
            "END:VEVENT\n"),
        "h.ics");
    ASSERT_TRUE(dates) << dates.error().describe();
    EXPECT_EQ(*dates, (std::set<Date>{on("2024-02-29"), on("2026-01-01"), on("2028-01-01"), on("2026-07-04"),
                                      on("2028-07-04"), on("2030-07-04"), on("2028-02-29")}));
}

TEST(DateFile, IcsFoldedLinesCancelledEventsAndOtherComponents)
{
    const auto dates =
        parse_date_file(ics("BEGIN:VTIMEZONE\nTZID:X\nEND:VTIMEZONE\n"
                            "BEGIN:VEVENT\nSUMMARY:A very long\n  folded summary\nDTSTART;VALUE=DATE:2026\n"
                            " 0601\nBEGIN:VALARM\nTRIGGER:-PT15M\nEND:VALARM\nEND:VEVENT\n"
                            "BEGIN:VEVENT\nSTATUS:CANCELLED\nDTSTART;VALUE=DATE:20260602\nEND:VEVENT\n"
                            "BEGIN:VTODO\nDTSTART:20260603T100000Z\nEND:VTODO\n"),
                        "h.ics");
    ASSERT_TRUE(dates) << dates.error().describe();
    EXPECT_EQ(*dates, std::set<Date>{on("2026-06-01")});
}

TEST(DateFile, IcsErrorsNameTheLine)
{
    EXPECT_EQ(error_of(parse_date_file(ics("BEGIN:VEVENT\nDTSTART:20261001T090000Z\nEND:VEVENT\n"), "h.ics")),
              "h.ics: line 5: DTSTART is not an all-day date; expected "
              "DTSTART;VALUE=DATE:YYYYMMDD");
    EXPECT_EQ(error_of(parse_date_file(ics("BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n"), "h.ics")),
              "h.ics: line 4: the event has no DTSTART; expected DTSTART;VALUE=DATE:YYYYMMDD");
    EXPECT_EQ(error_of(parse_date_file(
                  ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nDTEND;VALUE=DATE:20261001\nEND:VEVENT\n"), "h.ics")),
              "h.ics: line 4: the event's DTEND is not after its DTSTART (DTEND is exclusive)");
    EXPECT_EQ(error_of(parse_date_file(
                  ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nRRULE:FREQ=WEEKLY\nEND:VEVENT\n"), "h.ics")),
              "h.ics: line 6: unsupported RRULE, expected FREQ=YEARLY with at most INTERVAL, COUNT "
              "or UNTIL");
    EXPECT_EQ(
        error_of(parse_date_file(
            ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nRRULE:FREQ=YEARLY;BYMONTH=5\nEND:VEVENT\n"), "h.ics")),
        "h.ics: line 6: unsupported RRULE, expected FREQ=YEARLY with at most "
        "INTERVAL, COUNT or UNTIL");
    EXPECT_EQ(error_of(parse_date_file(ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nDURATION:PT1H\nEND:VEVENT\n"),
                                       "h.ics")),
              "h.ics: line 6: invalid DURATION, expected whole days or weeks such as P1D or P2W");
    EXPECT_EQ(error_of(parse_date_file(
                  ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nDTEND;VALUE=DATE:20270201\nEND:VEVENT\n"), "h.ics")),
              "h.ics: line 4: the event lasts 396 days, more than 366");
    EXPECT_EQ(error_of(parse_date_file(ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nEND:VTODO\n"), "h.ics")),
              "h.ics: line 6: unexpected END line, expected END:VEVENT");
    EXPECT_EQ(error_of(parse_date_file(ics("BEGIN:VEVENT\nthis is not ical\nEND:VEVENT\n"), "h.ics")),
              "h.ics: line 5: expected a NAME:VALUE line");
}

TEST(DateFile, IcsTruncatedOrWithTrailingText)
{
    EXPECT_EQ(error_of(parse_date_file("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\n", "h.ics")),
              "h.ics: the calendar ends without END:VEVENT (is the file truncated?)");
    EXPECT_EQ(error_of(parse_date_file("BEGIN:VCALENDAR\n", "h.ics")),
              "h.ics: the calendar ends without END:VCALENDAR (is the file truncated?)");
    EXPECT_EQ(error_of(parse_date_file(ics("") + "BEGIN:VEVENT\n", "h.ics")),
              "h.ics: line 5: text after END:VCALENDAR");
}

TEST(DateFile, IcsHostileNestingIsRefused)
{
    std::string text = "BEGIN:VCALENDAR\n";
    for (int i = 0; i < 20; ++i) {
        text += "BEGIN:X\n";
    }
    EXPECT_EQ(error_of(parse_date_file(text, "h.ics")), "h.ics: line 9: components nested deeper than 8 levels");
}

TEST(DateFile, IcsExpansionIsBounded)
{
    // 40 yearly events of 366 days each expand to more dates than allowed.
    std::string events;
    for (int i = 0; i < 40; ++i) {
        events += "BEGIN:VEVENT\nDTSTART;VALUE=DATE:19710101\nDURATION:P366D\nRRULE:FREQ=YEARLY\nEND:VEVENT\n";
    }
    EXPECT_EQ(error_of(parse_date_file(ics(events), "h.ics")),
              "h.ics: the calendar expands to more than 1000000 dates");
}

// Found by fuzzing (tests/fuzz/regressions/dates/): a huge INTERVAL overflowed
// the year counter; it means a single occurrence.
TEST(DateFile, IcsHugeIntervalIsOneOccurrence)
{
    for (const char* interval : {"2147483647", "4294967295"}) {
        const auto dates =
            parse_date_file(ics(std::string("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;INTERVAL=") +
                                interval + "\nEND:VEVENT\n"),
                            "h.ics");
        ASSERT_TRUE(dates) << dates.error().describe();
        EXPECT_EQ(*dates, (std::set<Date>{on("2026-01-01")})) << interval;
    }
    EXPECT_EQ(error_of(parse_date_file(
                  ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=YEARLY;INTERVAL=4294967296\nEND:VEVENT\n"),
                  "h.ics")),
              "h.ics: line 6: unsupported RRULE, expected FREQ=YEARLY with at "
              "most INTERVAL, COUNT or UNTIL");
}

TEST(DateFile, LoadsFilesAndRefusesHugeOrMissingOnes)
{
    TempDir dir;
    const std::string list = dir.write("h.txt", "\xEF\xBB\xBF"
                                                "2026-01-01\n");
    const auto dates = load_date_file(list);
    ASSERT_TRUE(dates) << dates.error().describe();
    EXPECT_EQ(*dates, std::set<Date>{on("2026-01-01")});

    const std::string huge = (dir.path() / "huge.txt").string();
    {
        std::ofstream out(huge, std::ios::binary);
        const std::string line = "2026-01-01\n";
        for (std::size_t written = 0; written <= k_max_date_file_bytes; written += line.size()) {
            out << line;
        }
    }
    EXPECT_EQ(error_of(load_date_file(huge)), huge + ": the date file is larger than the limit of 4194304 bytes");
    EXPECT_EQ(load_date_file(huge).error().code, ErrorCode::limit);

    const std::string missing = (dir.path() / "missing.ics").string();
    EXPECT_EQ(error_of(load_date_file(missing)), missing + ": cannot read the date file: no such file or directory");
    EXPECT_EQ(error_of(load_date_file(dir.path().string())),
              dir.path().string() + ": cannot read the date file: it is a folder, expected a file");
}

} // namespace
} // namespace certgate::config
