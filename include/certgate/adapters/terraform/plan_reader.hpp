#pragma once
// The findings of `certgate check` in Terraform JSON: the records of the one
// reader (records.hpp), resolved into findings.

#include "certgate/adapters/terraform/records.hpp"
#include "certgate/core/finding.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/time_zone.hpp"

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace certgate::terraform {

/// How a document is read.
struct ReadOptions {
    ReadLimits limits;
    /// The zone of Huawei Cloud's zoneless `expire_time` ("yyyy-MM-dd HH:mm:ss.S");
    /// nullptr means UTC.
    std::shared_ptr<const TimeZone> huaweicloud_zone;
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
