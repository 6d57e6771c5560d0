#include "certgate/core/severity.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

TEST(Severity, NamesRoundTrip)
{
    for (Severity severity : {Severity::ok, Severity::notice, Severity::warning, Severity::renew, Severity::critical,
                              Severity::expired, Severity::unknown, Severity::error}) {
        EXPECT_EQ(*parse_severity(to_string(severity), SeverityScope::any), severity);
    }
    EXPECT_EQ(to_string(Severity::renew), "renew");
}

TEST(Severity, GateLevelsExcludeUnknownAndError)
{
    EXPECT_EQ(*parse_severity("critical", SeverityScope::gate_only), Severity::critical);
    EXPECT_EQ(parse_severity("unknown", SeverityScope::gate_only).error().message,
              "invalid severity \"unknown\", expected one of: ok, notice, warning, renew, critical, expired");
    EXPECT_EQ(parse_severity("Renew", SeverityScope::any).error().message,
              "invalid severity \"Renew\", expected one of: ok, notice, warning, renew, critical, expired, unknown, "
              "error");
}

TEST(Severity, GateOrder)
{
    EXPECT_TRUE(at_or_above(Severity::renew, Severity::renew));
    EXPECT_TRUE(at_or_above(Severity::expired, Severity::renew));
    EXPECT_FALSE(at_or_above(Severity::warning, Severity::renew));
    EXPECT_TRUE(at_or_above(Severity::ok, Severity::ok));
    EXPECT_FALSE(at_or_above(Severity::unknown, Severity::ok));
    EXPECT_FALSE(at_or_above(Severity::error, Severity::ok));
}

TEST(Severity, BadnessSortsWorstFirst)
{
    const std::vector<Severity> worst_first{Severity::error,   Severity::expired, Severity::critical, Severity::renew,
                                            Severity::warning, Severity::unknown, Severity::notice,   Severity::ok};
    for (std::size_t i = 1; i < worst_first.size(); ++i) {
        EXPECT_GT(badness(worst_first[i - 1]), badness(worst_first[i])) << to_string(worst_first[i]);
    }
}

} // namespace
} // namespace certgate
