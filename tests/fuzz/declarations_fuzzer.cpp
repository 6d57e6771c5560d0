// Fuzzes the declarations readers: Terraform state JSON and the plain file
// (the config adapter's parser and the app mapper over it).
#include "certgate/app/declarations.hpp"
#include "certgate/app/huaweicloud_declarations.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    // Both mappers of the one Terraform reader's records.
    (void)certgate::app::parse_terraform_declarations(text, "fuzz-state.json");
    (void)certgate::app::parse_declared_toggles(text, "fuzz-state.json");
    // The file: config::parse_declarations_file, then app::declarations_from_file.
    (void)certgate::app::parse_declarations_file(text, "fuzz-declarations.json", "/nonexistent-certgate-fuzz");
    return 0;
}
