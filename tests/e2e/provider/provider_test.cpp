// terraform-provider-certgate under the real tofu and terraform: the example
// end to end, the plan warnings, the SPEC section 3 rules as plan errors at
// the attribute, drift after a verification outside Terraform, import,
// unknown inputs and -parallelism=10.

#include "real_tools.hpp"
#include "support/certificates.hpp"
#include "support/webhook_receiver.hpp"

#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

namespace certgate::testing {
namespace {

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// SPEC section 2's worked example on 2026-11-30: renew, 9 working days.
std::string renew_pem()
{
    CertificateSpec spec;
    spec.common_name = "web.example.com";
    spec.dns_names = {"web.example.com"};
    spec.not_before = "2026-09-12T12:00:00Z";
    spec.not_after = "2026-12-11T12:00:00Z";
    return make_certificate(spec).pem();
}

TEST(ProviderProgram, RunByHandItSaysWhatItIsAndExits1)
{
    ProcessOptions options;
    options.unset_environment = {"TF_PLUGIN_MAGIC_COOKIE"};
    const ProcessResult run = run_process({CERTGATE_PROVIDER_PROGRAM}, options);
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("plugin"), std::string::npos) << run.err;
}

TEST_P(RealProvider, TheExampleInitsValidatesPlansWarnsAppliesAndDestroys)
{
    Workspace workspace(m_tool);
    std::filesystem::copy(source_path("examples/terraform-provider"), workspace.work() / "terraform-provider",
                          std::filesystem::copy_options::recursive);
    std::filesystem::copy(source_path("examples/certs"), workspace.work() / "certs",
                          std::filesystem::copy_options::recursive);
    const std::string example = (workspace.work() / "terraform-provider").string();
    const std::vector<std::string> vars{"-var", "now=2026-11-30T09:00:00Z", "-var", "store=" + workspace.store()};
    const auto with_vars = [&](std::vector<std::string> args) {
        args.insert(args.end(), vars.begin(), vars.end());
        return args;
    };

    const auto init = workspace.run({"init"}, example);
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    EXPECT_TRUE(has(init.out, "Installed certgate/certgate v0.1.0")) << init.out;
    const auto validate = workspace.run({"validate"}, example);
    ASSERT_EQ(validate.exit_code, 0) << validate.out << validate.err;
    EXPECT_TRUE(has(validate.out, "Success! The configuration is valid.")) << validate.out;

    const auto plan = workspace.run(with_vars({"plan"}), example);
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    EXPECT_TRUE(has(plan.out, "Warning: renew.example.com expires in 9 working days; renew by 2026-12-08")) << plan.out;
    EXPECT_TRUE(has(plan.out, "with data.certgate_certificate.this[\"api\"]")) << plan.out;
    EXPECT_TRUE(has(plan.out, "Plan: 3 to add, 0 to change, 0 to destroy.")) << plan.out;
    EXPECT_FALSE(has(plan.out, "shop.example.com expires")) << "an ok certificate warns of nothing";

    const auto apply = workspace.run(with_vars({"apply", "-auto-approve"}), example);
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_TRUE(has(apply.out, "Apply complete! Resources: 3 added, 0 changed, 0 destroyed.")) << apply.out;
    EXPECT_TRUE(has(apply.out, "\"api\" = \"renew\"")) << apply.out;
    EXPECT_TRUE(has(apply.out, "\"api\" = \"2026-12-08\"")) << apply.out;
    EXPECT_TRUE(has(apply.out, "\"api\" = \"2026-12-04\"")) << apply.out; // next milestone 1w
    EXPECT_TRUE(has(apply.out, "\"verification\" = \"pending\"")) << apply.out;

    const auto again = workspace.run(with_vars({"plan", "-detailed-exitcode"}), example);
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_TRUE(has(again.out, "No changes.")) << again.out;

    // certgate check reads the provider's data sources in the state JSON.
    const auto shown = workspace.run({"show", "-json"}, example);
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    ProcessOptions check_options;
    check_options.stdin_text = shown.out;
    const auto check = run_certgate({"check", "-", "--now", "2026-11-30T09:00:00Z", "--format", "json"}, check_options);
    EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
    const auto report = nlohmann::json::parse(check.out);
    bool found = false;
    for (const auto& finding : report["findings"]) {
        if (finding["source"]["address"] == "data.certgate_certificate.this[\"api\"]") {
            found = true;
            EXPECT_EQ(finding["severity"], "renew");
            EXPECT_EQ(finding["renew_by"], "2026-12-08");
        }
    }
    EXPECT_TRUE(found) << check.out;

    // The recipient is registered in the store, pending, until destroyed.
    const auto listed = run_certgate({"recipients", "list", "--store", workspace.store()});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_TRUE(std::regex_search(listed.out, std::regex("rcpt-[0-9a-f]{16} .*pending"))) << listed.out;
    const auto destroy = workspace.run(with_vars({"destroy", "-auto-approve"}), example);
    ASSERT_EQ(destroy.exit_code, 0) << destroy.out << destroy.err;
    EXPECT_TRUE(has(destroy.out, "Destroy complete! Resources: 3 destroyed.")) << destroy.out;
    const auto after = run_certgate({"recipients", "list", "--store", workspace.store()});
    EXPECT_FALSE(std::regex_search(after.out, std::regex("rcpt-[0-9a-f]{16}"))) << after.out;
}

TEST_P(RealProvider, GateFailuresFailThePlanWhenConfiguredSo)
{
    Workspace workspace(m_tool);
    workspace.write("web.pem", renew_pem());
    workspace.write("main.tf", provider_header("  gate_failures = \"error\"\n") +
                                   "data \"certgate_certificate\" \"web\" {\n  certificate_file = \"web.pem\"\n}\n");
    ASSERT_EQ(workspace.run({"init"}).exit_code, 0);
    const auto plan = workspace.run({"plan"});
    EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
    EXPECT_TRUE(has(plan.err, "Error: web.example.com expires in 9 working days; renew by 2026-12-08")) << plan.err;
    EXPECT_TRUE(has(plan.err, "  certificate_file = \"web.pem\"")) << plan.err;
    EXPECT_TRUE(has(plan.err, "Severity renew (fail_on renew: the gate would fail).")) << plan.err;
}

TEST_P(RealProvider, EveryLifecycleRuleIsAPlanErrorAtItsAttribute)
{
    Workspace workspace(m_tool);
    const std::string id(64, 'a');
    const std::string header = provider_header("");
    // Applied while the toggle was on; the certificate has expired since 2026-11-20.
    const auto expired = [&](bool enabled) {
        return "resource \"certgate_notification\" \"old\" {\n  certificate = \"" + id +
               "\"\n  status      = \"issued\"\n  not_after   = \"2026-11-20T12:00:00Z\"\n  enabled     = " +
               (enabled ? "true" : "false") + "\n}\n";
    };
    workspace.write("main.tf", header + expired(true));
    ASSERT_EQ(workspace.run({"init"}).exit_code, 0);
    const auto applied = workspace.run({"apply", "-auto-approve"});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;

    // SPEC section 3: an expired certificate's toggle cannot change.
    workspace.write("main.tf", header + expired(false));
    auto plan = workspace.run({"plan"});
    EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
    EXPECT_TRUE(has(plan.err, "Error: rule \"the expiration-notification toggle cannot be changed once a "
                              "certificate has expired\""))
        << plan.err;
    EXPECT_TRUE(has(plan.err, "with certgate_notification.old,")) << plan.err;
    EXPECT_TRUE(has(plan.err, "  enabled     = false")) << plan.err; // the attribute's line

    // SPEC section 3: an uploaded certificate has no toggle, in a resource and in a data source.
    workspace.write("web.pem", renew_pem());
    workspace.write("main.tf", header + expired(true) +
                                   "resource \"certgate_notification\" \"upload\" {\n"
                                   "  certificate = \"" +
                                   std::string(64, 'b') +
                                   "\"\n  enabled = false\n}\n"
                                   "data \"certgate_certificate\" \"web\" {\n  certificate_file        = \"web.pem\"\n"
                                   "  expiration_notification = false\n}\n");
    plan = workspace.run({"plan"});
    EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
    const std::string rule =
        "Error: rule \"an uploaded certificate has no expiration-notification toggle: it is always notified\"";
    EXPECT_TRUE(has(plan.err, rule + "\n\n  with certgate_notification.upload,")) << plan.err;
    EXPECT_TRUE(has(plan.err, "  enabled = false")) << plan.err;
    EXPECT_TRUE(has(plan.err, "Error: an uploaded certificate has no expiration-notification toggle and is always "
                              "notified\n\n  with data.certgate_certificate.web,"))
        << plan.err;
    EXPECT_TRUE(has(plan.err, "  expiration_notification = false")) << plan.err;
}

TEST_P(RealProvider, AVerificationOutsideTerraformShowsAsDriftAndImportFindsTheRecipient)
{
    Workspace workspace(m_tool);
    // The output makes the verification relevant: Terraform reports drift only in what the plan uses.
    const std::string recipient = "resource \"certgate_recipient\" \"ops\" {\n  mobile = \"+8613800138000\"\n}\n"
                                  "output \"verification\" { value = certgate_recipient.ops.verification }\n";
    workspace.write("main.tf", provider_header("") + recipient);
    ASSERT_EQ(workspace.run({"init"}).exit_code, 0);
    const auto applied = workspace.run({"apply", "-auto-approve"});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    const auto id_line = std::regex("rcpt-[0-9a-f]{16}");
    const auto shown = workspace.run({"state", "show", "certgate_recipient.ops"});
    std::smatch match;
    ASSERT_TRUE(std::regex_search(shown.out, match, id_line)) << shown.out;
    const std::string id = match[0];
    EXPECT_TRUE(has(shown.out, "verification      = \"pending\"")) << shown.out;

    // certgate notify sends the code (sms, through a webhook); recipients verify confirms it.
    WebhookReceiver hook;
    const std::string declarations =
        workspace.folder().write("declarations.json", R"({"recipients":[{"name":"Ops","mobile":"+8613800138000"}]})");
    ProcessOptions notify_options;
    notify_options.environment["CERTGATE_WEBHOOK_SECRET"] = "whsec_dGVzdHNlY3JldA==";
    notify_options.unset_environment = {"CERTGATE_STORE", "CERTGATE_NOW", "CERTGATE_WEBHOOK_URL"};
    const auto notify = run_certgate({"notify", "--declarations", declarations, "--store", workspace.store(),
                                      "--webhook-url", hook.url(), "--webhook-allow-http"},
                                     notify_options);
    ASSERT_EQ(notify.exit_code, 0) << notify.out << notify.err;
    std::string code;
    for (const auto& request : hook.take()) {
        std::smatch found;
        if (std::regex_search(request.body, found, std::regex("\"code\":\"([0-9]{8})\""))) {
            code = found[1];
        }
    }
    ASSERT_EQ(code.size(), 8U) << "no verification code was sent";
    ProcessOptions verify_options;
    verify_options.stdin_text = code + "\n";
    verify_options.unset_environment = {"CERTGATE_STORE"};
    const auto verified = run_certgate({"recipients", "verify", id, "--store", workspace.store()}, verify_options);
    ASSERT_EQ(verified.exit_code, 0) << verified.out << verified.err;

    const auto drift = workspace.run({"plan"});
    ASSERT_EQ(drift.exit_code, 0) << drift.out << drift.err;
    EXPECT_TRUE(has(drift.out, "detected the following changes made outside of")) << drift.out;
    EXPECT_TRUE(has(drift.out, "~ verification      = \"pending\" -> \"verified\"")) << drift.out;

    // Forgotten by Terraform, imported by id: the store's contacts come back, nothing to change.
    ASSERT_EQ(workspace.run({"state", "rm", "certgate_recipient.ops"}).exit_code, 0);
    const auto imported = workspace.run({"import", "certgate_recipient.ops", id});
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    EXPECT_TRUE(has(imported.out, "Import successful!")) << imported.out;
    const auto after_import = workspace.run({"plan", "-detailed-exitcode"});
    EXPECT_EQ(after_import.exit_code, 0) << after_import.out << after_import.err;
    EXPECT_TRUE(has(after_import.out, "No changes.")) << after_import.out;
    const auto state = workspace.run({"state", "show", "certgate_recipient.ops"});
    EXPECT_TRUE(has(state.out, "verification      = \"verified\"")) << state.out;
}

TEST_P(RealProvider, ACertificateKnownOnlyAfterApplyIsReadDuringApply)
{
    Workspace workspace(m_tool);
    workspace.write("main.tf", provider_header("") +
                                   "resource \"terraform_data\" \"pem\" {\n  input = file(\"web.pem\")\n}\n"
                                   "data \"certgate_certificate\" \"later\" {\n"
                                   "  certificate = terraform_data.pem.output\n}\n"
                                   "output \"severity\" { value = data.certgate_certificate.later.severity }\n");
    workspace.write("web.pem", renew_pem());
    ASSERT_EQ(workspace.run({"init"}).exit_code, 0);
    const auto plan = workspace.run({"plan"});
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    EXPECT_TRUE(has(plan.out, "data.certgate_certificate.later will be read during apply")) << plan.out;
    EXPECT_FALSE(has(plan.out + plan.err, "Warning:")) << plan.out;
    const auto apply = workspace.run({"apply", "-auto-approve"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_TRUE(has(apply.out, "Warning: web.example.com expires in 9 working days; renew by 2026-12-08")) << apply.out;
    EXPECT_TRUE(has(apply.out, "severity = \"renew\"")) << apply.out;
}

TEST_P(RealProvider, TwentyCertificatesAndTenRecipientsAtParallelismTen)
{
    Workspace workspace(m_tool);
    std::string configuration = provider_header("");
    for (int i = 0; i < 20; ++i) {
        CertificateSpec spec;
        spec.common_name = "host" + std::to_string(i) + ".example.com";
        spec.not_before = "2026-06-01T00:00:00Z";
        spec.not_after = "2027-0" + std::to_string(1 + i % 9) + "-15T12:00:00Z";
        spec.serial = i + 1;
        workspace.write("certs/" + std::to_string(i) + ".pem", make_certificate(spec).pem());
    }
    configuration += "data \"certgate_certificate\" \"host\" {\n  count            = 20\n"
                     "  certificate_file = \"certs/${count.index}.pem\"\n}\n"
                     "resource \"certgate_recipient\" \"team\" {\n  count = 10\n"
                     "  email = \"team${count.index}@example.com\"\n}\n"
                     "output \"names\" { value = data.certgate_certificate.host[*].name }\n";
    workspace.write("main.tf", configuration);
    ASSERT_EQ(workspace.run({"init"}).exit_code, 0);
    const auto apply = workspace.run({"apply", "-auto-approve", "-parallelism=10"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_TRUE(has(apply.out, "Apply complete! Resources: 10 added, 0 changed, 0 destroyed.")) << apply.out;
    EXPECT_TRUE(has(apply.out, "\"host19.example.com\",")) << apply.out;
    const auto listed = run_certgate({"recipients", "list", "--store", workspace.store()});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    const std::regex pending("rcpt-[0-9a-f]{16} .*pending");
    const auto lines =
        std::distance(std::sregex_iterator(listed.out.begin(), listed.out.end(), pending), std::sregex_iterator());
    EXPECT_EQ(lines, 10) << listed.out;
    const auto again = workspace.run({"plan", "-detailed-exitcode", "-parallelism=10"});
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

// The README's provider section: its configuration, planned as it stands
// beside the example certificates, prints the lines the README quotes; its
// mirror layout is the one provider_mirror() installs from.
TEST_P(RealProvider, TheReadmeSectionPlansAndPrintsWhatItQuotes)
{
    const std::string readme = TempDir::read(source_path("README.md"));
    const auto start = readme.find("\n## Terraform provider\n");
    ASSERT_NE(start, std::string::npos);
    const std::string section = readme.substr(start, readme.find("\n## ", start + 1) - start);
    const auto block = [&section](const std::string& fence, std::size_t from) {
        const auto open = section.find(fence, from);
        const auto body = open + fence.size();
        return open == std::string::npos ? std::string() : section.substr(body, section.find("\n```", body) + 1 - body);
    };
    const std::string hcl = block("\n```hcl\n", 0);
    const auto hcl_end = section.find("\n```\n", section.find("\n```hcl\n") + 1); // its closing fence
    const std::string quoted = block("\n```\n", hcl_end + 4);
    ASSERT_NE(hcl.find("data \"certgate_certificate\""), std::string::npos) << section;
    ASSERT_FALSE(quoted.empty()) << section;
    EXPECT_TRUE(has(section, "/certgate/certgate/0.1.0/linux_amd64/terraform-provider-certgate_v0.1.0")) << section;

    Workspace workspace(m_tool);
    workspace.write("main.tf", hcl);
    std::filesystem::copy(source_path("examples/certs"), workspace.work() / "certs",
                          std::filesystem::copy_options::recursive);
    const auto init = workspace.run({"init"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    const auto plan = workspace.run({"plan"});
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    std::istringstream lines(quoted);
    int checked = 0;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) {
            EXPECT_TRUE(has(plan.out, line)) << line << " is not in the plan:\n" << plan.out;
            ++checked;
        }
    }
    EXPECT_GE(checked, 1);
}

INSTANTIATE_TEST_SUITE_P(Peers, RealProvider, ::testing::Values("tofu", "terraform"), tool_name);

} // namespace
} // namespace certgate::testing
