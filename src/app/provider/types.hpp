#pragma once
// What each provider type does, one file each; provider.cpp dispatches.

#include "certgate/core/provider_service.hpp"
#include "settings.hpp"

namespace certgate::app::provider {

/// What every type is given: the provider's environment and its block.
struct Context {
    const ProviderEnvironment& environment;
    const Settings& settings;
};

/// certgate_certificate and certgate_expiry: the evaluation, with a warning
/// from notice on and an error at or above fail_on when gate failures are
/// errors; unknown results while an input is unknown.
[[nodiscard]] ProviderService::ReadDataResult read_evaluation(const Context& context, const Kind& kind,
                                                              const tv::Value& config);

/// "web.example.com expires in 9 working days; renew by 2026-12-08", or
/// "… expired on 2026-12-11; replace it now": the finding's message and
/// the summary of its plan diagnostic.
[[nodiscard]] std::string finding_message(const external::StringMap& result);

/// The resource operations, the same for both resources.
struct ResourceType {
    const Kind& kind;
    ProviderService::PlanResult (*plan)(const Context&, const tv::Value& prior, const tv::Value& proposed,
                                        const tv::Value& config);
    ProviderService::StateResult (*apply)(const Context&, const tv::Value& prior, const tv::Value& planned,
                                          const tv::Value& config);
    ProviderService::StateResult (*read)(const Context&, const tv::Value& current);
    ProviderService::ImportResult (*import)(const Context&, std::string_view id);
};

/// certgate_recipient: registers, re-registers and removes recipients in
/// the store; reads their verification from it.
[[nodiscard]] const ResourceType& recipient_resource();

/// certgate_notification: the toggle rules of SPEC section 3 at plan time,
/// the schedule as computed attributes. Writes nothing to the store.
[[nodiscard]] const ResourceType& notification_resource();

} // namespace certgate::app::provider
