#include "certgate/app/provider/provider.hpp"

#include "certgate/adapters/msgpack/type_json.hpp"
#include "certgate/adapters/tfjson/value_json.hpp"

#include "kinds.hpp"
#include "types.hpp"

#include <exception>

namespace certgate::app {

namespace {

namespace tv = terraform_value;
using provider::Context;
using provider::Kind;
using provider::ResourceType;

tv::Diagnostics unknown_type(std::string_view what, std::string_view type)
{
    return {{tv::Severity::error,
             "Unknown " + std::string(what) + " type",
             "certgate: " + std::string(what) + " \"" + std::string(type) +
                 "\" is not one of this provider's; upgrade terraform-provider-certgate or check the spelling",
             {}}};
}

// A bug, not an input problem; the exception text never holds attribute values.
tv::Diagnostics internal_error(const std::exception& exception)
{
    return {{tv::Severity::error,
             "Internal error in terraform-provider-certgate",
             std::string("certgate: internal error: ") + exception.what(),
             {}}};
}

class CertgateProvider final : public ProviderService {
public:
    explicit CertgateProvider(ProviderEnvironment environment) : m_environment(std::move(environment))
    {
        m_schemas.provider = provider::provider_block().schema();
        m_schemas.data_sources.emplace(provider::certificate_kind().type_name, provider::certificate_kind().schema());
        m_schemas.data_sources.emplace(provider::expiry_kind().type_name, provider::expiry_kind().schema());
        for (const ResourceType* type : {&provider::recipient_resource(), &provider::notification_resource()}) {
            m_schemas.resources.emplace(type->kind.type_name, type->kind.schema());
        }
    }

    [[nodiscard]] const Schemas& schemas() const override { return m_schemas; }

    tv::Diagnostics validate_provider_config(const tv::Value& config) override
    {
        if (!tv::is_wholly_known(config)) {
            return {};
        }
        provider::Settings checked;
        return provider::read_settings(config, m_environment, checked);
    }

    tv::Diagnostics configure(const tv::Value& config) override
    {
        // Called once, before any other call that reads m_settings.
        return guarded([&] { return provider::read_settings(config, m_environment, m_settings); });
    }

    tv::Diagnostics validate_resource_config(std::string_view type, const tv::Value&) override
    {
        return resource(type) == nullptr ? unknown_type("resource", type) : tv::Diagnostics{};
    }

    tv::Diagnostics validate_data_source_config(std::string_view type, const tv::Value&) override
    {
        return data_source(type) == nullptr ? unknown_type("data source", type) : tv::Diagnostics{};
    }

    ReadDataResult read_data_source(std::string_view type, const tv::Value& config) override
    {
        const Kind* kind = data_source(type);
        if (kind == nullptr) {
            return {tv::null_value(), unknown_type("data source", type)};
        }
        try {
            return provider::read_evaluation(context(), *kind, config);
        } catch (const std::exception& exception) {
            return {tv::null_value(), internal_error(exception)};
        }
    }

    StateResult upgrade_resource_state(std::string_view type, std::int64_t version,
                                       std::string_view raw_state_json) override
    {
        const ResourceType* resource_type = resource(type);
        if (resource_type == nullptr) {
            return {tv::null_value(), "", unknown_type("resource", type)};
        }
        const Kind& kind = resource_type->kind;
        if (version > kind.version) {
            return {tv::null_value(),
                    "",
                    {{tv::Severity::error,
                      "State written by a newer provider",
                      "certgate: " + kind.type_name + ": the state has schema version " + std::to_string(version) +
                          ", this provider knows up to " + std::to_string(kind.version) +
                          "; use the terraform-provider-certgate version that wrote it",
                      {}}}};
        }
        auto state = tfjson::value_from_json(raw_state_json, msgpack_value::object_type_of(kind.schema()));
        if (!state) {
            return {tv::null_value(),
                    "",
                    {{tv::Severity::error,
                      "Unreadable state",
                      "certgate: " + kind.type_name + ": " + state.error().describe(),
                      {}}}};
        }
        return {std::move(state).value(), "", {}};
    }

    StateResult read_resource(std::string_view type, const tv::Value& current_state, std::string_view) override
    {
        const ResourceType* resource_type = resource(type);
        if (resource_type == nullptr) {
            return {current_state, "", unknown_type("resource", type)};
        }
        try {
            return resource_type->read(context(), current_state);
        } catch (const std::exception& exception) {
            return {current_state, "", internal_error(exception)};
        }
    }

    PlanResult plan_resource_change(std::string_view type, const tv::Value& prior_state,
                                    const tv::Value& proposed_new_state, const tv::Value& config,
                                    std::string_view) override
    {
        const ResourceType* resource_type = resource(type);
        if (resource_type == nullptr) {
            return {tv::null_value(), {}, "", unknown_type("resource", type)};
        }
        try {
            return resource_type->plan(context(), prior_state, proposed_new_state, config);
        } catch (const std::exception& exception) {
            return {tv::null_value(), {}, "", internal_error(exception)};
        }
    }

    StateResult apply_resource_change(std::string_view type, const tv::Value& prior_state,
                                      const tv::Value& planned_state, const tv::Value& config,
                                      std::string_view) override
    {
        const ResourceType* resource_type = resource(type);
        if (resource_type == nullptr) {
            return {prior_state, "", unknown_type("resource", type)};
        }
        try {
            return resource_type->apply(context(), prior_state, planned_state, config);
        } catch (const std::exception& exception) {
            return {prior_state, "", internal_error(exception)};
        }
    }

    ImportResult import_resource_state(std::string_view type, std::string_view id) override
    {
        const ResourceType* resource_type = resource(type);
        if (resource_type == nullptr) {
            return {{}, unknown_type("resource", type)};
        }
        try {
            return resource_type->import(context(), id);
        } catch (const std::exception& exception) {
            return {{}, internal_error(exception)};
        }
    }

private:
    [[nodiscard]] Context context() const { return Context{m_environment, m_settings}; }

    static const Kind* data_source(std::string_view type)
    {
        for (const Kind* kind : {&provider::certificate_kind(), &provider::expiry_kind()}) {
            if (kind->type_name == type) {
                return kind;
            }
        }
        return nullptr;
    }

    static const ResourceType* resource(std::string_view type)
    {
        for (const ResourceType* resource_type :
             {&provider::recipient_resource(), &provider::notification_resource()}) {
            if (resource_type->kind.type_name == type) {
                return resource_type;
            }
        }
        return nullptr;
    }

    template <typename Call> tv::Diagnostics guarded(Call call)
    {
        try {
            return call();
        } catch (const std::exception& exception) {
            return internal_error(exception);
        }
    }

    ProviderEnvironment m_environment;
    provider::Settings m_settings;
    Schemas m_schemas;
};

} // namespace

std::unique_ptr<ProviderService> make_certgate_provider(const ProviderEnvironment& environment)
{
    return std::make_unique<CertgateProvider>(environment);
}

} // namespace certgate::app
