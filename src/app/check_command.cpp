#include "certgate/app/check_command.hpp"

#include <utility>

namespace certgate::app {
namespace {

Result<CheckRequest> request_from(const CheckCommand& command, const Environment& environment)
{
    CheckRequest request;
    auto policy = assemble_policy(command.policy);
    if (!policy) {
        return policy.error();
    }
    request.policy = std::move(*policy);
    auto now = resolve_now(command.now, environment, *request.policy.policy.time_zone, system_now());
    if (!now) {
        return now.error();
    }
    request.now = *now;
    request.inputs = command.inputs;
    request.gate = GateOptions{request.policy.policy.fail_on, command.fail_on_unknown, command.ignore_unreachable};
    request.leaf_only = command.leaf_only;
    if (command.pkcs12_password_env) {
        auto password = environment.lookup(*command.pkcs12_password_env);
        if (!password) {
            return make_error(ErrorCode::usage,
                              "environment variable \"" + *command.pkcs12_password_env + "\" is not set",
                              "--pkcs12-password-env");
        }
        request.pkcs12_password = std::move(*password);
    }
    request.hosts = command.hosts;
    if (request.hosts.concurrency == 0) {
        return make_error(ErrorCode::usage, "must be at least 1", "--concurrency");
    }
    request.jobs = command.jobs;
    request.huaweicloud = command.huaweicloud;
    request.huaweicloud.variables = environment.variable;
    if (request.inputs.empty() && request.hosts.hosts.empty() && !request.hosts.hosts_file &&
        !request.huaweicloud.region) {
        return make_error(ErrorCode::usage, "nothing to check; give files, directories, - for stdin, --host or "
                                            "--huaweicloud");
    }
    return request;
}

CheckRun usage_failure(Error error)
{
    CheckRun run;
    run.errors.push_back(std::move(error));
    run.exit_status = 2;
    return run;
}

} // namespace

CheckRun run_check_command(const CheckCommand& command, const Environment& environment)
{
    auto targets = report_targets(command.reports);
    if (!targets) {
        return usage_failure(targets.error());
    }
    auto request = request_from(command, environment);
    if (!request) {
        return usage_failure(request.error());
    }
    return run_check_command(*request, *targets, command.style, environment);
}

} // namespace certgate::app
