#include "certgate/app/status.hpp"

#include "certgate/app/notify_status.hpp"

namespace certgate::app {

Result<StatusOutcome> run_status(const StatusRequest& request, const Environment& environment)
{
    auto declared = load_declared_run(request.inputs, request.now, environment);
    if (!declared) {
        return declared.error();
    }
    // The store only adds verification counts and toggles recorded at expiry:
    // without --store or CERTGATE_STORE, status reads none (no default path).
    auto store = open_named_store_read_only(request.store, environment);
    if (!store) {
        return store.error();
    }
    auto rows = status_rows(declared->declarations, declared->policy, declared->now, *store ? &**store : nullptr);
    if (!rows) {
        return rows.error();
    }
    StatusOutcome outcome;
    outcome.text = request.format == StatusFormat::json ? format_status_json(*rows, declared->now)
                                                        : format_status(*rows, declared->policy, declared->now);
    outcome.gate_failed = request.gate && any_fails_gate(*rows, declared->policy.fail_on);
    return outcome;
}

} // namespace certgate::app
