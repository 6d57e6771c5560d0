// `plan` of configurations with certgate-external data sources by the real
// tofu and terraform (issue 15 items 2 to 5): all fine, a check-block warning,
// a postcondition failure inside the renewal window, and each kind's bad
// declaration showing certgate's stderr line. The hashicorp/external provider
// in the mirror is the project's peer (tests/peers/external-provider) while
// the Go module proxy refuses the real one; peers.env says which.

#include "external_real.hpp"

namespace certgate::testing::real_terraform {
namespace {

using nlohmann::json;

class ExternalPlan : public RealTerraformExternal {};

// Keys every `certificate` result holds (schemas/external-certificate-result.schema.json).
std::set<std::string> documented_certificate_keys()
{
    const json schema = json::parse(TempDir::read(source_path("schemas/external-certificate-result.schema.json")));
    std::set<std::string> keys;
    for (const auto& key : schema.at("required")) {
        keys.insert(key.get<std::string>());
    }
    return keys;
}

TEST_P(ExternalPlan, certificates_that_are_all_fine_plan_with_exit_0_and_outputs_holding_the_documented_keys)
{
    const Workspace workspace(peer());
    const TestCertificate api = certificate_for("api.example.com", "2027-09-01T00:00:00Z");
    write_module_vars(workspace, {{"api",
                                   {{"certificate_file", workspace.write("certs/api.pem", api.pem())},
                                    {"status", "issued"},
                                    {"recipients", {"ops"}}}}});
    workspace.init(k_module);

    const auto plan = workspace.run(k_module, {"plan", "-input=false", "-no-color"});
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    EXPECT_EQ(plan.err, "");
    EXPECT_NE(plan.out.find("module.certgate.data.external.certificate[\"api\"]: Read complete after"),
              std::string::npos)
        << plan.out;
    EXPECT_EQ(plan.out.find("Warning"), std::string::npos) << plan.out;

    const json shown = workspace.plan_json(k_module, {});
    ASSERT_TRUE(shown.is_object());
    const json& certificate = shown.at("planned_values").at("outputs").at("certificates").at("value").at("api");
    std::set<std::string> keys;
    for (const auto& [key, value] : certificate.items()) {
        keys.insert(key);
    }
    EXPECT_EQ(keys, documented_certificate_keys());
    EXPECT_EQ(certificate.at("severity"), "ok");
    EXPECT_EQ(certificate.at("id"), api.fingerprint_sha256());
    EXPECT_EQ(certificate.at("now"), k_now);
    EXPECT_EQ(certificate.at("sans"), json::array({"DNS:api.example.com"})); // decoded by the module's output
    const json& notification = shown.at("planned_values").at("outputs").at("notifications").at("value").at("api");
    EXPECT_EQ(notification.at("certificate"), api.fingerprint_sha256());
    const json& ops = shown.at("planned_values").at("outputs").at("recipients").at("value").at("ops");
    EXPECT_EQ(ops.at("email"), "ops@example.com");
    EXPECT_EQ(notification.at("recipients"), json::array({ops.at("id")}));
    // Every check block passed.
    std::map<std::string, std::string> statuses;
    for (const auto& check : shown.at("checks")) {
        statuses[check.at("address").at("to_display").get<std::string>()] = check.at("status").get<std::string>();
    }
    EXPECT_EQ(statuses.at("module.certgate.check.certificate_expiry"), "pass");
    EXPECT_EQ(statuses.at("module.certgate.check.recipients_verified"), "pass"); // no store: "unknown", not pending
    EXPECT_EQ(ops.at("verification"), "unknown");
}

TEST_P(ExternalPlan, a_certificate_at_notice_plans_and_prints_the_check_block_warning_with_certgates_message)
{
    const Workspace workspace(peer());
    const TestCertificate edge = certificate_for("edge.example.com", "2027-01-15T00:00:00Z");
    write_module_vars(workspace, {{"edge", {{"certificate_file", workspace.write("certs/edge.pem", edge.pem())}}}});
    workspace.init(k_module);

    const auto plan = workspace.run(k_module, {"plan", "-input=false", "-no-color"});
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    const std::string text = unwrap(plan.out + plan.err);
    EXPECT_NE(text.find("Warning: Check block assertion failed"), std::string::npos) << plan.out << plan.err;
    EXPECT_NE(text.find("in check \"certificate_expiry\":"), std::string::npos) << plan.out << plan.err;
    EXPECT_NE(text.find("edge.example.com: notice, expires 2027-01-15T00:00:00Z (46 days), next milestone 1mo on "
                        "2026-12-15"),
              std::string::npos)
        << plan.out << plan.err;
}

TEST_P(ExternalPlan, a_certificate_inside_the_renewal_window_fails_the_plan_on_the_postcondition_naming_it_and_renew_by)
{
    const Workspace workspace(peer());
    const TestCertificate web = certificate_for("web.example.com", "2026-12-11T12:00:00Z");
    write_module_vars(workspace, {{"web", {{"certificate_file", workspace.write("certs/web.pem", web.pem())}}}});
    workspace.init(k_module);

    const auto plan = workspace.run(k_module, {"plan", "-input=false", "-no-color"});
    EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
    const std::string text = unwrap(plan.err);
    EXPECT_NE(text.find("Error: Resource postcondition failed"), std::string::npos) << plan.err;
    EXPECT_NE(text.find("Certificate web.example.com (" + web.fingerprint_sha256() +
                        ") expires 2026-12-11T12:00:00Z: severity renew, 9 working days left; renew by 2026-12-08."),
              std::string::npos)
        << plan.err;
}

// A query that certgate-external refuses, and the line it prints.
struct BadDeclaration {
    std::string kind;
    std::map<std::string, std::string> query;
    std::string stderr_line;
};

TEST_P(ExternalPlan, each_kinds_bad_declaration_fails_the_plan_showing_certgates_stderr_line_unchanged)
{
    const Workspace workspace(peer());
    const TestCertificate web = certificate_for("web.example.com", "2027-09-01T00:00:00Z");
    const TestCertificate other = certificate_for("other.example.com", "2027-09-01T00:00:00Z");
    const std::string web_file = workspace.write("certs/web.pem", web.pem());
    const std::string other_key = workspace.write("certs/other.key", other.private_key_pem());
    const std::vector<BadDeclaration> declarations = {
        {"expiry",
         {{"not_afer", "2027-01-01T00:00:00Z"}, {"now", k_now}},
         "certgate-external: expiry: not_afer: unknown query key \"not_afer\"; did you mean \"not_after\"?"},
        {"notification",
         {{"certificate", web.fingerprint_sha256()}, {"status", "uploaded"}, {"enabled", "false"}, {"now", k_now}},
         "certgate-external: notification: enabled: rule \"an uploaded certificate has no expiration-notification "
         "toggle: it is always notified\"; remove enabled (or set it to \"true\"), or declare status issued or "
         "hosting"},
        {"recipient",
         {{"name", "Ops"}, {"mobile", "00861380013800"}},
         "certgate-external: recipient: mobile: invalid mobile number: write the international prefix 00 as \"+\"; "
         "expected E.164 with the country code, such as +86 138 0013 8000"},
        {"certificate",
         {{"certificate_file", web_file}, {"private_key_file", other_key}, {"now", k_now}},
         "certgate-external: certificate: private_key_file: the private key does not match the certificate "
         "\"web.example.com\""},
    };
    workspace.init(k_declaration);
    for (const auto& declaration : declarations) {
        SCOPED_TRACE(declaration.kind);
        // What certgate-external itself prints for this query (Terraform's bytes on stdin).
        const std::string expected = declaration_stderr_line(declaration.kind, declaration.query);
        EXPECT_EQ(expected, declaration.stderr_line);
        write_declaration_vars(workspace, declaration.kind, declaration.query);
        const auto plan = workspace.run(k_declaration, {"plan", "-input=false", "-no-color"});
        EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
        EXPECT_NE(plan.err.find("Error: External Program Execution Failed"), std::string::npos) << plan.err;
        // The line is shown unchanged after "Error Message: " (unwrapped from the 78 columns).
        EXPECT_NE(unwrap(plan.err).find("Error Message: " + expected), std::string::npos) << plan.err;
        EXPECT_NE(plan.err.find("State: exit status 1"), std::string::npos) << plan.err;
    }
}

CERTGATE_FOR_BOTH_TOOLS(ExternalPlan);

} // namespace
} // namespace certgate::testing::real_terraform
