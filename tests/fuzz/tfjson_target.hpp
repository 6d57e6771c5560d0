#pragma once
// Fuzzes JSON text to typed Terraform values (adapters/tfjson:
// UpgradeResourceState and the JSON lists of certgate-external results)
// against a type using every kind certgate's schemas use; the first byte
// picks the type. Shared by the harness (tfjson_fuzzer.cpp) and the replay
// of its kept inputs in the normal suite (tests/unit/app/fuzz_regressions_test.cpp).

#include "certgate/adapters/tfjson/value_json.hpp"

#include <array>
#include <string_view>

namespace certgate::fuzz {

inline void fuzz_tfjson(std::string_view input)
{
    if (input.empty()) {
        return;
    }
    namespace tv = terraform_value;
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
    (void)tfjson::value_from_json(input.substr(1), types[static_cast<unsigned char>(input[0]) % types.size()]);
}

} // namespace certgate::fuzz
