#pragma once
// AK/SK credentials, read from the variables the Huawei Cloud Terraform
// provider uses. Nothing here ever prints or formats a key.

#include "certgate/core/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace certgate::huaweicloud {

/// An access key pair, with the security token of temporary credentials.
struct Credentials {
    std::string access_key;
    std::string secret_key;
    std::optional<std::string> security_token; ///< sent and signed as X-Security-Token
};

/// Looks up an environment variable; nullopt when unset.
using EnvironmentLookup = std::function<std::optional<std::string>(std::string_view)>;

/// Reads HW_ACCESS_KEY, HW_SECRET_KEY and (optional) HW_SECURITY_TOKEN. An
/// empty value counts as unset. Fails with ErrorCode::usage naming the
/// missing variable; the message never holds a key.
[[nodiscard]] Result<Credentials> credentials_from_environment(const EnvironmentLookup& lookup);

/// HW_REGION_NAME, when set and not empty.
[[nodiscard]] std::optional<std::string> region_from_environment(const EnvironmentLookup& lookup);

} // namespace certgate::huaweicloud
