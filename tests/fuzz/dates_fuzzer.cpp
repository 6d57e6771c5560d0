// Fuzzes the holidays and extra-working-days files: iCalendar and date lists.
#include "certgate/adapters/config/date_file.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    (void)certgate::config::parse_date_file(text, "fuzz.ics");
    return 0;
}
