#pragma once
// Terraform JSON as `terraform show -json` prints a state: certgate-external
// data sources and the document around them, for the tests that feed states
// to certgate (notify, status, recipients, huaweicloud sync).

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace certgate::testing {

/// A `data "external"` data source named `name` running `certgate-external
/// KIND` with `query`, whose program answered `result` (nothing sensitive).
[[nodiscard]] nlohmann::json external_data_source(const std::string& name, const std::string& kind,
                                                  nlohmann::json query, nlohmann::json result);

/// A state document holding `resources` in the root module and, when given,
/// `module_resources` in module.certs (their addresses prefixed so).
[[nodiscard]] std::string terraform_state(const std::vector<nlohmann::json>& resources,
                                          const std::vector<nlohmann::json>& module_resources = {});

} // namespace certgate::testing
