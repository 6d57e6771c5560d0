// Fuzzes streaming discovery in Terraform plan and state JSON, and checks
// that reading in tiny chunks (every token, escape, UTF-8 character and line
// split across chunk boundaries), with the certificate texts decoded in tiny
// batches by a pool that runs them last to first, gives exactly what one
// large chunk and one batch give.
#include "certgate/adapters/terraform/plan_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>

namespace {

certgate::Result<certgate::terraform::Discovery> read(const std::string& text, std::size_t chunk_bytes,
                                                      std::size_t batch_texts)
{
    std::istringstream in(text);
    certgate::terraform::ReadOptions options;
    options.limits.read_chunk_bytes = chunk_bytes;
    options.decode_batch_texts = batch_texts;
    options.decode_pool = [](std::size_t count, const std::function<void(std::size_t)>& task) {
        for (std::size_t i = count; i-- > 0;) {
            task(i);
        }
    };
    return certgate::terraform::read_terraform_json(in, "fuzz.json", options);
}

bool same_findings(const certgate::terraform::Discovery& left, const certgate::terraform::Discovery& right)
{
    if (left.findings.size() != right.findings.size()) {
        return false;
    }
    for (std::size_t i = 0; i < left.findings.size(); ++i) {
        const certgate::Finding& a = left.findings[i];
        const certgate::Finding& b = right.findings[i];
        const auto fingerprint = [](const certgate::Finding& finding) {
            return finding.certificate ? finding.certificate->fingerprint_sha256 : std::string("-");
        };
        if (a.severity != b.severity || a.source.address != b.source.address ||
            a.source.attribute != b.source.attribute || a.source.index != b.source.index ||
            a.sensitive != b.sensitive || a.message != b.message || fingerprint(a) != fingerprint(b)) {
            return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto whole = read(text, 1024 * 1024, 4096);
    const auto chunked = read(text, 1 + size % 13, 1 + size % 3);
    const bool same = whole.has_value() == chunked.has_value() &&
                      (whole ? same_findings(*whole, *chunked) && whole->summary.bytes == chunked->summary.bytes &&
                                   whole->summary.resources == chunked->summary.resources
                             : whole.error().message == chunked.error().message);
    if (!same) {
        std::abort();
    }
    return 0;
}
