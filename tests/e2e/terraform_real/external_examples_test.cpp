// examples/terraform/ (it uses data "external"): `init` from the mirror,
// `validate` and `plan` by the real tofu and terraform, with certgate-external
// on PATH and `now` pinned through CERTGATE_NOW (the example passes no `now`).

#include "external_real.hpp"

namespace certgate::testing::real_terraform {
namespace {

using nlohmann::json;

const std::string k_example = "examples/terraform";

class ExternalExamples : public RealTerraformExternal {};

TEST_P(ExternalExamples, the_terraform_example_initialises_validates_and_plans_with_the_real_tool)
{
    const Workspace workspace(peer());
    workspace.init(k_example);
    const auto validate = workspace.run(k_example, {"validate", "-no-color"});
    EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
    EXPECT_NE(validate.out.find("The configuration is valid."), std::string::npos) << validate.out;

    const std::map<std::string, std::string> environment{{"CERTGATE_NOW", k_now}};
    const auto plan = workspace.run(k_example, {"plan", "-input=false", "-no-color"}, environment);
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    EXPECT_EQ(plan.out.find("Warning"), std::string::npos) << plan.out; // every example certificate is ok
    EXPECT_EQ(plan.err, "");

    const json shown = workspace.plan_json(k_example, {}, environment);
    ASSERT_TRUE(shown.is_object());
    const json& outputs = shown.at("planned_values").at("outputs");
    const json& certificates = outputs.at("certificates").at("value");
    EXPECT_EQ(certificates.at("shop").at("common_name"), "shop.example.com");
    EXPECT_EQ(certificates.at("shop").at("chain_length"), "3");
    EXPECT_EQ(certificates.at("api").at("name"), "api");
    for (const char* key : {"shop", "api"}) {
        EXPECT_EQ(certificates.at(key).at("severity"), "ok") << key;
        EXPECT_EQ(certificates.at(key).at("now"), k_now) << key;
    }
    EXPECT_EQ(outputs.at("notifications").at("value").at("shop").at("recipients").size(), 2U);
    EXPECT_TRUE(outputs.at("duty_manager_id").at("value").get<std::string>().starts_with("rcpt-"));
}

CERTGATE_FOR_BOTH_TOOLS(ExternalExamples);

} // namespace
} // namespace certgate::testing::real_terraform
