// The simulated client's conversion of HCL query values to strings
// (terraform::terraform_string, used by tests/e2e/external/examples_test.cpp
// to run the examples' queries) against the real tools': the same HCL
// (tests/fixtures/terraform_real/query_strings) read with @cdktf/hcl2json and
// converted by the simulated client, and planned by tofu and terraform.

#include "real_terraform.hpp"

#include "e2e/external/terraform_client.hpp"

namespace certgate::testing::real_terraform {
namespace {

using nlohmann::json;

const std::string k_query_strings = "tests/fixtures/terraform_real/query_strings";

class QueryStrings : public RealTerraform {};

TEST_P(QueryStrings, the_simulated_client_turns_hcl_values_into_the_strings_the_real_tool_sends)
{
    const std::string file = source_path(k_query_strings + "/main.tf");
    const auto parsed = run_process({"/usr/bin/env", "node", source_path("tests/tools/hcl/hcl2json.mjs"), file});
    ASSERT_EQ(parsed.exit_code, 0) << parsed.err << " (run: npm --prefix tests/tools/hcl ci)";
    const json hcl = json::parse(parsed.out);
    std::map<std::string, std::string> simulated;
    for (const auto& [key, value] : hcl.at(file).at("locals").at(0).at("query").items()) {
        simulated[key] = terraform::terraform_string(value).value_or("(null)");
    }
    ASSERT_EQ(simulated.size(), 11U);

    const Workspace workspace(peer());
    workspace.init(k_query_strings);
    const json plan = workspace.plan_json(k_query_strings, {});
    ASSERT_TRUE(plan.is_object());
    const auto real =
        plan.at("planned_values").at("outputs").at("query").at("value").get<std::map<std::string, std::string>>();
    EXPECT_EQ(simulated, real);
    EXPECT_EQ(real.at("large"), "100000000000000000000");
    EXPECT_EQ(real.at("small"), "0.0000001");
}

CERTGATE_FOR_BOTH_TOOLS(QueryStrings);

} // namespace
} // namespace certgate::testing::real_terraform
