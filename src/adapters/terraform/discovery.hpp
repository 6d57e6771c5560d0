#pragma once
// What one resource instance holds that matters to certgate, and how the
// instances of a document become findings (deduplicated across planned
// values, prior state and resource changes).

#include "certgate/adapters/terraform/plan_reader.hpp"
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

/// Where in the document a resource instance was seen.
enum class Origin { planned_values, prior_state, state_values, resource_change };

/// The small context kept for one resource instance while it is read.
struct ResourceRecord {
    Origin origin = Origin::planned_values;
    std::string address;
    std::string mode; ///< "managed" or "data"
    std::string type;
    bool deposed = false;

    struct PemCertificate {
        std::string attribute;
        int index = 0;
        CertificateInfo info;
    };
    std::vector<PemCertificate> certificates;
    std::vector<std::pair<std::string, std::string>> pem_errors; ///< attribute, message
    std::vector<std::pair<std::string, std::string>> timestamps; ///< attribute, value
    std::map<std::string, std::string> external_result;          ///< certgate-external output keys
    bool certgate_program = false;                               ///< `program` names certgate-external
    std::vector<std::string> sensitive_paths;
    bool too_many_sensitive_paths = false; ///< then the whole instance counts as sensitive
    std::vector<std::string> unknown_paths;
};

/// Looks at one string value of an instance's attributes (path in Terraform
/// syntax) and keeps what matters: PEM certificates (parsed now), timestamp
/// candidates, certgate-external outputs, the external program's name.
void observe_string(ResourceRecord& record, const std::string& path, const std::string& value);

/// Records a `true` leaf of sensitive_values / after_sensitive / before_sensitive.
void observe_sensitive(ResourceRecord& record, const std::string& path);

/// Records a `true` leaf of after_unknown (only paths that could matter are kept).
void observe_unknown(ResourceRecord& record, const std::string& path);

/// Gathers the candidates of every instance and resolves them into findings.
class Collector {
public:
    explicit Collector(const ReadOptions& options);

    /// Adds a finished instance.
    void add(ResourceRecord&& record);

    /// Resolves: prior_state instances superseded by a resource change are
    /// dropped; one finding per (address, attribute, certificate); timestamp
    /// and certgate-external findings only where no PEM gives the certificate.
    [[nodiscard]] std::vector<Finding> finish(SourceKind kind, const std::string& path);

private:
    struct Candidate {
        Origin origin;
        Finding finding;
    };
    const ReadOptions& m_options;
    std::vector<Candidate> m_pem;
    std::vector<Candidate> m_timestamps;
    std::vector<Candidate> m_external;
    std::vector<Candidate> m_unknown;
    std::vector<Candidate> m_errors;
    std::unordered_set<std::uint64_t> m_changed_addresses; ///< hashes of resource change addresses
};

} // namespace certgate::terraform::detail
