#include "provider_rpc.hpp"

#include "certgate/adapters/msgpack/type_json.hpp"

#include "wire.hpp"

#include <exception>

namespace certgate::tfplugin::detail {
namespace tv = terraform_value;
namespace {

// Runs one call's body; an exception escaping the service becomes an error
// diagnostic rather than a broken connection.
template <typename Response, typename Body> grpc::Status answer(Response* response, Body body)
{
    try {
        body();
    } catch (const std::exception& failure) {
        add_error("Internal error in the certgate provider", failure.what(), *response->mutable_diagnostics());
    }
    return grpc::Status::OK;
}

std::string names_of(const std::map<std::string, tv::TypePtr, std::less<>>& types)
{
    std::string names;
    for (const auto& [name, type] : types) {
        names += (names.empty() ? "" : ", ") + name;
    }
    return names.empty() ? "none" : names;
}

// The type of `name` among `types`, or an error diagnostic saying which exist.
const tv::Type* type_named(const std::map<std::string, tv::TypePtr, std::less<>>& types, const std::string& name,
                           const char* kind, DiagnosticList& diagnostics)
{
    auto found = types.find(name);
    if (found != types.end()) {
        return found->second.get();
    }
    add_error(std::string("Unknown ") + kind + " type",
              std::string("the certgate provider has no ") + kind + " type \"" + name +
                  "\"; it has: " + names_of(types),
              diagnostics);
    return nullptr;
}

bool decode(const tfplugin6::DynamicValue& wire, const tv::Type& type, const char* what, tv::Value& out,
            DiagnosticList& diagnostics)
{
    auto value = from_wire(wire, type);
    if (!value) {
        add_error(std::string("Invalid ") + what + " sent to the certgate provider", value.error().describe(),
                  diagnostics);
        return false;
    }
    out = std::move(value.value());
    return true;
}

bool encode(const tv::Value& value, const tv::Type& type, const char* what, tfplugin6::DynamicValue& out,
            DiagnosticList& diagnostics)
{
    auto done = to_wire(value, type, out);
    if (!done) {
        add_error(std::string("The certgate provider produced an invalid ") + what, done.error().message, diagnostics);
        return false;
    }
    return true;
}

} // namespace

ProviderRpc::ProviderRpc(ProviderService& service) : m_service(service)
{
    const auto& schemas = service.schemas();
    m_provider_type = msgpack_value::object_type_of(schemas.provider);
    to_wire(schemas.provider, *m_schema.mutable_provider());
    for (const auto& [name, schema] : schemas.resources) {
        m_resource_types.emplace(name, msgpack_value::object_type_of(schema));
        to_wire(schema, (*m_schema.mutable_resource_schemas())[name]);
    }
    for (const auto& [name, schema] : schemas.data_sources) {
        m_data_source_types.emplace(name, msgpack_value::object_type_of(schema));
        to_wire(schema, (*m_schema.mutable_data_source_schemas())[name]);
    }
    // Destroys are planned by the service too (a null proposed state).
    m_schema.mutable_server_capabilities()->set_plan_destroy(true);
}

grpc::Status ProviderRpc::GetMetadata(grpc::ServerContext* /*context*/,
                                      const tfplugin6::GetMetadata::Request* /*request*/,
                                      tfplugin6::GetMetadata::Response* response)
{
    *response->mutable_server_capabilities() = m_schema.server_capabilities();
    for (const auto& [name, type] : m_data_source_types) {
        response->add_data_sources()->set_type_name(name);
    }
    for (const auto& [name, type] : m_resource_types) {
        response->add_resources()->set_type_name(name);
    }
    return grpc::Status::OK;
}

grpc::Status ProviderRpc::GetProviderSchema(grpc::ServerContext* /*context*/,
                                            const tfplugin6::GetProviderSchema::Request* /*request*/,
                                            tfplugin6::GetProviderSchema::Response* response)
{
    *response = m_schema;
    return grpc::Status::OK;
}

grpc::Status ProviderRpc::ValidateProviderConfig(grpc::ServerContext* /*context*/,
                                                 const tfplugin6::ValidateProviderConfig::Request* request,
                                                 tfplugin6::ValidateProviderConfig::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        tv::Value config;
        if (decode(request->config(), *m_provider_type, "provider configuration", config, diagnostics)) {
            add_diagnostics(m_service.validate_provider_config(config), diagnostics);
        }
    });
}

grpc::Status ProviderRpc::ValidateResourceConfig(grpc::ServerContext* /*context*/,
                                                 const tfplugin6::ValidateResourceConfig::Request* request,
                                                 tfplugin6::ValidateResourceConfig::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        const tv::Type* type = type_named(m_resource_types, request->type_name(), "resource", diagnostics);
        tv::Value config;
        if (type != nullptr && decode(request->config(), *type, "resource configuration", config, diagnostics)) {
            add_diagnostics(m_service.validate_resource_config(request->type_name(), config), diagnostics);
        }
    });
}

grpc::Status ProviderRpc::ValidateDataResourceConfig(grpc::ServerContext* /*context*/,
                                                     const tfplugin6::ValidateDataResourceConfig::Request* request,
                                                     tfplugin6::ValidateDataResourceConfig::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        const tv::Type* type = type_named(m_data_source_types, request->type_name(), "data source", diagnostics);
        tv::Value config;
        if (type != nullptr && decode(request->config(), *type, "data source configuration", config, diagnostics)) {
            add_diagnostics(m_service.validate_data_source_config(request->type_name(), config), diagnostics);
        }
    });
}

grpc::Status ProviderRpc::UpgradeResourceState(grpc::ServerContext* /*context*/,
                                               const tfplugin6::UpgradeResourceState::Request* request,
                                               tfplugin6::UpgradeResourceState::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        const tv::Type* type = type_named(m_resource_types, request->type_name(), "resource", diagnostics);
        if (type == nullptr) {
            return;
        }
        if (request->raw_state().json().empty() && request->raw_state().flatmap_size() > 0) {
            add_error("Unsupported state form",
                      "the state is in the flatmap form of Terraform before 0.12, which certgate never wrote",
                      diagnostics);
            return;
        }
        auto result =
            m_service.upgrade_resource_state(request->type_name(), request->version(), request->raw_state().json());
        add_diagnostics(result.diagnostics, diagnostics);
        (void)encode(result.state, *type, "upgraded state", *response->mutable_upgraded_state(), diagnostics);
    });
}

grpc::Status ProviderRpc::ConfigureProvider(grpc::ServerContext* /*context*/,
                                            const tfplugin6::ConfigureProvider::Request* request,
                                            tfplugin6::ConfigureProvider::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        tv::Value config;
        if (decode(request->config(), *m_provider_type, "provider configuration", config, diagnostics)) {
            add_diagnostics(m_service.configure(config), diagnostics);
        }
    });
}

grpc::Status ProviderRpc::ReadResource(grpc::ServerContext* /*context*/,
                                       const tfplugin6::ReadResource::Request* request,
                                       tfplugin6::ReadResource::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        const tv::Type* type = type_named(m_resource_types, request->type_name(), "resource", diagnostics);
        tv::Value current;
        if (type == nullptr || !decode(request->current_state(), *type, "resource state", current, diagnostics)) {
            return;
        }
        auto result = m_service.read_resource(request->type_name(), current, request->private_());
        add_diagnostics(result.diagnostics, diagnostics);
        if (encode(result.state, *type, "resource state", *response->mutable_new_state(), diagnostics)) {
            response->set_private_(std::move(result.private_data));
        }
    });
}

grpc::Status ProviderRpc::PlanResourceChange(grpc::ServerContext* /*context*/,
                                             const tfplugin6::PlanResourceChange::Request* request,
                                             tfplugin6::PlanResourceChange::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        const tv::Type* type = type_named(m_resource_types, request->type_name(), "resource", diagnostics);
        tv::Value prior;
        tv::Value proposed;
        tv::Value config;
        if (type == nullptr || !decode(request->prior_state(), *type, "prior state", prior, diagnostics) ||
            !decode(request->proposed_new_state(), *type, "proposed state", proposed, diagnostics) ||
            !decode(request->config(), *type, "resource configuration", config, diagnostics)) {
            return;
        }
        auto result =
            m_service.plan_resource_change(request->type_name(), prior, proposed, config, request->prior_private());
        add_diagnostics(result.diagnostics, diagnostics);
        if (!encode(result.planned_state, *type, "planned state", *response->mutable_planned_state(), diagnostics)) {
            return;
        }
        for (const auto& path : result.requires_replace) {
            to_wire(path, *response->add_requires_replace());
        }
        response->set_planned_private(std::move(result.planned_private));
    });
}

grpc::Status ProviderRpc::ApplyResourceChange(grpc::ServerContext* /*context*/,
                                              const tfplugin6::ApplyResourceChange::Request* request,
                                              tfplugin6::ApplyResourceChange::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        const tv::Type* type = type_named(m_resource_types, request->type_name(), "resource", diagnostics);
        tv::Value prior;
        tv::Value planned;
        tv::Value config;
        if (type == nullptr || !decode(request->prior_state(), *type, "prior state", prior, diagnostics) ||
            !decode(request->planned_state(), *type, "planned state", planned, diagnostics) ||
            !decode(request->config(), *type, "resource configuration", config, diagnostics)) {
            return;
        }
        auto result =
            m_service.apply_resource_change(request->type_name(), prior, planned, config, request->planned_private());
        add_diagnostics(result.diagnostics, diagnostics);
        if (encode(result.state, *type, "new state", *response->mutable_new_state(), diagnostics)) {
            response->set_private_(std::move(result.private_data));
        }
    });
}

grpc::Status ProviderRpc::ImportResourceState(grpc::ServerContext* /*context*/,
                                              const tfplugin6::ImportResourceState::Request* request,
                                              tfplugin6::ImportResourceState::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        const tv::Type* type = type_named(m_resource_types, request->type_name(), "resource", diagnostics);
        if (type == nullptr) {
            return;
        }
        auto result = m_service.import_resource_state(request->type_name(), request->id());
        add_diagnostics(result.diagnostics, diagnostics);
        for (auto& imported : result.imported) {
            add_diagnostics(imported.diagnostics, diagnostics);
            tfplugin6::ImportResourceState::ImportedResource wire;
            wire.set_type_name(request->type_name());
            if (!encode(imported.state, *type, "imported state", *wire.mutable_state(), diagnostics)) {
                return;
            }
            wire.set_private_(std::move(imported.private_data));
            *response->add_imported_resources() = std::move(wire);
        }
    });
}

grpc::Status ProviderRpc::ReadDataSource(grpc::ServerContext* /*context*/,
                                         const tfplugin6::ReadDataSource::Request* request,
                                         tfplugin6::ReadDataSource::Response* response)
{
    return answer(response, [&] {
        auto& diagnostics = *response->mutable_diagnostics();
        const tv::Type* type = type_named(m_data_source_types, request->type_name(), "data source", diagnostics);
        tv::Value config;
        if (type == nullptr || !decode(request->config(), *type, "data source configuration", config, diagnostics)) {
            return;
        }
        auto result = m_service.read_data_source(request->type_name(), config);
        add_diagnostics(result.diagnostics, diagnostics);
        (void)encode(result.state, *type, "data source result", *response->mutable_state(), diagnostics);
    });
}

grpc::Status ProviderRpc::StopProvider(grpc::ServerContext* /*context*/,
                                       const tfplugin6::StopProvider::Request* /*request*/,
                                       tfplugin6::StopProvider::Response* /*response*/)
{
    // Every call the service makes is short and bounded by its own deadlines
    // (SPEC section 6), so there is nothing to interrupt: an empty Error is
    // the protocol's "stopped".
    return grpc::Status::OK;
}

} // namespace certgate::tfplugin::detail
