#pragma once
// How the records of a document become `certgate check` findings
// (deduplicated across planned values, prior state and resource changes).

#include "certgate/adapters/terraform/plan_reader.hpp"
#include "certgate/adapters/terraform/records.hpp"
#include "certgate/core/certificate.hpp"
#include "certgate/core/finding.hpp"

#include <cstdint>
#include <map>
#include <optional>
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

    /// Keeps PEM text for the next batch; a full batch is decoded at once
    /// (on options.decode_pool).
    void certificate_text(const std::string& attribute, std::string_view text) override;

    /// Adds a finished instance (with the certificate texts given since the
    /// last one); instances are resolved in document order once their texts
    /// are decoded.
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
    struct PendingText {
        std::string attribute;
        std::string text; ///< newlines unescaped
    };
    /// What one certificate text gave: its certificates, or why none.
    struct DecodedText {
        std::vector<PemCertificate> certificates;
        std::optional<std::pair<std::string, std::string>> error; ///< attribute, message
    };
    struct PendingInstance {
        InstanceRecord record;
        std::size_t texts_end = 0; ///< its texts end here in the decoded texts of the batch
    };

    /// Decodes the pending texts (on the pool) into m_decoded.
    void decode_texts();
    /// Decodes what is pending and resolves every pending instance, in order.
    void flush();
    /// Turns one instance and its decoded certificate texts into candidates.
    void resolve(InstanceRecord&& record, std::vector<PemCertificate> certificates,
                 std::vector<std::pair<std::string, std::string>> pem_errors);

    const ReadOptions& m_options;
    std::vector<PendingText> m_texts; ///< not yet decoded
    std::size_t m_text_bytes = 0;     ///< of m_texts
    std::vector<DecodedText> m_decoded;
    std::vector<PendingInstance> m_instances; ///< finished, not yet resolved
    std::vector<Candidate> m_pem;
    std::vector<Candidate> m_timestamps;
    std::vector<Candidate> m_external;
    std::vector<Candidate> m_unknown;
    std::vector<Candidate> m_errors;
    std::unordered_set<std::uint64_t> m_changed_addresses; ///< hashes of resource change addresses
};

} // namespace certgate::terraform::detail
