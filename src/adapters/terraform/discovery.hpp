#pragma once
// How the records of a document become `certgate check` findings
// (deduplicated across planned values, prior state and resource changes).

#include "certgate/adapters/terraform/plan_reader.hpp"
#include "certgate/adapters/terraform/records.hpp"
#include "certgate/core/certificate.hpp"
#include "certgate/core/finding.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace certgate::terraform::detail {

/// Gathers the candidates of every instance and resolves them into findings.
class Collector final : public RecordSink {
public:
    explicit Collector(const ReadOptions& options);

    /// Decodes the certificates of PEM text as it is read.
    void certificate_text(const std::string& attribute, std::string_view text) override;

    /// Adds a finished instance (with the certificates decoded since the last one).
    void instance(InstanceRecord&& record) override;

    /// Resolves: prior_state instances superseded by a resource change are
    /// dropped; one finding per (address, attribute, certificate); timestamp
    /// and certgate-external findings only where no PEM gives the certificate.
    [[nodiscard]] std::vector<Finding> finish(SourceKind kind, const std::string& path);

private:
    struct Candidate {
        Section section;
        Finding finding;
        /// A `notification` result: it repeats the not_after of the
        /// certificate it names, so it only counts when nothing else in the
        /// document holds that certificate.
        bool notification = false;
    };
    struct PemCertificate {
        std::string attribute;
        int index = 0;
        CertificateInfo info;
    };
    const ReadOptions& m_options;
    std::vector<PemCertificate> m_instance_certificates;                ///< of the instance being read
    std::vector<std::pair<std::string, std::string>> m_instance_errors; ///< attribute, message
    std::vector<Candidate> m_pem;
    std::vector<Candidate> m_timestamps;
    std::vector<Candidate> m_external;
    std::vector<Candidate> m_unknown;
    std::vector<Candidate> m_errors;
    std::unordered_set<std::uint64_t> m_changed_addresses; ///< hashes of resource change addresses
};

} // namespace certgate::terraform::detail
