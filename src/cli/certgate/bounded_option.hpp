#pragma once
// Whole-number options with bounds (timeouts, leases, counts). Boost's own
// parsing of an `unsigned` takes "-1" as 4294967295, which made
// "--deadline -1" an endless wait; this type refuses a sign, text after the
// digits and anything outside [Min, Max].

#include <boost/program_options.hpp>

#include <charconv>
#include <string>
#include <vector>

namespace certgate::cli {

template <unsigned Min, unsigned Max> struct Bounded {
    static_assert(Min <= Max);
    unsigned value;

    constexpr Bounded(unsigned initial) : value(initial) {} // NOLINT(google-explicit-constructor): flag defaults
    constexpr operator unsigned() const { return value; }   // NOLINT(google-explicit-constructor): used as a number
};

/// Boost's hook for parsing a Bounded option (found by argument-dependent
/// lookup). The message names the option and says what is accepted.
template <unsigned Min, unsigned Max>
void validate(boost::any& out, const std::vector<std::string>& values, Bounded<Min, Max>* /*type*/, int /*unused*/)
{
    namespace po = boost::program_options;
    po::validators::check_first_occurrence(out);
    const std::string& text = po::validators::get_single_string(values);
    unsigned parsed = 0;
    const char* end = text.data() + text.size();
    const auto [stop, failure] = std::from_chars(text.data(), end, parsed);
    if (text.empty() || failure != std::errc{} || stop != end || parsed < Min || parsed > Max) {
        po::error_with_option_name error("the argument ('%value%') for option '%canonical_option%' is invalid: "
                                         "expected a whole number from " +
                                         std::to_string(Min) + " to " + std::to_string(Max));
        error.set_substitute("value", text);
        throw error;
    }
    out = Bounded<Min, Max>{parsed};
}

/// Milliseconds of a network or lock timeout: at least 1, at most one hour.
using TimeoutMs = Bounded<1, 3'600'000>;

} // namespace certgate::cli
