#pragma once
// The expiration-notification toggles declared for Huawei Cloud certificates:
// certgate-external `notification` data sources whose query carries
// `huaweicloud_certificate_id`, read from `terraform show -json`.

#include "certgate/adapters/terraform/records.hpp"
#include "certgate/core/lifecycle.hpp"
#include "certgate/core/result.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::app {

/// The query key of a certgate-external notification data source that names
/// the certificate in Huawei Cloud Certificate Manager ("scs1554192131150").
inline constexpr std::string_view k_huaweicloud_id_key = "huaweicloud_certificate_id";

/// State files larger than this are refused before they are read.
inline constexpr std::uint64_t k_max_state_bytes = 256ULL * 1024 * 1024;

/// One declared toggle.
struct DeclaredToggle {
    std::string address;                     ///< "data.external.web_notification", module path included
    std::string huaweicloud_id;              ///< the certificate id in Huawei Cloud
    std::string certificate;                 ///< the certgate certificate id (query `certificate`), "" when absent
    std::optional<CertificateStatus> status; ///< query `status`; nullopt: take it from the API
    std::optional<bool> enabled;             ///< query `enabled`; nullopt: not said (on)
};

/// Maps the certgate-external data sources of a document (from
/// terraform::read_external_data_sources) to the declared toggles, sorted by
/// Huawei Cloud id. Notification data sources without the Huawei id are
/// ignored. Pure. Fails (ErrorCode::input) on a query value that is not a
/// string, a bad id, status or enabled value, or one id declared twice with
/// different settings; `where` names the input.
[[nodiscard]] Result<std::vector<DeclaredToggle>>
toggles_from_records(std::span<const terraform::InstanceRecord> sources, const std::string& where);

/// Reads Terraform JSON text (a state or a plan; `values`, `planned_values`
/// and `prior_state`, modules included) with the one Terraform reader and
/// maps it as toggles_from_records does; fails as that reader does on JSON
/// that is not Terraform's.
[[nodiscard]] Result<std::vector<DeclaredToggle>> parse_declared_toggles(std::string_view text,
                                                                         const std::string& where);

/// Reads a file and parses it as above; refuses files over `max_bytes`.
[[nodiscard]] Result<std::vector<DeclaredToggle>> read_declared_toggles(const std::string& path,
                                                                        std::uint64_t max_bytes = k_max_state_bytes);

} // namespace certgate::app
