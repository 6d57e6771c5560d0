#pragma once
// A ProviderService for the protocol tests (a test double of the app's
// provider): its data source answers its configuration back, so every value
// the client sends makes a full msgpack round trip through the real server;
// its resource has a computed id, so plan and apply have work to do.
// Magic texts trigger the answers under test: "warn" a warning at
// nested.a, "fail" an error, "throw" an exception inside the service,
// "misfit" a state that does not fit the schema.

#include "certgate/core/provider_service.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <stdexcept>

namespace certgate::testing {

namespace tv = terraform_value;

inline tv::TypePtr primitive_type(tv::TypeKind kind)
{
    auto type = std::make_shared<tv::Type>();
    type->kind = kind;
    return type;
}

inline tv::TypePtr collection_type(tv::TypeKind kind, tv::TypePtr element)
{
    auto type = std::make_shared<tv::Type>();
    type->kind = kind;
    type->element = std::move(element);
    return type;
}

inline tv::Value text_value(std::string text)
{
    tv::Value value;
    value.kind = tv::ValueKind::string;
    value.string = std::move(text);
    return value;
}

inline const tv::Value* field_of(const tv::Value& object, const std::string& name)
{
    for (const auto& [key, field] : object.fields) {
        if (key == name) {
            return &field;
        }
    }
    return nullptr;
}

class EchoProvider final : public ProviderService {
public:
    EchoProvider()
    {
        m_schemas.provider.attributes.push_back(
            {"store", primitive_type(tv::TypeKind::string), "where the store is", false, true});

        auto nested = std::make_shared<tv::Type>();
        nested->kind = tv::TypeKind::object;
        nested->attributes = {{"a", primitive_type(tv::TypeKind::string)},
                              {"b", collection_type(tv::TypeKind::list, primitive_type(tv::TypeKind::number))}};
        tv::Schema echo;
        echo.description = "answers its configuration";
        echo.attributes = {
            {"text", primitive_type(tv::TypeKind::string), "", false, true},
            {"number", primitive_type(tv::TypeKind::number), "", false, true},
            {"flag", primitive_type(tv::TypeKind::boolean), "", false, true},
            {"tags", collection_type(tv::TypeKind::set, primitive_type(tv::TypeKind::string)), "", false, true},
            {"labels", collection_type(tv::TypeKind::map, primitive_type(tv::TypeKind::string)), "", false, true},
            {"nested", nested, "", false, true},
            {"secret", primitive_type(tv::TypeKind::string), "", false, true, false, true},
        };
        m_schemas.data_sources.emplace("test_echo", echo);

        tv::Schema thing;
        thing.version = 1;
        thing.attributes = {{"id", primitive_type(tv::TypeKind::string), "", false, false, true},
                            {"name", primitive_type(tv::TypeKind::string), "", true}};
        m_schemas.resources.emplace("test_thing", thing);
    }

    const Schemas& schemas() const override { return m_schemas; }

    tv::Diagnostics validate_provider_config(const tv::Value& config) override
    {
        const tv::Value* store = field_of(config, "store");
        if (store != nullptr && store->kind == tv::ValueKind::string && store->string == "bad") {
            return {{tv::Severity::error,
                     "Bad store",
                     "the store may not be \"bad\"",
                     {{tv::PathStep::Kind::attribute, "store"}}}};
        }
        return {};
    }
    tv::Diagnostics configure(const tv::Value& /*config*/) override { return {}; }
    tv::Diagnostics validate_resource_config(std::string_view /*type*/, const tv::Value& /*config*/) override
    {
        return {};
    }
    tv::Diagnostics validate_data_source_config(std::string_view /*type*/, const tv::Value& /*config*/) override
    {
        return {};
    }

    ReadDataResult read_data_source(std::string_view /*type*/, const tv::Value& config) override
    {
        ReadDataResult result;
        result.state = config;
        const tv::Value* text = field_of(config, "text");
        const std::string magic = text != nullptr && text->kind == tv::ValueKind::string ? text->string : "";
        if (magic == "warn") {
            result.diagnostics.push_back({tv::Severity::warning,
                                          "web.example.com expires in 9 working days",
                                          "renew by 2026-12-08",
                                          {{tv::PathStep::Kind::attribute, "nested"},
                                           {tv::PathStep::Kind::attribute, "a"},
                                           {tv::PathStep::Kind::key, "k"},
                                           {tv::PathStep::Kind::index, "", 2}}});
        } else if (magic == "fail") {
            result.diagnostics.push_back({tv::Severity::error, "Gate failed", "expired", {}});
        } else if (magic == "throw") {
            throw std::runtime_error("the echo provider was told to throw");
        } else if (magic == "misfit") {
            result.state.fields.emplace_back("undeclared", text_value("x"));
        }
        return result;
    }

    StateResult upgrade_resource_state(std::string_view /*type*/, std::int64_t /*version*/,
                                       std::string_view raw_state_json) override
    {
        StateResult result;
        const nlohmann::json stored = nlohmann::json::parse(raw_state_json, nullptr, false);
        if (!stored.is_object()) {
            result.diagnostics.push_back(
                {tv::Severity::error, "Bad state", "the stored state is not a JSON object", {}});
            return result;
        }
        result.state.kind = tv::ValueKind::object;
        for (const char* name : {"id", "name"}) {
            const auto found = stored.find(name);
            result.state.fields.emplace_back(name, found != stored.end() && found->is_string()
                                                       ? text_value(found->get<std::string>())
                                                       : tv::Value{});
        }
        return result;
    }
    StateResult read_resource(std::string_view /*type*/, const tv::Value& current_state,
                              std::string_view private_data) override
    {
        return {current_state, std::string(private_data), {}};
    }
    PlanResult plan_resource_change(std::string_view /*type*/, const tv::Value& /*prior_state*/,
                                    const tv::Value& proposed_new_state, const tv::Value& /*config*/,
                                    std::string_view /*prior_private*/) override
    {
        PlanResult result;
        result.planned_state = proposed_new_state;
        if (proposed_new_state.kind == tv::ValueKind::object) {
            for (auto& [name, field] : result.planned_state.fields) {
                if (name == "id" && field.kind == tv::ValueKind::null) {
                    field.kind = tv::ValueKind::unknown;
                }
            }
            result.requires_replace.push_back({{tv::PathStep::Kind::attribute, "name"}});
        }
        result.planned_private = "planned";
        return result;
    }
    StateResult apply_resource_change(std::string_view /*type*/, const tv::Value& /*prior_state*/,
                                      const tv::Value& planned_state, const tv::Value& /*config*/,
                                      std::string_view planned_private) override
    {
        StateResult result;
        result.state = planned_state;
        for (auto& [name, field] : result.state.fields) {
            if (name == "id" && field.kind == tv::ValueKind::unknown) {
                const tv::Value* given = field_of(planned_state, "name");
                field = text_value("thing-" + (given != nullptr ? given->string : std::string()));
            }
        }
        result.private_data = std::string(planned_private) + "+applied";
        return result;
    }
    ImportResult import_resource_state(std::string_view /*type*/, std::string_view id) override
    {
        ImportResult result;
        StateResult imported;
        imported.state.kind = tv::ValueKind::object;
        imported.state.fields = {{"id", text_value(std::string(id))}, {"name", text_value("imported")}};
        result.imported.push_back(imported);
        return result;
    }

private:
    Schemas m_schemas;
};

} // namespace certgate::testing
