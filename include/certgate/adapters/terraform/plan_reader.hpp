#pragma once
// Reading the JSON of `terraform show -json` (a plan or a state) as a stream
// and finding every certificate in it.

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

/// Limits that keep a hostile or huge document from costing unbounded memory.
struct ReadLimits {
    std::size_t max_depth = 512;                        ///< nesting of objects and arrays
    std::size_t max_string_bytes = 16ULL * 1024 * 1024; ///< one JSON string (or run without one), as written
};

/// How a document is read.
struct ReadOptions {
    ReadLimits limits;
    /// The zone of Huawei Cloud's zoneless `expire_time` ("yyyy-MM-dd HH:mm:ss.S");
    /// nullptr means UTC.
    std::shared_ptr<const TimeZone> huaweicloud_zone;
};

/// Which `terraform show -json` output a document is.
enum class DocumentKind { plan, state };

/// Facts about the document read, besides its findings.
struct DocumentSummary {
    DocumentKind kind = DocumentKind::state;
    std::string format_version;
    std::string terraform_version;   ///< "" when absent
    bool errored = false;            ///< a plan Terraform could not finish ("errored": true)
    std::size_t resources = 0;       ///< resource instances in planned_values (plan) or values (state)
    std::size_t prior_resources = 0; ///< resource instances in prior_state
    std::size_t resource_changes = 0;
    std::size_t child_modules = 0; ///< child module nodes, at any depth, in any values section
    std::uint64_t bytes = 0;       ///< bytes read
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
