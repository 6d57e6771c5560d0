#include "support/terraform_state.hpp"

namespace certgate::testing {

nlohmann::json external_data_source(const std::string& name, const std::string& kind, nlohmann::json query,
                                    nlohmann::json result)
{
    return {{"address", "data.external." + name},
            {"mode", "data"},
            {"type", "external"},
            {"name", name},
            {"provider_name", "registry.terraform.io/hashicorp/external"},
            {"schema_version", 0},
            {"values",
             {{"id", "-"},
              {"program", {"certgate-external", kind}},
              {"query", std::move(query)},
              {"result", std::move(result)},
              {"working_dir", nullptr}}},
            {"sensitive_values",
             {{"program", {false, false}}, {"query", nlohmann::json::object()}, {"result", nlohmann::json::object()}}}};
}

std::string terraform_state(const std::vector<nlohmann::json>& resources,
                            const std::vector<nlohmann::json>& module_resources)
{
    nlohmann::json root{{"resources", resources}};
    if (!module_resources.empty()) {
        nlohmann::json child{{"address", "module.certs"}, {"resources", module_resources}};
        for (auto& resource : child["resources"]) {
            resource["address"] = "module.certs." + resource["address"].get<std::string>();
        }
        root["child_modules"] = nlohmann::json::array({child});
    }
    return nlohmann::json{
        {"format_version", "1.0"}, {"terraform_version", "1.9.8"}, {"values", {{"root_module", root}}}}
        .dump(2);
}

} // namespace certgate::testing
