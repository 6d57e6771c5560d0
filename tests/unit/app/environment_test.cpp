#include "certgate/app/environment.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

#include <map>

namespace certgate::app {
namespace {

using testing::at;

const TimeZone& utc()
{
    static const auto zone = utc_zone();
    return *zone;
}

TEST(ResolveNow, TheFlagThenCertgateNowThenTheClock)
{
    Environment environment;
    const Instant clock = at("2026-05-05T05:05:05Z");
    EXPECT_EQ(*resolve_now(std::nullopt, environment, utc(), clock), clock);
    environment.now = "";
    EXPECT_EQ(*resolve_now(std::nullopt, environment, utc(), clock), clock); // empty counts as unset
    environment.now = "2026-03-01";
    EXPECT_EQ(*resolve_now(std::nullopt, environment, utc(), clock), at("2026-03-01T00:00:00Z"));
    EXPECT_EQ(*resolve_now(std::string("2026-04-01T12:00:00Z"), environment, utc(), clock), at("2026-04-01T12:00:00Z"));
}

TEST(ResolveNow, ErrorsNameTheFlagOrTheVariable)
{
    Environment environment;
    environment.now = "yesterday";
    auto from_variable = resolve_now(std::nullopt, environment, utc(), {});
    ASSERT_FALSE(from_variable);
    EXPECT_EQ(from_variable.error().code, ErrorCode::usage);
    EXPECT_EQ(from_variable.error().where, "CERTGATE_NOW");
    auto from_flag = resolve_now(std::string("soon"), environment, utc(), {});
    ASSERT_FALSE(from_flag);
    EXPECT_EQ(from_flag.error().where, "--now");
}

TEST(StoreLocation, TakesTheFlagAndTheEnvironmentsValues)
{
    Environment environment;
    environment.store = "/env/store.db";
    environment.state_home = "/state";
    environment.home = "/home/someone";
    EXPECT_EQ(*store::resolve_store_path(store_location(std::string("/flag.db"), environment)), "/flag.db");
    EXPECT_EQ(*store::resolve_store_path(store_location(std::nullopt, environment)), "/env/store.db");
    environment.store.reset();
    EXPECT_EQ(*store::resolve_store_path(store_location(std::nullopt, environment)), "/state/certgate/certgate.db");
    environment.state_home.reset();
    EXPECT_EQ(*store::resolve_store_path(store_location(std::nullopt, environment)),
              "/home/someone/.local/state/certgate/certgate.db");
}

TEST(Environment, LooksVariablesUpThroughItsOneLookup)
{
    Environment environment;
    EXPECT_EQ(environment.lookup("SECRET"), std::nullopt); // no lookup: nothing is set
    const std::map<std::string, std::string, std::less<>> variables{{"SECRET", "s3cret"}, {"EMPTY", ""}};
    environment.variable = [&variables](std::string_view name) -> std::optional<std::string> {
        const auto found = variables.find(name);
        return found == variables.end() ? std::nullopt : std::optional<std::string>{found->second};
    };
    EXPECT_EQ(environment.lookup("SECRET"), "s3cret");
    EXPECT_EQ(environment.lookup("EMPTY"), ""); // set but empty is not unset
    EXPECT_EQ(environment.lookup("OTHER"), std::nullopt);
}

} // namespace
} // namespace certgate::app
