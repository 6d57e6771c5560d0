// Real plans and states of certgate-external data sources fed to certgate
// (issue 15 items 6 to 8): `plan -out` + `show -json` through `certgate
// check`; `apply` + `show -json` through `certgate notify --dry-run --state`
// and `certgate status`; a read deferred to apply reported `unknown`; 30 data
// sources at -parallelism=10 with CERTGATE_STORE giving the same results as
// one at a time and leaving the store as it was.

#include "external_real.hpp"

namespace certgate::testing::real_terraform {
namespace {

using nlohmann::json;

const std::string k_deferred = "tests/fixtures/terraform_real/deferred";
const std::string k_parallel = "tests/fixtures/terraform_real/parallel";

class ExternalState : public RealTerraformExternal {};

// Runs certgate with `args`; the document is written to the workspace first.
ProcessResult certgate_on(const Workspace& workspace, const std::string& name, const std::string& document,
                          std::vector<std::string> args)
{
    const std::string path = workspace.write(name, document);
    for (auto& arg : args) {
        if (arg == "FILE") {
            arg = path;
        }
    }
    ProcessOptions options;
    options.unset_environment = {"CERTGATE_NOW", "CERTGATE_STORE", "XDG_STATE_HOME"};
    options.environment = {{"HOME", workspace.path("home")}};
    return run_certgate(args, options);
}

// Findings of a `certgate check --format json` report by "address attribute".
std::map<std::string, json> findings_by_address(const json& report)
{
    std::map<std::string, json> out;
    for (const auto& finding : report.at("findings")) {
        out[finding.at("source").at("address").get<std::string>() + " " +
            finding.at("source").at("attribute").get<std::string>()] = finding;
    }
    return out;
}

// Two certificates (ok and notice) and two recipients in the certgate module.
struct Declared {
    TestCertificate api = certificate_for("api.example.com", "2027-09-01T00:00:00Z");   // ok
    TestCertificate edge = certificate_for("edge.example.com", "2027-01-15T00:00:00Z"); // notice
};

void write_declared(const Workspace& workspace, const Declared& declared)
{
    const json vars = {
        {"now", k_now},
        {"recipients",
         {{"ops", {{"name", "Ops"}, {"email", "Ops@Example.com"}}},
          {"security", {{"name", "Security"}, {"email", "security@example.com"}, {"mobile", "+86 138-0013-8000"}}}}},
        {"certificates",
         {{"api",
           {{"certificate_file", workspace.write("certs/api.pem", declared.api.pem())},
            {"status", "issued"},
            {"recipients", {"ops"}}}},
          {"edge",
           {{"certificate_file", workspace.write("certs/edge.pem", declared.edge.pem())},
            {"name", "edge"},
            {"recipients", {"ops", "security"}}}}}},
    };
    workspace.write(k_module + "/terraform.tfvars.json", vars.dump(2));
}

TEST_P(ExternalState, certgate_check_of_the_real_plan_finds_the_external_results_at_their_module_addresses)
{
    const Workspace workspace(peer());
    const Declared declared;
    write_declared(workspace, declared);
    workspace.init(k_module);
    const json plan = workspace.plan_json(k_module, {});
    ASSERT_TRUE(plan.is_object());

    const auto check =
        certgate_on(workspace, "plan.json", plan.dump(), {"check", "FILE", "--now", k_now, "--format", "json"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err; // notice does not fail the gate
    const auto findings = findings_by_address(json::parse(check.out));
    // The `certificate` results only: each `notification` result names a
    // certificate already found, so it adds no finding of its own
    // (docs/terraform.md, "certgate-external results").
    ASSERT_EQ(findings.size(), 2U) << severity_list(findings);
    EXPECT_EQ(findings.count("module.certgate.data.external.notification[\"api\"] result"), 0U);
    const std::string prefix = "module.certgate.data.external.certificate";
    const json& api = findings.at(prefix + "[\"api\"] result");
    EXPECT_EQ(api.at("severity"), "ok");
    EXPECT_EQ(api.at("source").at("kind"), "plan");
    EXPECT_EQ(api.at("not_after"), "2027-09-01T00:00:00Z");
    const json& edge = findings.at(prefix + "[\"edge\"] result");
    EXPECT_EQ(edge.at("severity"), "notice");
    EXPECT_EQ(edge.at("not_after"), "2027-01-15T00:00:00Z");
    EXPECT_EQ(edge.at("next_milestone_date"), "2026-12-15");
    EXPECT_EQ(findings.at("module.certgate.data.external.certificate[\"api\"] result").at("fingerprint_sha256"),
              declared.api.fingerprint_sha256());
    EXPECT_EQ(findings.at("module.certgate.data.external.certificate[\"edge\"] result").at("fingerprint_sha256"),
              declared.edge.fingerprint_sha256());
}

TEST_P(ExternalState, notify_dry_run_and_status_of_the_applied_state_list_exactly_the_declared_certificates)
{
    const Workspace workspace(peer());
    const Declared declared;
    write_declared(workspace, declared);
    workspace.init(k_module);
    const auto apply = workspace.run(k_module, {"apply", "-input=false", "-no-color", "-auto-approve"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    const auto show = workspace.run(k_module, {"show", "-json"});
    ASSERT_EQ(show.exit_code, 0) << show.err;

    const auto status = certgate_on(workspace, "state.json", show.out,
                                    {"status", "--state", "FILE", "--now", k_now, "--format", "json"});
    ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
    const json listed_status = json::parse(status.out);
    std::map<std::string, std::string> severities;
    for (const auto& certificate : listed_status.at("certificates")) {
        severities[certificate.at("address").get<std::string>()] =
            certificate.at("id").get<std::string>() + " " + certificate.at("severity").get<std::string>();
    }
    EXPECT_EQ(
        severities,
        (std::map<std::string, std::string>{
            {"module.certgate.data.external.certificate[\"api\"]", declared.api.fingerprint_sha256() + " ok"},
            {"module.certgate.data.external.certificate[\"edge\"]", declared.edge.fingerprint_sha256() + " notice"},
        }))
        << status.out;

    const auto recipients = certgate_on(workspace, "state.json", show.out,
                                        {"recipients", "list", "--state", "FILE", "--store", workspace.path("s.db")});
    EXPECT_EQ(recipients.exit_code, 0) << recipients.out << recipients.err;
    EXPECT_EQ(recipients.out,
              "ID                     NAME      CONTACTS                              CHANNELS   STATE\n"
              "rcpt-a8f92adadfdb1411  Ops       ops@example.com                       email      unknown\n"
              "rcpt-c2c8c630820e6e3a  Security  security@example.com, +8613800138000  email,sms  unknown\n");

    const auto notify =
        certgate_on(workspace, "state.json", show.out,
                    {"notify", "--dry-run", "--state", "FILE", "--now", k_now, "--store", workspace.path("s.db"),
                     "--smtp-host", "127.0.0.1", "--smtp-from", "certgate@example.com"});
    EXPECT_EQ(notify.exit_code, 0) << notify.out << notify.err;
    // Both declared recipients, unverified in a new store: each would get its code, nothing else.
    EXPECT_EQ(notify.out, "would send email verification code to ops@example.com (rcpt-a8f92adadfdb1411)\n"
                          "would send email verification code to security@example.com (rcpt-c2c8c630820e6e3a)\n"
                          "note: no webhook configured for SMS (--webhook-url); recipient rcpt-c2c8c630820e6e3a "
                          "cannot get its verification code by sms\n")
        << notify.err;
}

TEST_P(ExternalState, a_certificate_from_a_resource_created_in_the_same_plan_is_deferred_and_unknown_in_the_plan)
{
    const Workspace workspace(peer());
    const TestCertificate issued = certificate_for("issued.example.com", "2027-09-01T00:00:00Z"); // ok
    const json vars = {{"now", k_now}, {"certificate_file", workspace.write("certs/issued.pem", issued.pem())}};
    workspace.write(k_deferred + "/terraform.tfvars.json", vars.dump());
    workspace.init(k_deferred);

    const auto plan = workspace.run(k_deferred, {"plan", "-input=false", "-no-color", "-out=tfplan"});
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    EXPECT_NE(plan.out.find("# data.external.issued will be read during apply"), std::string::npos) << plan.out;
    EXPECT_EQ(plan.out.find("data.external.issued: Reading..."), std::string::npos) << plan.out;
    const auto show = workspace.run(k_deferred, {"show", "-json", "tfplan"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    const auto check =
        certgate_on(workspace, "plan.json", show.out, {"check", "FILE", "--now", k_now, "--format", "json"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err; // unknown passes without --fail-on-unknown
    auto findings = findings_by_address(json::parse(check.out));
    ASSERT_TRUE(findings.contains("data.external.issued result")) << severity_list(findings);
    EXPECT_EQ(findings.at("data.external.issued result").at("severity"), "unknown");
    EXPECT_EQ(findings.at("data.external.issued result").at("message"), "known only after apply");
    const auto strict = certgate_on(workspace, "plan.json", show.out,
                                    {"check", "FILE", "--now", k_now, "--format", "json", "--fail-on-unknown"});
    EXPECT_EQ(strict.exit_code, 1) << strict.out << strict.err;

    // The PEM itself is known in the plan, in the resource that will hold it.
    ASSERT_TRUE(findings.contains("terraform_data.issued input")) << severity_list(findings);
    EXPECT_EQ(findings.at("terraform_data.issued input").at("fingerprint_sha256"), issued.fingerprint_sha256());

    // Applied, the read happens: the data source holds the result.
    const auto apply = workspace.run(k_deferred, {"apply", "-input=false", "-no-color", "tfplan"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_NE(apply.out.find("data.external.issued: Read complete after"), std::string::npos) << apply.out;
    EXPECT_NE(apply.out.find("severity = \"ok\""), std::string::npos) << apply.out;
    const auto state = workspace.run(k_deferred, {"show", "-json"});
    ASSERT_EQ(state.exit_code, 0) << state.err;
    std::map<std::string, json> instances;
    collect_instances(json::parse(state.out).at("values").at("root_module"), instances);
    EXPECT_EQ(instances.at("data.external.issued").at("values").at("result").at("id"), issued.fingerprint_sha256());
    const auto checked_state =
        certgate_on(workspace, "state.json", state.out, {"check", "FILE", "--now", k_now, "--format", "json"});
    EXPECT_EQ(checked_state.exit_code, 0) << checked_state.out;
    // The external result is dropped: the same certificate is in the state as PEM.
    findings = findings_by_address(json::parse(checked_state.out));
    EXPECT_TRUE(findings.contains("terraform_data.issued input")) << severity_list(findings);
    EXPECT_FALSE(findings.contains("data.external.issued result")) << severity_list(findings);
}

// The plan's prior state of every data source: address → result.
std::map<std::string, json> results_of(const json& plan)
{
    std::map<std::string, json> instances;
    collect_instances(plan.at("prior_state").at("values").at("root_module"), instances);
    std::map<std::string, json> results;
    for (const auto& [address, instance] : instances) {
        results[address] = instance.at("values").at("result");
    }
    return results;
}

TEST_P(ExternalState,
       thirty_data_sources_at_parallelism_10_with_a_store_give_the_same_results_and_leave_the_store_intact)
{
    const Workspace workspace(peer());
    const std::vector<std::string> dates = {"2026-12-11T12:00:00Z", "2027-01-15T00:00:00Z", "2027-09-01T00:00:00Z",
                                            "2026-12-28T12:00:00Z"};
    json certificate_files = json::object();
    for (int i = 0; i < 20; ++i) {
        const std::string host = "host" + std::to_string(i) + ".example.com";
        certificate_files["c" + std::to_string(i)] = workspace.write(
            "certs/" + host + ".pem", certificate_for(host, dates[static_cast<std::size_t>(i) % dates.size()]).pem());
    }
    json recipient_emails = json::object();
    for (int i = 0; i < 10; ++i) {
        recipient_emails["r" + std::to_string(i)] = "person" + std::to_string(i) + "@example.com";
    }
    const json vars = {
        {"now", k_now}, {"certificate_files", certificate_files}, {"recipient_emails", recipient_emails}};
    workspace.write(k_parallel + "/terraform.tfvars.json", vars.dump());

    // A real store: created by certgate, holding one recipient reset.
    const std::string store = workspace.path("store/certgate.db");
    const auto created =
        certgate_on(workspace, "none.json", "{}", {"recipients", "reset", "rcpt-0000000000000000", "--store", store});
    ASSERT_EQ(created.exit_code, 0) << created.out << created.err;
    const std::string store_bytes = TempDir::read(store);

    workspace.init(k_parallel);
    const std::map<std::string, std::string> environment{{"CERTGATE_STORE", store}};
    const json parallel = workspace.plan_json(k_parallel, {"-parallelism=10"}, environment);
    ASSERT_TRUE(parallel.is_object());
    const json again = workspace.plan_json(k_parallel, {"-parallelism=10"}, environment);
    const json serial = workspace.plan_json(k_parallel, {"-parallelism=1"}, environment);
    ASSERT_TRUE(again.is_object() && serial.is_object());

    const auto results = results_of(parallel);
    ASSERT_EQ(results.size(), 30U);
    EXPECT_EQ(results, results_of(again));
    EXPECT_EQ(results, results_of(serial));
    EXPECT_EQ(results.at("data.external.certificate[\"c0\"]").at("severity"), "renew");
    EXPECT_EQ(results.at("data.external.certificate[\"c1\"]").at("severity"), "notice");
    EXPECT_EQ(results.at("data.external.certificate[\"c2\"]").at("severity"), "ok");
    EXPECT_EQ(results.at("data.external.certificate[\"c3\"]").at("severity"), "warning");
    // The store was read: recipients it has not seen are pending (without one: unknown).
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(results.at("data.external.recipient[\"r" + std::to_string(i) + "\"]").at("verification"), "pending");
    }
    // Opened read only: the same bytes, and certgate still opens it.
    EXPECT_EQ(TempDir::read(store), store_bytes);
    const auto status = certgate_on(workspace, "plan.json", parallel.dump(),
                                    {"status", "--state", "FILE", "--store", store, "--now", k_now});
    EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
    EXPECT_NE(status.out.find("certificates as of 2026-11-30T09:00:00Z (UTC): 20"), std::string::npos) << status.out;
}

CERTGATE_FOR_BOTH_TOOLS(ExternalState);

} // namespace
} // namespace certgate::testing::real_terraform
