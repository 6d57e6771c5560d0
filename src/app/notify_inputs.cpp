#include "certgate/app/notify_inputs.hpp"

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
    auto assembled = assemble_policy(inputs.policy);
    if (!assembled) {
        return assembled.error();
    }
    return std::move(assembled).value().policy;
}

Result<DeclaredRun> load_declared_run(const DeclarationInputs& inputs, const std::optional<std::string>& now_flag,
                                      const Environment& environment)
{
    auto policy = load_policy(inputs);
    if (!policy) {
        return policy.error();
    }
    auto now = resolve_now(now_flag, environment, *policy->time_zone, system_now());
    if (!now) {
        return now.error();
    }
    auto declarations = load_declarations(inputs, true);
    if (!declarations) {
        return declarations.error();
    }
    return DeclaredRun{std::move(*policy), *now, std::move(*declarations)};
}

} // namespace certgate::app
