// Fuzzes JSON text to typed Terraform values (UpgradeResourceState and the
// JSON lists of certgate-external results) against a type using every kind
// certgate's schemas use. The first byte picks the type.
#include "certgate/adapters/tfjson/value_json.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tv = certgate::terraform_value;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    static const auto milestone = tv::object_of({{"milestone", tv::string_type()}, {"date", tv::string_type()}});
    static const std::array<tv::TypePtr, 3> types{
        tv::object_of({{"id", tv::string_type()},
                       {"days", tv::number_type()},
                       {"verified", tv::bool_type()},
                       {"channels", tv::list_of(tv::string_type())},
                       {"tags", tv::set_of(tv::string_type())},
                       {"labels", tv::map_of(tv::number_type())},
                       {"schedule", tv::list_of(milestone)},
                       {"finding", tv::object_of({{"severity", tv::string_type()}})}}),
        tv::list_of(milestone),
        tv::list_of(tv::string_type()),
    };
    const std::string_view text{reinterpret_cast<const char*>(data + 1), size - 1};
    (void)certgate::tfjson::value_from_json(text, types[data[0] % types.size()]);
    return 0;
}
