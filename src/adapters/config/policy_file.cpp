#include "certgate/adapters/config/policy_file.hpp"

namespace certgate::config {

// Placeholder until the config adapter lands.
Result<LoadedPolicy> load_policy_file(const std::string& path)
{
    return make_error(ErrorCode::internal, "policy files are not built yet", path);
}

Result<LoadedPolicy> parse_policy_json(std::string_view, const std::string& where)
{
    return make_error(ErrorCode::internal, "policy files are not built yet", where);
}

const std::vector<std::string>& setting_names()
{
    static const std::vector<std::string> names;
    return names;
}

Result<void> apply_setting(Policy&, std::string_view name, std::string_view)
{
    return make_error(ErrorCode::internal, "policy settings are not built yet", std::string(name));
}

} // namespace certgate::config
