#pragma once
// tfplugin6.Provider over a ProviderService: each call decodes its values
// with the schema of the type it names, calls the service and encodes the
// answer. Nothing the host sends ends a call with a gRPC error: a type name
// the provider does not serve, a value that does not fit its schema or a
// failure inside the service is an error diagnostic, which Terraform shows.

#include "certgate/core/provider_service.hpp"

#include <tfplugin6.grpc.pb.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace certgate::tfplugin::detail {

class ProviderRpc final : public tfplugin6::Provider::Service {
public:
    /// Reads the service's schemas once; they must not change afterwards.
    explicit ProviderRpc(ProviderService& service);

    grpc::Status GetMetadata(grpc::ServerContext* context, const tfplugin6::GetMetadata::Request* request,
                             tfplugin6::GetMetadata::Response* response) override;
    grpc::Status GetProviderSchema(grpc::ServerContext* context, const tfplugin6::GetProviderSchema::Request* request,
                                   tfplugin6::GetProviderSchema::Response* response) override;
    grpc::Status ValidateProviderConfig(grpc::ServerContext* context,
                                        const tfplugin6::ValidateProviderConfig::Request* request,
                                        tfplugin6::ValidateProviderConfig::Response* response) override;
    grpc::Status ValidateResourceConfig(grpc::ServerContext* context,
                                        const tfplugin6::ValidateResourceConfig::Request* request,
                                        tfplugin6::ValidateResourceConfig::Response* response) override;
    grpc::Status ValidateDataResourceConfig(grpc::ServerContext* context,
                                            const tfplugin6::ValidateDataResourceConfig::Request* request,
                                            tfplugin6::ValidateDataResourceConfig::Response* response) override;
    grpc::Status UpgradeResourceState(grpc::ServerContext* context,
                                      const tfplugin6::UpgradeResourceState::Request* request,
                                      tfplugin6::UpgradeResourceState::Response* response) override;
    grpc::Status ConfigureProvider(grpc::ServerContext* context, const tfplugin6::ConfigureProvider::Request* request,
                                   tfplugin6::ConfigureProvider::Response* response) override;
    grpc::Status ReadResource(grpc::ServerContext* context, const tfplugin6::ReadResource::Request* request,
                              tfplugin6::ReadResource::Response* response) override;
    grpc::Status PlanResourceChange(grpc::ServerContext* context, const tfplugin6::PlanResourceChange::Request* request,
                                    tfplugin6::PlanResourceChange::Response* response) override;
    grpc::Status ApplyResourceChange(grpc::ServerContext* context,
                                     const tfplugin6::ApplyResourceChange::Request* request,
                                     tfplugin6::ApplyResourceChange::Response* response) override;
    grpc::Status ImportResourceState(grpc::ServerContext* context,
                                     const tfplugin6::ImportResourceState::Request* request,
                                     tfplugin6::ImportResourceState::Response* response) override;
    grpc::Status ReadDataSource(grpc::ServerContext* context, const tfplugin6::ReadDataSource::Request* request,
                                tfplugin6::ReadDataSource::Response* response) override;
    grpc::Status StopProvider(grpc::ServerContext* context, const tfplugin6::StopProvider::Request* request,
                              tfplugin6::StopProvider::Response* response) override;

private:
    using Types = std::map<std::string, terraform_value::TypePtr, std::less<>>;
    using ProviderCheck = terraform_value::Diagnostics (ProviderService::*)(const terraform_value::Value&);
    using TypeCheck = terraform_value::Diagnostics (ProviderService::*)(std::string_view,
                                                                        const terraform_value::Value&);

    /// ValidateProviderConfig and ConfigureProvider: the provider block,
    /// decoded with its schema, goes to `check`.
    template <typename Response>
    grpc::Status answer_provider_config(const tfplugin6::DynamicValue& config, Response* response, ProviderCheck check);
    /// ValidateResourceConfig and ValidateDataResourceConfig: the
    /// configuration, decoded with the schema of the type the call names
    /// among `types`, goes to `check`.
    template <typename Request, typename Response>
    grpc::Status answer_validation(const Types& types, const char* kind, const Request& request, Response* response,
                                   TypeCheck check);

    ProviderService& m_service;
    terraform_value::TypePtr m_provider_type;
    Types m_resource_types;
    Types m_data_source_types;
    tfplugin6::GetProviderSchema::Response m_schema; ///< built once, copied into each answer
};

} // namespace certgate::tfplugin::detail
