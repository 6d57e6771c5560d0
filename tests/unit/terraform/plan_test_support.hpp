#pragma once
// Building plan and state JSON in tests, and reading it back.

#include "certgate/adapters/terraform/plan_reader.hpp"

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

namespace certgate::testing {

/// A resource instance of a values representation.
inline nlohmann::json resource(const std::string& address, const std::string& type, nlohmann::json values,
                               nlohmann::json sensitive_values = nlohmann::json::object())
{
    const bool data = address.find("data.") == 0 || address.find(".data.") != std::string::npos;
    return {{"address", address},
            {"mode", data ? "data" : "managed"},
            {"type", type},
            {"name", "this"},
            {"provider_name", "registry.terraform.io/hashicorp/x"},
            {"schema_version", 0},
            {"values", std::move(values)},
            {"sensitive_values", std::move(sensitive_values)}};
}

/// A module node of a values representation.
inline nlohmann::json module(nlohmann::json resources, nlohmann::json child_modules = nlohmann::json::array(),
                             const std::string& address = "")
{
    nlohmann::json node = {{"resources", std::move(resources)}, {"child_modules", std::move(child_modules)}};
    if (!address.empty()) {
        node["address"] = address;
    }
    return node;
}

/// A state document (`terraform show -json` of a state).
inline nlohmann::json state_document(nlohmann::json root_module)
{
    return {{"format_version", "1.0"},
            {"terraform_version", "1.9.5"},
            {"values", {{"root_module", std::move(root_module)}}}};
}

/// A resource change.
inline nlohmann::json change(const std::string& address, const std::string& type, nlohmann::json actions,
                             nlohmann::json after, nlohmann::json after_unknown = nlohmann::json::object(),
                             nlohmann::json after_sensitive = false)
{
    const bool data = address.find("data.") == 0 || address.find(".data.") != std::string::npos;
    return {{"address", address},
            {"mode", data ? "data" : "managed"},
            {"type", type},
            {"name", "this"},
            {"provider_name", "registry.terraform.io/hashicorp/x"},
            {"change",
             {{"actions", std::move(actions)},
              {"before", nullptr},
              {"after", std::move(after)},
              {"after_unknown", std::move(after_unknown)},
              {"before_sensitive", false},
              {"after_sensitive", std::move(after_sensitive)}}}};
}

/// A plan document.
inline nlohmann::json plan_document(nlohmann::json planned_root, nlohmann::json changes,
                                    nlohmann::json prior_root = nullptr)
{
    nlohmann::json plan = {{"format_version", "1.2"},
                           {"terraform_version", "1.9.5"},
                           {"planned_values", {{"root_module", std::move(planned_root)}}},
                           {"resource_changes", std::move(changes)},
                           {"configuration", nlohmann::json::object()},
                           {"errored", false}};
    if (!prior_root.is_null()) {
        plan["prior_state"] = {{"format_version", "1.0"},
                               {"terraform_version", "1.9.5"},
                               {"values", {{"root_module", std::move(prior_root)}}}};
    }
    return plan;
}

/// Reads a document held in a string.
inline Result<terraform::Discovery> read_text(const std::string& text, const terraform::ReadOptions& options = {})
{
    std::istringstream in(text);
    return terraform::read_terraform_json(in, "plan.json", options);
}

} // namespace certgate::testing
