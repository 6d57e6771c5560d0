#include "provider_rpc.hpp"

#include "certgate/adapters/msgpack/type_json.hpp"

#include "wire.hpp"

#include <exception>

namespace certgate::tfplugin::detail {
namespace tv = terraform_value;
namespace {

// Runs one call's body with the answer's diagnostics; an exception escaping
// the service becomes an error diagnostic rather than a broken connection.
template <typename Response, typename Body> grpc::Status answer(Response* response, Body body)
{
    auto& diagnostics = *response->mutable_diagnostics();
    try {
        body(diagnostics);
    } catch (const std::exception& failure) {
        add_error("Internal error in the certgate provider", failure.what(), diagnostics);
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

// Runs the body of a call about one resource or data source type with that
// type's schema; a type name the provider does not serve is the answer's
// error diagnostic instead.
template <typename Request, typename Response, typename Body>
grpc::Status answer_for_type(const std::map<std::string, tv::TypePtr, std::less<>>& types, const char* kind,
                             const Request& request, Response* response, Body body)
{
    return answer(response, [&](DiagnosticList& diagnostics) {
        if (const tv::Type* type = type_named(types, request.type_name(), kind, diagnostics); type != nullptr) {
            body(*type, diagnostics);
        }
    });
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

// PlanResourceChange and ApplyResourceChange: the prior state, the next one
// (proposed in a plan, planned in an apply) and the configuration, decoded
// with the schema of the resource type the call names, go to `change`.
template <typename Request, typename Response, typename Change>
grpc::Status answer_change(const std::map<std::string, tv::TypePtr, std::less<>>& types, const Request& request,
                           const tfplugin6::DynamicValue& next, const char* next_what, Response* response,
                           Change change)
{
    return answer_for_type(types, "resource", request, response,
                           [&](const tv::Type& type, DiagnosticList& diagnostics) {
                               tv::Value prior;
                               tv::Value next_value;
                               tv::Value config;
                               if (decode(request.prior_state(), type, "prior state", prior, diagnostics) &&
                                   decode(next, type, next_what, next_value, diagnostics) &&
                                   decode(request.config(), type, "resource configuration", config, diagnostics)) {
                                   change(type, prior, next_value, config, diagnostics);
                               }
                           });
}

// A validate or configure call: decodes the configuration it carries with
// `type` and adds the diagnostics `check` gives for it.
template <typename Check>
void check_config(const tfplugin6::DynamicValue& wire, const tv::Type& type, const char* what,
                  DiagnosticList& diagnostics, Check check)
{
    tv::Value config;
    if (decode(wire, type, what, config, diagnostics)) {
        add_diagnostics(check(config), diagnostics);
    }
}

// A read or apply answer: the service's diagnostics, then its new state and
// private data.
template <typename Result, typename Response>
void answer_new_state(Result& result, const tv::Type& type, const char* what, Response& response,
                      DiagnosticList& diagnostics)
{
    add_diagnostics(result.diagnostics, diagnostics);
    if (encode(result.state, type, what, *response.mutable_new_state(), diagnostics)) {
        response.set_private_(std::move(result.private_data));
    }
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

template <typename Response>
grpc::Status ProviderRpc::answer_provider_config(const tfplugin6::DynamicValue& config, Response* response,
                                                 ProviderCheck check)
{
    return answer(response, [&](DiagnosticList& diagnostics) {
        check_config(config, *m_provider_type, "provider configuration", diagnostics,
                     [&](const tv::Value& value) { return (m_service.*check)(value); });
    });
}

template <typename Request, typename Response>
grpc::Status ProviderRpc::answer_validation(const Types& types, const char* kind, const Request& request,
                                            Response* response, TypeCheck check)
{
    const std::string what = std::string(kind) + " configuration";
    return answer_for_type(types, kind, request, response, [&](const tv::Type& type, DiagnosticList& diagnostics) {
        check_config(request.config(), type, what.c_str(), diagnostics,
                     [&](const tv::Value& config) { return (m_service.*check)(request.type_name(), config); });
    });
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
    return answer_provider_config(request->config(), response, &ProviderService::validate_provider_config);
}

grpc::Status ProviderRpc::ValidateResourceConfig(grpc::ServerContext* /*context*/,
                                                 const tfplugin6::ValidateResourceConfig::Request* request,
                                                 tfplugin6::ValidateResourceConfig::Response* response)
{
    return answer_validation(m_resource_types, "resource", *request, response,
                             &ProviderService::validate_resource_config);
}

grpc::Status ProviderRpc::ValidateDataResourceConfig(grpc::ServerContext* /*context*/,
                                                     const tfplugin6::ValidateDataResourceConfig::Request* request,
                                                     tfplugin6::ValidateDataResourceConfig::Response* response)
{
    return answer_validation(m_data_source_types, "data source", *request, response,
                             &ProviderService::validate_data_source_config);
}

grpc::Status ProviderRpc::UpgradeResourceState(grpc::ServerContext* /*context*/,
                                               const tfplugin6::UpgradeResourceState::Request* request,
                                               tfplugin6::UpgradeResourceState::Response* response)
{
    return answer_for_type(
        m_resource_types, "resource", *request, response, [&](const tv::Type& type, DiagnosticList& diagnostics) {
            if (request->raw_state().json().empty() && request->raw_state().flatmap_size() > 0) {
                add_error("Unsupported state form",
                          "the state is in the flatmap form of Terraform before 0.12, which certgate never wrote",
                          diagnostics);
                return;
            }
            auto result =
                m_service.upgrade_resource_state(request->type_name(), request->version(), request->raw_state().json());
            add_diagnostics(result.diagnostics, diagnostics);
            (void)encode(result.state, type, "upgraded state", *response->mutable_upgraded_state(), diagnostics);
        });
}

grpc::Status ProviderRpc::ConfigureProvider(grpc::ServerContext* /*context*/,
                                            const tfplugin6::ConfigureProvider::Request* request,
                                            tfplugin6::ConfigureProvider::Response* response)
{
    return answer_provider_config(request->config(), response, &ProviderService::configure);
}

grpc::Status ProviderRpc::ReadResource(grpc::ServerContext* /*context*/,
                                       const tfplugin6::ReadResource::Request* request,
                                       tfplugin6::ReadResource::Response* response)
{
    return answer_for_type(
        m_resource_types, "resource", *request, response, [&](const tv::Type& type, DiagnosticList& diagnostics) {
            tv::Value current;
            if (decode(request->current_state(), type, "resource state", current, diagnostics)) {
                auto result = m_service.read_resource(request->type_name(), current, request->private_());
                answer_new_state(result, type, "resource state", *response, diagnostics);
            }
        });
}

grpc::Status ProviderRpc::PlanResourceChange(grpc::ServerContext* /*context*/,
                                             const tfplugin6::PlanResourceChange::Request* request,
                                             tfplugin6::PlanResourceChange::Response* response)
{
    return answer_change(
        m_resource_types, *request, request->proposed_new_state(), "proposed state", response,
        [&](const tv::Type& type, const tv::Value& prior, const tv::Value& proposed, const tv::Value& config,
            DiagnosticList& diagnostics) {
            auto result =
                m_service.plan_resource_change(request->type_name(), prior, proposed, config, request->prior_private());
            add_diagnostics(result.diagnostics, diagnostics);
            if (!encode(result.planned_state, type, "planned state", *response->mutable_planned_state(), diagnostics)) {
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
    return answer_change(m_resource_types, *request, request->planned_state(), "planned state", response,
                         [&](const tv::Type& type, const tv::Value& prior, const tv::Value& planned,
                             const tv::Value& config, DiagnosticList& diagnostics) {
                             auto result = m_service.apply_resource_change(request->type_name(), prior, planned, config,
                                                                           request->planned_private());
                             answer_new_state(result, type, "new state", *response, diagnostics);
                         });
}

grpc::Status ProviderRpc::ImportResourceState(grpc::ServerContext* /*context*/,
                                              const tfplugin6::ImportResourceState::Request* request,
                                              tfplugin6::ImportResourceState::Response* response)
{
    return answer_for_type(
        m_resource_types, "resource", *request, response, [&](const tv::Type& type, DiagnosticList& diagnostics) {
            auto result = m_service.import_resource_state(request->type_name(), request->id());
            add_diagnostics(result.diagnostics, diagnostics);
            for (auto& imported : result.imported) {
                add_diagnostics(imported.diagnostics, diagnostics);
                tfplugin6::ImportResourceState::ImportedResource wire;
                wire.set_type_name(request->type_name());
                if (!encode(imported.state, type, "imported state", *wire.mutable_state(), diagnostics)) {
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
    return answer_for_type(
        m_data_source_types, "data source", *request, response, [&](const tv::Type& type, DiagnosticList& diagnostics) {
            tv::Value config;
            if (!decode(request->config(), type, "data source configuration", config, diagnostics)) {
                return;
            }
            auto result = m_service.read_data_source(request->type_name(), config);
            add_diagnostics(result.diagnostics, diagnostics);
            (void)encode(result.state, type, "data source result", *response->mutable_state(), diagnostics);
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
