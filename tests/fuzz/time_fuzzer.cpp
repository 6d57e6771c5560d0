// Fuzzes the text forms the core parses: timestamps, dates, zones, milestones.
#include "certgate/core/milestone.hpp"
#include "certgate/core/severity.hpp"
#include "certgate/core/time.hpp"
#include "certgate/core/time_zone.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    (void)certgate::parse_instant_or_date(text);
    (void)certgate::parse_fixed_offset_zone(text);
    (void)certgate::parse_milestone_list(text);
    (void)certgate::parse_severity(text, certgate::SeverityScope::any);
    return 0;
}
