#pragma once
// How the records of a document become `certgate check` findings
// (deduplicated across planned values, prior state and resource changes).

#include "certgate/adapters/terraform/plan_reader.hpp"
#include "certgate/adapters/terraform/records.hpp"
#include "certgate/core/certificate.hpp"
#include "certgate/core/finding.hpp"

#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

namespace certgate::terraform::detail {

/// Gathers the candidates of every instance and resolves them into findings.
class Collector final : public RecordSink {
public:
    explicit Collector(const ReadOptions& options);

    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;
    ~Collector() override;

    /// Keeps PEM text for the next batch. A full batch is handed to
    /// options.decode_pool on a thread of its own, so that reading goes on
    /// while it is decoded (without a pool it is decoded here at once).
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
        std::size_t texts_end = 0; ///< the number of texts given up to and including its own
    };
    /// A batch being decoded on its own thread while the document is read on.
    struct InFlight {
        std::vector<PendingText> texts;
        std::vector<DecodedText> decoded;
        std::exception_ptr failure;
        std::thread worker;
    };

    /// Decodes `texts` into `decoded` (one slot each) on options.decode_pool
    /// when there is one: each task reads only its text and writes only its slot.
    static void decode_batch(const ReadOptions& options, const std::vector<PendingText>& texts,
                             std::vector<DecodedText>& decoded);
    /// Hands the texts given so far over: to a worker thread with a pool, else decoded here.
    void launch();
    /// Waits for the batch in flight, if any, and keeps its results.
    void join_in_flight();
    /// Decodes the texts not yet handed over, here.
    void decode_now();
    /// Resolves, in document order, every instance whose texts are all decoded.
    void resolve_ready();
    /// Decodes everything and resolves every pending instance.
    void flush();
    /// Turns one instance and its decoded certificate texts into candidates.
    void resolve(InstanceRecord&& record, std::vector<PemCertificate> certificates,
                 const std::vector<std::pair<std::string, std::string>>& pem_errors);

    const ReadOptions& m_options;
    std::vector<PendingText> m_texts; ///< not yet handed over
    std::size_t m_text_bytes = 0;     ///< of m_texts
    std::size_t m_texts_given = 0;    ///< every text so far
    std::unique_ptr<InFlight> m_in_flight;
    std::deque<DecodedText> m_decoded; ///< decoded, not yet resolved; the last one is text m_decoded_end - 1
    std::size_t m_decoded_end = 0;
    std::deque<PendingInstance> m_instances; ///< finished, not yet resolved
    std::vector<Candidate> m_pem;
    std::vector<Candidate> m_timestamps;
    std::vector<Candidate> m_external;
    std::vector<Candidate> m_unknown;
    std::vector<Candidate> m_errors;
    std::unordered_set<std::uint64_t> m_changed_addresses; ///< hashes of resource change addresses
};

} // namespace certgate::terraform::detail
