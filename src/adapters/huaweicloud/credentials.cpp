#include "certgate/adapters/huaweicloud/credentials.hpp"

namespace certgate::huaweicloud {
namespace {

std::optional<std::string> non_empty(const EnvironmentLookup& lookup, std::string_view name)
{
    auto value = lookup ? lookup(name) : std::nullopt;
    if (!value || value->empty()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

Result<Credentials> credentials_from_environment(const EnvironmentLookup& lookup)
{
    Credentials credentials;
    auto access_key = non_empty(lookup, "HW_ACCESS_KEY");
    if (!access_key) {
        return make_error(ErrorCode::usage,
                          "HW_ACCESS_KEY is not set; export the access key ID and HW_SECRET_KEY of an IAM user "
                          "allowed to read Cloud Certificate Manager",
                          "huaweicloud");
    }
    auto secret_key = non_empty(lookup, "HW_SECRET_KEY");
    if (!secret_key) {
        return make_error(ErrorCode::usage,
                          "HW_SECRET_KEY is not set; export the secret access key that goes "
                          "with HW_ACCESS_KEY",
                          "huaweicloud");
    }
    credentials.access_key = std::move(*access_key);
    credentials.secret_key = std::move(*secret_key);
    credentials.security_token = non_empty(lookup, "HW_SECURITY_TOKEN");
    return credentials;
}

std::optional<std::string> region_from_environment(const EnvironmentLookup& lookup)
{
    return non_empty(lookup, "HW_REGION_NAME");
}

} // namespace certgate::huaweicloud
