// Fuzzes streaming discovery in Terraform plan and state JSON, and checks
// that reading in tiny chunks (every token, escape, UTF-8 character and line
// split across chunk boundaries) gives exactly what one large chunk gives.
#include "certgate/adapters/terraform/plan_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

certgate::Result<certgate::terraform::Discovery> read(const std::string& text, std::size_t chunk_bytes)
{
    std::istringstream in(text);
    certgate::terraform::ReadOptions options;
    options.limits.read_chunk_bytes = chunk_bytes;
    return certgate::terraform::read_terraform_json(in, "fuzz.json", options);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto whole = read(text, 1024 * 1024);
    const auto chunked = read(text, 1 + size % 13);
    const bool same =
        whole.has_value() == chunked.has_value() &&
        (whole ? whole->findings.size() == chunked->findings.size() && whole->summary.bytes == chunked->summary.bytes &&
                     whole->summary.resources == chunked->summary.resources
               : whole.error().message == chunked.error().message);
    if (!same) {
        std::abort();
    }
    return 0;
}
