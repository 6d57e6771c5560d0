#pragma once
// One table of spellings per enum: the name printed for a value and the value
// a name parses to come from the same {value, name} pairs, so each spelling is
// written once. Tables list the enumerators in order, 0 … N-1, which
// `lists_in_order` checks at compile time (static_assert beside each table).

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace certgate {

/// An enumerator and its one spelling.
template <typename Enum> struct EnumName {
    Enum value;
    std::string_view name;
};

/// True when entry i of `names` is the enumerator with the value i, for every
/// i (no gap, no repeat), so that name_of can index the table.
template <typename Enum, std::size_t N>
[[nodiscard]] constexpr bool lists_in_order(const std::array<EnumName<Enum>, N>& names)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (static_cast<std::size_t>(names[i].value) != i) {
            return false;
        }
    }
    return true;
}

/// The spelling of `value`; an empty view for a value outside the table
/// (an integer cast to the enum).
template <typename Enum, std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(const std::array<EnumName<Enum>, N>& names, Enum value)
{
    const auto index = static_cast<std::size_t>(value);
    return index < N ? names[index].name : std::string_view{};
}

/// The enumerator spelled `name` (exactly, case included), or nullopt.
template <typename Enum, std::size_t N>
[[nodiscard]] constexpr std::optional<Enum> value_named(const std::array<EnumName<Enum>, N>& names,
                                                        std::string_view name)
{
    for (const auto& entry : names) {
        if (entry.name == name) {
            return entry.value;
        }
    }
    return std::nullopt;
}

} // namespace certgate
