// examples/ci/certgate-gate.sh run end to end with the real tofu and
// terraform (TERRAFORM=...) on tests/fixtures/terraform_real/resources: the
// real init, plan and show -json, then certgate's gate and its reports.
// (tests/e2e/examples keeps the stand-in runs for machines without Go.)

#include "real_terraform.hpp"

namespace certgate::testing::real_terraform {
namespace {

using nlohmann::json;

const std::string k_resources = "tests/fixtures/terraform_real/resources";

class CiGate : public RealTerraform {};

ProcessResult run_gate(const Workspace& workspace, const std::string& not_after)
{
    const std::string web = workspace.write("certs/web.pem", certificate_for("web.example.com", not_after).pem());
    const json vars = {{"pem_files", {{"web", web}}}};
    workspace.write(k_resources + "/terraform.tfvars.json", vars.dump());
    workspace.write("ci/.keep", "");
    return run_process({"/bin/bash", source_path("examples/ci/certgate-gate.sh")},
                       workspace.options("ci", {{"TERRAFORM", workspace.peer().program},
                                                {"TF_DIR", workspace.path(k_resources)},
                                                {"CERTGATE", certgate_program()},
                                                {"CERTGATE_NOW", k_now}}));
}

TEST_P(CiGate, the_shell_gate_fails_inside_the_renewal_window_and_writes_every_report)
{
    const Workspace workspace(peer());
    const auto gate = run_gate(workspace, "2026-12-11T12:00:00Z");
    EXPECT_EQ(gate.exit_code, 1) << gate.out << gate.err;
    EXPECT_NE(gate.out.find("web.example.com"), std::string::npos) << gate.out;
    for (const char* report :
         {"reports/plan.json", "reports/certgate.junit.xml", "reports/certgate.sarif", "reports/certgate.json"}) {
        EXPECT_TRUE(std::filesystem::exists(workspace.path("ci/" + std::string(report)))) << report;
    }
    const json plan = json::parse(TempDir::read(workspace.path("ci/reports/plan.json")));
    EXPECT_TRUE(plan.contains("terraform_version")) << "not the real tool's plan JSON";
    EXPECT_TRUE(plan.at("terraform_version").get<std::string>().starts_with(GetParam() == "tofu" ? "1.6.3" : "1.5.7"));
    const json report = json::parse(TempDir::read(workspace.path("ci/reports/certgate.json")));
    EXPECT_EQ(report.at("summary").at("gate"), "fail");
    ASSERT_EQ(report.at("findings").size(), 1U) << report.dump(2);
    EXPECT_EQ(report.at("findings").at(0).at("severity"), "renew");
    EXPECT_EQ(report.at("findings").at(0).at("source").at("address"), "terraform_data.pem[\"web\"]");
}

TEST_P(CiGate, the_shell_gate_passes_for_a_certificate_far_from_expiry)
{
    const Workspace workspace(peer());
    const auto gate = run_gate(workspace, "2027-09-01T00:00:00Z");
    EXPECT_EQ(gate.exit_code, 0) << gate.out << gate.err;
    const json report = json::parse(TempDir::read(workspace.path("ci/reports/certgate.json")));
    EXPECT_EQ(report.at("summary").at("gate"), "pass");
    ASSERT_EQ(report.at("findings").size(), 1U) << report.dump(2);
    EXPECT_EQ(report.at("findings").at(0).at("severity"), "ok");
}

CERTGATE_FOR_BOTH_TOOLS(CiGate);

} // namespace
} // namespace certgate::testing::real_terraform
