// Fuzzes streaming discovery in Terraform plan and state JSON.
#include "certgate/adapters/terraform/plan_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    (void)certgate::terraform::read_terraform_json(in, "fuzz.json");
    return 0;
}
