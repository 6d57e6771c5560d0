#include "certgate/app/policy.hpp"

namespace certgate::app {

Result<config::LoadedPolicy> assemble_policy(const PolicySources& sources)
{
    config::LoadedPolicy loaded;
    if (sources.file) {
        auto file = config::load_policy_file(*sources.file);
        if (!file) {
            if (sources.file_where.empty()) {
                return file.error();
            }
            return make_error(file.error().code, file.error().describe(), sources.file_where);
        }
        loaded = std::move(file).value();
    }
    for (const PolicySetting& setting : sources.settings) {
        if (auto applied = config::apply_setting(loaded.policy, setting.name, setting.value); !applied) {
            Error error = applied.error();
            error.where = setting.where.empty() ? setting.name : setting.where;
            return error;
        }
    }
    if (auto valid = validate_policy(loaded.policy); !valid) {
        return valid.error();
    }
    return loaded;
}

} // namespace certgate::app
