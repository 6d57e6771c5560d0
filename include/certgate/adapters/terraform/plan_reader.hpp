#pragma once
// The findings of `certgate check` in Terraform JSON: the records of the one
// reader (records.hpp), resolved into findings.

#include "certgate/adapters/terraform/records.hpp"
#include "certgate/core/finding.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/time_zone.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace certgate::terraform {

/// Runs task(i) for every i in [0, count), in any order and on any threads,
/// and returns when all have run (rethrowing a task's exception).
using ParallelFor = std::function<void(std::size_t count, const std::function<void(std::size_t)>& task)>;

/// How a document is read.
struct ReadOptions {
    ReadLimits limits;
    /// The zone of Huawei Cloud's zoneless `expire_time` ("yyyy-MM-dd HH:mm:ss.S");
    /// nullptr means UTC.
    std::shared_ptr<const TimeZone> huaweicloud_zone;
    /// Decodes the certificate texts of a batch (empty: one after the other
    /// on the reading thread). The findings do not depend on it.
    ParallelFor decode_pool;
    /// A batch is decoded once it holds this many certificate texts or
    /// decode_batch_bytes of them, so that a large plan is never held whole.
    std::size_t decode_batch_texts = 2048;
    std::size_t decode_batch_bytes = 8ULL * 1024 * 1024;
};

/// A document read: its summary and findings. Findings carry a certificate
/// (not yet assessed), or are `unknown` (known only after apply) or `error`
/// (a certificate attribute that could not be read, or an errored plan).
struct Discovery {
    DocumentSummary summary;
    std::vector<Finding> findings;
};

/// Reads one plan or state JSON document from `in` without building it in
/// memory. `path` names the input in findings and errors ("-" for stdin).
/// Fails with ErrorCode::input on malformed or truncated JSON (with the byte
/// offset) and on JSON that is not Terraform's ("not Terraform JSON: …"), and
/// with ErrorCode::limit when nesting or a string exceeds `options.limits`.
/// Error messages never quote the document's values.
[[nodiscard]] Result<Discovery> read_terraform_json(std::istream& in, const std::string& path,
                                                    const ReadOptions& options = {});

} // namespace certgate::terraform
