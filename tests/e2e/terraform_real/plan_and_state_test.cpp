// `plan -out` + `show -json` and `apply` + `show -json` with the real tools on
// tests/fixtures/terraform_real/resources (certificates as PEM in
// terraform_data resources, in the root module with for_each keys and in a
// module instance with a for_each key), fed to `certgate check`: the findings
// carry Terraform's own addresses, and a certificate known only after apply
// is `unknown` in the plan and a finding in the state.

#include "real_terraform.hpp"

namespace certgate::testing::real_terraform {
namespace {

using nlohmann::json;

const std::string k_resources = "tests/fixtures/terraform_real/resources";

class PlanAndState : public RealTerraform {};

// `certgate check FILE --now k_now --format json` of a document the tool printed.
struct Checked {
    ProcessResult process;
    json report;
};

Checked check_document(const Workspace& workspace, const std::string& name, const std::string& document,
                       std::vector<std::string> extra_args = {})
{
    const std::string path = workspace.write(name, document);
    std::vector<std::string> args{"check", path, "--now", k_now, "--format", "json"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    Checked checked{run_certgate(args), nullptr};
    EXPECT_TRUE(checked.process.exit_code == 0 || checked.process.exit_code == 1) << checked.process.err;
    checked.report = json::parse(checked.process.out, nullptr, false);
    EXPECT_FALSE(checked.report.is_discarded()) << checked.process.out;
    return checked;
}

// Findings by "address attribute #index".
std::map<std::string, json> findings_by_location(const json& report)
{
    std::map<std::string, json> out;
    for (const auto& finding : report.at("findings")) {
        const json& source = finding.at("source");
        std::string key = source.at("address").get<std::string>() + " " + source.at("attribute").get<std::string>();
        if (source.contains("index") && source.at("index").is_number()) {
            key += " #" + std::to_string(source.at("index").get<int>());
        }
        out[key] = finding;
    }
    return out;
}

// The variables of the fixture: two root certificates, a bundle (leaf and its
// CA) in module.bundle["edge"].
struct Certificates {
    TestCertificate web = certificate_for("web.example.com", "2026-12-11T12:00:00Z"); // renew (SPEC's worked example)
    TestCertificate api = certificate_for("api.example.com", "2027-09-01T00:00:00Z"); // ok
    TestCertificate ca = [] {
        CertificateSpec spec;
        spec.common_name = "Example Edge CA";
        spec.is_ca = true;
        spec.not_before = "2026-01-01T00:00:00Z";
        spec.not_after = "2031-01-01T00:00:00Z";
        return make_certificate(spec);
    }();
    TestCertificate edge = certificate_for("edge.example.com", "2027-01-15T00:00:00Z", &ca); // notice
};

std::string write_vars(const Workspace& workspace, const Certificates& certificates)
{
    const json vars = {
        {"pem_files",
         {{"web", workspace.write("certs/web.pem", certificates.web.pem())},
          {"api", workspace.write("certs/api.pem", certificates.api.pem())}}},
        {"bundles", {{"edge", workspace.write("certs/edge.pem", certificates.edge.pem() + certificates.ca.pem())}}}};
    return workspace.write(k_resources + "/terraform.tfvars.json", vars.dump(2));
}

TEST_P(PlanAndState, certgate_check_of_the_real_plan_json_finds_every_certificate_at_its_terraform_address)
{
    const Workspace workspace(peer());
    const Certificates certificates;
    write_vars(workspace, certificates);
    workspace.init(k_resources);
    const json plan = workspace.plan_json(k_resources, {});
    ASSERT_TRUE(plan.is_object());

    const auto checked = check_document(workspace, "plan.json", plan.dump());
    EXPECT_EQ(checked.process.exit_code, 1) << checked.process.out; // web is inside its renewal window
    const auto findings = findings_by_location(checked.report);
    const std::string listed = severity_list(findings);
    ASSERT_EQ(findings.size(), 4U) << listed;
    const json& web = findings.at("terraform_data.pem[\"web\"] input.certificate_pem #0");
    EXPECT_EQ(web.at("severity"), "renew");
    EXPECT_EQ(web.at("renew_by"), "2026-12-08");
    EXPECT_EQ(web.at("fingerprint_sha256"), certificates.web.fingerprint_sha256());
    EXPECT_EQ(web.at("source").at("kind"), "plan");
    EXPECT_EQ(findings.at("terraform_data.pem[\"api\"] input.certificate_pem #0").at("severity"), "ok");
    const json& leaf = findings.at("module.bundle[\"edge\"].terraform_data.certificate input.certificate_pem #0");
    EXPECT_EQ(leaf.at("severity"), "notice");
    EXPECT_EQ(leaf.at("fingerprint_sha256"), certificates.edge.fingerprint_sha256());
    const json& ca = findings.at("module.bundle[\"edge\"].terraform_data.certificate input.certificate_pem #1");
    EXPECT_EQ(ca.at("fingerprint_sha256"), certificates.ca.fingerprint_sha256());
    EXPECT_EQ(ca.at("severity"), "ok");
}

TEST_P(PlanAndState, certgate_check_of_the_applied_state_finds_the_same_certificates)
{
    const Workspace workspace(peer());
    const Certificates certificates;
    write_vars(workspace, certificates);
    workspace.init(k_resources);
    const auto apply = workspace.run(k_resources, {"apply", "-input=false", "-no-color", "-auto-approve"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    const auto show = workspace.run(k_resources, {"show", "-json"});
    ASSERT_EQ(show.exit_code, 0) << show.err;

    const auto checked = check_document(workspace, "state.json", show.out);
    EXPECT_EQ(checked.process.exit_code, 1) << checked.process.out;
    const auto findings = findings_by_location(checked.report);
    const std::string listed = severity_list(findings);
    // terraform_data's `output` repeats its `input` once applied: each
    // certificate is at both attributes of its address.
    for (const char* attribute : {"input", "output"}) {
        const std::string suffix = std::string(" ") + attribute + ".certificate_pem #0";
        ASSERT_TRUE(findings.contains("terraform_data.pem[\"web\"]" + suffix)) << listed;
        const json& web = findings.at("terraform_data.pem[\"web\"]" + suffix);
        EXPECT_EQ(web.at("severity"), "renew");
        EXPECT_EQ(web.at("source").at("kind"), "state");
        EXPECT_TRUE(findings.contains("terraform_data.pem[\"api\"]" + suffix)) << listed;
        EXPECT_TRUE(findings.contains("module.bundle[\"edge\"].terraform_data.certificate" + suffix)) << listed;
    }
    EXPECT_EQ(findings.size(), 8U) << listed;
}

TEST_P(PlanAndState, a_certificate_known_only_after_apply_is_unknown_in_the_plan_and_found_in_the_state)
{
    const Workspace workspace(peer());
    const TestCertificate late = certificate_for("late.example.com", "2026-12-11T12:00:00Z");
    const json vars = {{"late_certificate_file", workspace.write("certs/late.pem", late.pem())}};
    workspace.write(k_resources + "/terraform.tfvars.json", vars.dump());
    workspace.init(k_resources);
    const json plan = workspace.plan_json(k_resources, {});
    ASSERT_TRUE(plan.is_object());

    const auto checked = check_document(workspace, "plan.json", plan.dump());
    auto findings = findings_by_location(checked.report);
    std::string listed = severity_list(findings);
    ASSERT_TRUE(findings.contains("terraform_data.late[0] input.certificate_pem")) << listed;
    const json& unknown = findings.at("terraform_data.late[0] input.certificate_pem");
    EXPECT_EQ(unknown.at("severity"), "unknown");
    EXPECT_EQ(unknown.at("message"), "known only after apply");
    // The source resource holds the PEM itself (a known string in the plan).
    ASSERT_TRUE(findings.contains("terraform_data.late_source[0] input #0")) << listed;
    EXPECT_EQ(findings.at("terraform_data.late_source[0] input #0").at("severity"), "renew");
    const auto apply = workspace.run(k_resources, {"apply", "-input=false", "-no-color", "-auto-approve"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    const auto show = workspace.run(k_resources, {"show", "-json"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    findings = findings_by_location(check_document(workspace, "state.json", show.out).report);
    listed = severity_list(findings);
    ASSERT_TRUE(findings.contains("terraform_data.late[0] input.certificate_pem #0")) << listed;
    EXPECT_EQ(findings.at("terraform_data.late[0] input.certificate_pem #0").at("severity"), "renew");
    EXPECT_EQ(findings.at("terraform_data.late[0] input.certificate_pem #0").at("fingerprint_sha256"),
              late.fingerprint_sha256());
}

CERTGATE_FOR_BOTH_TOOLS(PlanAndState);

} // namespace
} // namespace certgate::testing::real_terraform
