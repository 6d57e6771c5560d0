#pragma once
// What the Huawei Cloud source of `certgate check` and `certgate huaweicloud
// sync` share: connecting from the environment and reading the API's statuses.

#include "certgate/adapters/huaweicloud/credentials.hpp"
#include "certgate/adapters/huaweicloud/scm_client.hpp"
#include "certgate/core/lifecycle.hpp"
#include "certgate/core/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace certgate::app {

/// Where and how to reach the API.
struct HuaweiCloudConnection {
    std::string region;                  ///< validated
    std::optional<std::string> endpoint; ///< overrides https://scm.REGION.myhuaweicloud.com
    std::optional<std::string> ca_file;  ///< CA bundle to trust instead of the system's
    /// HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN and HW_REGION_NAME (app::Environment::variable).
    huaweicloud::EnvironmentLookup variables;
};

/// "huaweicloud:REGION", the source path of findings and errors.
[[nodiscard]] std::string huaweicloud_source(std::string_view region);

/// Client options for `connection` with credentials from HW_ACCESS_KEY,
/// HW_SECRET_KEY and HW_SECURITY_TOKEN. Fails with ErrorCode::usage for a
/// bad region or endpoint, missing credentials or an unreadable CA file.
[[nodiscard]] Result<huaweicloud::ClientOptions> huaweicloud_client_options(const HuaweiCloudConnection& connection);

/// ISSUED → issued, UPLOAD → hosting, EXPIRED → expired; nullopt for every
/// other status (PAID, CHECKING, REVOKED, unknown ones).
[[nodiscard]] std::optional<CertificateStatus> map_scm_status(std::string_view status);

/// The key under which sync records a certificate's applied toggle in the
/// store: "huaweicloud:" + the certificate id.
[[nodiscard]] std::string applied_toggle_key(std::string_view certificate_id);

} // namespace certgate::app
