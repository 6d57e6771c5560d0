#include "certgate/core/enum_names.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

enum class Colour { red, green, blue };

constexpr std::array<EnumName<Colour>, 3> k_colours{{
    {Colour::red, "red"},
    {Colour::green, "green"},
    {Colour::blue, "blue"},
}};

TEST(EnumNames, EachValueHasOneSpellingBothWays)
{
    static_assert(lists_in_order(k_colours));
    static_assert(name_of(k_colours, Colour::green) == "green");
    for (const auto& entry : k_colours) {
        EXPECT_EQ(name_of(k_colours, entry.value), entry.name);
        EXPECT_EQ(value_named(k_colours, entry.name), entry.value);
    }
}

TEST(EnumNames, AnUnlistedNameOrValueIsNone)
{
    EXPECT_EQ(value_named(k_colours, "Red"), std::nullopt);
    EXPECT_EQ(value_named(k_colours, "re"), std::nullopt);
    EXPECT_EQ(value_named(k_colours, ""), std::nullopt);
    EXPECT_EQ(name_of(k_colours, static_cast<Colour>(3)), "");
}

TEST(EnumNames, ATableOutOfOrderOrWithAGapIsCaught)
{
    constexpr std::array<EnumName<Colour>, 3> swapped{{
        {Colour::green, "green"},
        {Colour::red, "red"},
        {Colour::blue, "blue"},
    }};
    constexpr std::array<EnumName<Colour>, 2> gap{{{Colour::red, "red"}, {Colour::blue, "blue"}}};
    static_assert(!lists_in_order(swapped));
    static_assert(!lists_in_order(gap));
}

} // namespace
} // namespace certgate
