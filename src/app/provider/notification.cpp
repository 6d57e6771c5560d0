// certgate_notification: certgate-external notification as a resource. The
// state is the declaration `certgate notify` reads; the store is only read.

#include "kinds.hpp"
#include "types.hpp"

namespace certgate::app::provider {

namespace {

using PlanResult = ProviderService::PlanResult;
using StateResult = ProviderService::StateResult;

// The store's facts, with the toggle the resource last applied standing in
// for the toggle at expiry when the store has none recorded (no notify run
// has seen the certificate expire): an expired certificate's toggle then
// cannot change from what Terraform last set either.
class PriorToggleState final : public ExternalState {
public:
    PriorToggleState(std::unique_ptr<ExternalState> store, std::optional<bool> prior_enabled)
        : m_store(std::move(store)), m_prior_enabled(prior_enabled)
    {
    }

    Result<bool> recipient_verified(std::string_view recipient_id) override
    {
        return m_store ? m_store->recipient_verified(recipient_id) : Result<bool>(false);
    }

    Result<std::optional<bool>> toggle_at_expiry(std::string_view certificate_id) override
    {
        if (m_store) {
            auto recorded = m_store->toggle_at_expiry(certificate_id);
            if (!recorded || recorded->has_value()) {
                return recorded;
            }
        }
        return m_prior_enabled;
    }

private:
    std::unique_ptr<ExternalState> m_store;
    std::optional<bool> m_prior_enabled;
};

struct Computed {
    tv::Value state;
    tv::Diagnostics diagnostics;
};

// The notification's state from its configuration (or a state read back as
// configuration), judged against the toggle `prior` last applied.
Computed compute(const Context& context, const tv::Value& config, const tv::Value& prior)
{
    const Kind& kind = notification_kind();
    Computed computed;
    auto query = query_of(kind, config, context.settings.policy, computed.diagnostics);
    if (!query) {
        return computed;
    }
    ExternalEnvironment environment = external_environment(context.environment, context.settings);
    std::optional<bool> prior_enabled;
    if (const tv::Value* enabled = tv::find_field(prior, "enabled");
        enabled != nullptr && enabled->kind == tv::ValueKind::boolean &&
        text_field(prior, "certificate") == text_field(config, "certificate")) {
        prior_enabled = enabled->boolean;
    }
    const bool has_store = environment.store_path.has_value();
    environment.open_state = [has_store,
                              prior_enabled](const std::string& path) -> Result<std::unique_ptr<ExternalState>> {
        std::unique_ptr<ExternalState> store;
        if (has_store) {
            auto opened = open_store_state(path);
            if (!opened) {
                return opened.error();
            }
            store = std::move(opened).value();
        }
        return std::unique_ptr<ExternalState>(std::make_unique<PriorToggleState>(std::move(store), prior_enabled));
    };
    if (!has_store) {
        // The wrapper must be asked even without a store; it is then the
        // prior state alone (the path is not opened).
        environment.store_path = "-";
    }
    auto result = external_fields(kind.external_kind, *query, environment);
    if (!result) {
        computed.diagnostics.push_back(diagnostic_of(result.error(), kind, config, context.settings.policy));
        return computed;
    }
    if (!has_store) {
        (*result)["unverified_recipients"] = "";
    }
    computed.state = state_of(kind, config, *result);
    return computed;
}

PlanResult plan(const Context& context, const tv::Value& prior, const tv::Value& proposed, const tv::Value& config)
{
    PlanResult planned;
    if (proposed.kind == tv::ValueKind::null) {
        return planned; // destroy: nothing to check, the store keeps its facts
    }
    if (!tv::is_wholly_known(config)) {
        planned.planned_state = unknown_state_of(notification_kind(), config);
        return planned;
    }
    Computed computed = compute(context, config, prior);
    planned.diagnostics = std::move(computed.diagnostics);
    planned.planned_state = std::move(computed.state);
    if (prior.kind != tv::ValueKind::null && text_field(prior, "certificate") != text_field(config, "certificate")) {
        planned.requires_replace.push_back(tv::attribute_path("certificate"));
    }
    return planned;
}

StateResult apply(const Context& context, const tv::Value& prior, const tv::Value& planned, const tv::Value& config)
{
    StateResult applied;
    if (planned.kind == tv::ValueKind::null) {
        return applied;
    }
    if (tv::is_wholly_known(planned)) {
        applied.state = planned;
        return applied;
    }
    Computed computed = compute(context, config, prior);
    applied.state = std::move(computed.state);
    applied.diagnostics = std::move(computed.diagnostics);
    return applied;
}

StateResult read(const Context& context, const tv::Value& current)
{
    StateResult refreshed;
    // The state's inputs are the configuration it was applied with.
    Computed computed = compute(context, current, current);
    if (computed.state.kind == tv::ValueKind::null) {
        refreshed.state = current;
        for (tv::Diagnostic& diagnostic : computed.diagnostics) {
            diagnostic.severity = tv::Severity::warning;
            refreshed.diagnostics.push_back(std::move(diagnostic));
        }
        return refreshed;
    }
    refreshed.state = std::move(computed.state);
    return refreshed;
}

ProviderService::ImportResult import(const Context& context, std::string_view id)
{
    ProviderService::ImportResult imported;
    tv::Value config = null_object(notification_kind());
    set_field(config, "certificate", tv::string_value(std::string(id)));
    Computed computed = compute(context, config, tv::null_value());
    if (computed.state.kind == tv::ValueKind::null) {
        imported.diagnostics = std::move(computed.diagnostics);
        return imported;
    }
    imported.imported.push_back({std::move(computed.state), "", {}});
    return imported;
}

} // namespace

const ResourceType& notification_resource()
{
    static const ResourceType type{notification_kind(), plan, apply, read, import};
    return type;
}

} // namespace certgate::app::provider
