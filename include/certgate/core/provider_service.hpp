#pragma once
// What a Terraform provider answers, in terms of terraform_value and free of
// any wire format: the gRPC adapter (tfplugin6) decodes each request with the
// schema of the type it names, calls one of these, and encodes the answer.
// The app implements it. Terraform calls from several threads at once
// (`-parallelism`), so an implementation must be safe to call concurrently
// after configure().

#include "certgate/core/terraform_value.hpp"

#include <map>
#include <string>
#include <string_view>

namespace certgate {

class ProviderService {
public:
    virtual ~ProviderService() = default;

    struct Schemas {
        terraform_value::Schema provider;
        std::map<std::string, terraform_value::Schema> resources;    ///< by type name, e.g. certgate_recipient
        std::map<std::string, terraform_value::Schema> data_sources; ///< by type name, e.g. certgate_certificate
    };
    [[nodiscard]] virtual const Schemas& schemas() const = 0;

    [[nodiscard]] virtual terraform_value::Diagnostics
    validate_provider_config(const terraform_value::Value& config) = 0;
    /// Called once before any read, plan or apply.
    [[nodiscard]] virtual terraform_value::Diagnostics configure(const terraform_value::Value& config) = 0;

    [[nodiscard]] virtual terraform_value::Diagnostics
    validate_resource_config(std::string_view type, const terraform_value::Value& config) = 0;
    [[nodiscard]] virtual terraform_value::Diagnostics
    validate_data_source_config(std::string_view type, const terraform_value::Value& config) = 0;

    struct ReadDataResult {
        terraform_value::Value state;
        terraform_value::Diagnostics diagnostics;
    };
    /// `config` may hold unknown values during plan; the answer then holds
    /// unknown results rather than an error.
    [[nodiscard]] virtual ReadDataResult read_data_source(std::string_view type,
                                                          const terraform_value::Value& config) = 0;

    struct StateResult {
        terraform_value::Value state;
        std::string private_data; ///< opaque bytes Terraform keeps beside the state
        terraform_value::Diagnostics diagnostics;
    };
    /// `raw_state_json` is the state as Terraform stored it (JSON text) at
    /// schema `version`.
    [[nodiscard]] virtual StateResult upgrade_resource_state(std::string_view type, std::int64_t version,
                                                             std::string_view raw_state_json) = 0;
    [[nodiscard]] virtual StateResult read_resource(std::string_view type, const terraform_value::Value& current_state,
                                                    std::string_view private_data) = 0;

    struct PlanResult {
        terraform_value::Value planned_state;
        std::vector<terraform_value::AttributePath> requires_replace;
        std::string planned_private;
        terraform_value::Diagnostics diagnostics;
    };
    /// A null `proposed_new_state` plans a destroy; a null `prior_state` a create.
    [[nodiscard]] virtual PlanResult plan_resource_change(std::string_view type,
                                                          const terraform_value::Value& prior_state,
                                                          const terraform_value::Value& proposed_new_state,
                                                          const terraform_value::Value& config,
                                                          std::string_view prior_private) = 0;
    /// A null `planned_state` destroys; the answer's state is then null.
    [[nodiscard]] virtual StateResult apply_resource_change(std::string_view type,
                                                            const terraform_value::Value& prior_state,
                                                            const terraform_value::Value& planned_state,
                                                            const terraform_value::Value& config,
                                                            std::string_view planned_private) = 0;

    struct ImportResult {
        std::vector<StateResult> imported; ///< each of `type`
        terraform_value::Diagnostics diagnostics;
    };
    [[nodiscard]] virtual ImportResult import_resource_state(std::string_view type, std::string_view id) = 0;
};

} // namespace certgate
