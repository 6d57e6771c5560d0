#include "certgate/app/notify_inputs.hpp"

#include "certgate/adapters/tz/zone_database.hpp"

namespace certgate::app {

Result<Declarations> load_declarations(const DeclarationInputs& inputs, bool required)
{
    if (inputs.state && inputs.declarations) {
        return make_error(ErrorCode::usage, "give --state or --declarations, not both", "--declarations");
    }
    if (inputs.state) {
        return read_declarations(*inputs.state, DeclarationFormat::terraform);
    }
    if (inputs.declarations) {
        return read_declarations(*inputs.declarations, DeclarationFormat::file);
    }
    if (required) {
        return make_error(ErrorCode::usage,
                          "no declarations; give --state FILE (terraform show -json) or --declarations FILE",
                          "--state");
    }
    return Declarations{};
}

Result<Policy> load_policy(const DeclarationInputs& inputs)
{
    Policy policy;
    if (inputs.config) {
        auto loaded = config::load_policy_file(*inputs.config);
        if (!loaded) {
            return loaded.error();
        }
        policy = loaded->policy;
    }
    if (inputs.timezone) {
        auto zone = tz::load_time_zone(*inputs.timezone);
        if (!zone) {
            return make_error(ErrorCode::usage, zone.error().message, "--timezone");
        }
        policy.time_zone = *zone;
    }
    if (auto valid = validate_policy(policy); !valid) {
        return valid.error();
    }
    return policy;
}

} // namespace certgate::app
