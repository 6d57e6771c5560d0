// certgate notify, status and recipients read what terraform-provider-certgate
// declared: the real tofu and terraform apply a certificate data source, a
// recipient and notification settings, and `show -json` of the state is the
// --state of the real certgate commands.

#include "real_tools.hpp"
#include "support/certificates.hpp"
#include "support/webhook_receiver.hpp"

#include <regex>

namespace certgate::testing {
namespace {

constexpr const char* k_now = "2026-11-30T09:00:00Z";

// SPEC section 2's worked example on 2026-11-30: renew, 9 working days left.
TestCertificate renew_certificate()
{
    CertificateSpec spec;
    spec.common_name = "web.example.com";
    spec.dns_names = {"web.example.com"};
    spec.not_before = "2026-09-12T12:00:00Z";
    spec.not_after = "2026-12-11T12:00:00Z";
    return make_certificate(spec);
}

class StateDeclarations : public RealProvider {};

TEST_P(StateDeclarations, StatusRecipientsAndNotifyReadTheProvidersState)
{
    Workspace workspace(m_tool);
    const TestCertificate certificate = renew_certificate();
    const std::string id = certificate.fingerprint_sha256();
    workspace.write("web.pem", certificate.pem());
    workspace.write("main.tf", provider_header("") + "data \"certgate_certificate\" \"web\" {\n"
                                                     "  certificate_file = \"web.pem\"\n"
                                                     "  status           = \"issued\"\n"
                                                     "}\n"
                                                     "resource \"certgate_recipient\" \"ops\" {\n"
                                                     "  name   = \"Ops\"\n"
                                                     "  mobile = \"+86 138-0013-8000\"\n"
                                                     "}\n"
                                                     "resource \"certgate_notification\" \"web\" {\n"
                                                     "  certificate = data.certgate_certificate.web.id\n"
                                                     "  status      = data.certgate_certificate.web.status\n"
                                                     "  not_after   = data.certgate_certificate.web.not_after\n"
                                                     "  recipients  = [certgate_recipient.ops.id]\n"
                                                     "}\n");
    const auto init = workspace.run({"init"});
    ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
    const auto apply = workspace.run({"apply", "-auto-approve"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_NE(apply.out.find("Apply complete! Resources: 2 added, 0 changed, 0 destroyed."), std::string::npos)
        << apply.out;
    const auto shown = workspace.run({"show", "-json"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    const std::string state = workspace.folder().write("state.json", shown.out);
    ASSERT_NE(shown.out.find(id), std::string::npos) << "the certificate in the state is the one generated";

    ProcessOptions options;
    options.unset_environment = {"CERTGATE_STORE", "CERTGATE_NOW", "CERTGATE_WEBHOOK_URL"};
    options.environment["CERTGATE_WEBHOOK_SECRET"] = "whsec_dGVzdHNlY3JldA==";
    const std::vector<std::string> declared{"--state", state, "--store", workspace.store()};
    const auto with = [&](std::vector<std::string> args) {
        args.insert(args.end(), declared.begin(), declared.end());
        return args;
    };

    // The certificate, as the provider declared it (issued, its toggle on).
    const auto status = run_certgate(with({"status", "--now", k_now}), options);
    ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
    EXPECT_EQ(status.out, "certificates as of 2026-11-30T09:00:00Z (UTC): 1\n"
                          "\n"
                          "renew  web.example.com  [issued]\n"
                          "  expires 2026-12-11 (11 days left; not after 2026-12-11T12:00:00Z)\n"
                          "  renew by 2026-12-08; renewal window from 2026-11-27 (open)\n"
                          "  next milestone 1w 2026-12-04; last milestone 1mo 2026-11-11\n"
                          "  console reminder: expires within 30 days, renew it\n"
                          "  notifications on; id " +
                              id.substr(0, 16) + "…\n");
    EXPECT_EQ(status.err, "");

    // The recipient, registered by the apply, pending.
    std::smatch found;
    const auto listed = run_certgate(with({"recipients", "list"}), options);
    ASSERT_EQ(listed.exit_code, 0) << listed.out << listed.err;
    // Registered by the apply, no code sent yet (not "void": no code was ever issued).
    ASSERT_TRUE(std::regex_search(
        listed.out, found,
        std::regex("^ID                     NAME  CONTACTS        CHANNELS  STATE\n"
                   "(rcpt-[0-9a-f]{16})  Ops   \\+8613800138000  sms       pending \\(no code sent yet; the next "
                   "\"certgate notify\" sends one\\)\n$")))
        << listed.out;
    const std::string recipient = found[1];

    // notify sends the verification code (by the webhook: sms), and no milestone message yet.
    WebhookReceiver hook;
    const std::vector<std::string> webhook{"--webhook-url", hook.url(), "--webhook-allow-http"};
    auto notify_args = with({"notify", "--now", k_now});
    notify_args.insert(notify_args.end(), webhook.begin(), webhook.end());
    const auto notify = run_certgate(notify_args, options);
    ASSERT_EQ(notify.exit_code, 0) << notify.out << notify.err;
    std::string code;
    for (const auto& request : hook.take()) {
        EXPECT_NE(request.body.find("\"event\":\"recipient.verification\""), std::string::npos) << request.body;
        if (std::regex_search(request.body, found, std::regex("\"code\":\"([0-9]{8})\""))) {
            code = found[1];
        }
    }
    ASSERT_EQ(code.size(), 8U) << "no verification code was sent: " << notify.out << notify.err;
    ProcessOptions verify_options = options;
    verify_options.stdin_text = code + "\n";
    const auto verified =
        run_certgate({"recipients", "verify", recipient, "--store", workspace.store()}, verify_options);
    ASSERT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    const auto relisted = run_certgate(with({"recipients", "list"}), options);
    ASSERT_EQ(relisted.exit_code, 0) << relisted.err;
    EXPECT_TRUE(std::regex_search(
        relisted.out,
        std::regex("\n" + recipient + "  Ops   \\+8613800138000  sms       verified 20[0-9-]{8}T[0-9:]{8}Z\n$")))
        << relisted.out;

    // Verified: the dry run lists the milestone message the declarations call for, and sends nothing.
    auto dry_run_args = notify_args;
    dry_run_args.push_back("--dry-run");
    const auto dry_run = run_certgate(dry_run_args, options);
    ASSERT_EQ(dry_run.exit_code, 0) << dry_run.out << dry_run.err;
    EXPECT_EQ(dry_run.out, "would send sms 1mo web.example.com (2026-11-11) to +8613800138000 (" + recipient +
                               "): \"web.example.com expires in 11 days (2026-12-11)\"\n");
    EXPECT_TRUE(hook.take().empty());
}

INSTANTIATE_TEST_SUITE_P(Peers, StateDeclarations, ::testing::Values("tofu", "terraform"), tool_name);

} // namespace
} // namespace certgate::testing
