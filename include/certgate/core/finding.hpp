#pragma once
// A finding: one certificate (or one thing that could not be evaluated) with
// its evaluation and where it came from. Findings are not errors.

#include "certgate/core/certificate.hpp"
#include "certgate/core/evaluation.hpp"
#include "certgate/core/severity.hpp"

#include <optional>
#include <string>

namespace certgate {

/// Where a finding came from.
enum class SourceKind { file, plan, state, host, api };
[[nodiscard]] std::string_view to_string(SourceKind kind);

/// The location of a finding: the input path and, where they apply, the
/// Terraform address and attribute path, the index in a bundle, the host.
struct Source {
    SourceKind kind = SourceKind::file;
    std::string path;                     ///< input path, "-" for stdin, "host:port" for hosts
    std::optional<std::string> address;   ///< module.x.aws_acm_certificate.this["a"]
    std::optional<std::string> attribute; ///< certificate_pem, or a path such as tags.cert
    std::optional<int> index;             ///< position in a PEM bundle, 0 = leaf
    std::optional<std::string> host;      ///< "host:port" for live endpoints
};

/// A waiver that applied (or has lapsed) for a finding.
struct WaiverMatch {
    std::string reason;
    Date until;
    bool active = false; ///< false: the waiver's end date has passed
};

/// One finding. `certificate` and `evaluation` are empty for `unknown` and
/// `error` findings; `message` says why for those and may add detail to others.
struct Finding {
    Severity severity = Severity::ok;
    Source source;
    std::optional<CertificateInfo> certificate;
    std::optional<Evaluation> evaluation;
    std::optional<WaiverMatch> waiver;
    std::string message;
    /// Values marked sensitive in Terraform are evaluated, never printed:
    /// reporters print no identity fields of a sensitive finding.
    bool sensitive = false;
    /// Extra facts some sources add (TLS chain verification, name match,
    /// status of a cloud certificate), printed as name/value pairs.
    std::vector<std::pair<std::string, std::string>> details;

    [[nodiscard]] bool waived() const { return waiver && waiver->active; }
};

/// Orders findings for reports: worst first, then earliest expiry, then
/// subject, then source (path, address, attribute, index).
[[nodiscard]] bool report_order(const Finding& left, const Finding& right);

} // namespace certgate

namespace certgate {

/// Evaluates a finding that carries a certificate: fills `evaluation` and
/// `severity`. Findings without a certificate (unknown, error) are left as
/// they are. Pure.
void assess(Finding& finding, const Policy& policy, Instant now);

} // namespace certgate
