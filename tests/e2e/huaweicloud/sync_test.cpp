// certgate huaweicloud sync against the local HTTPS emulator.

#include "scm_emulator.hpp"

#include "support/certificates.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/terraform_state.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>

namespace certgate::testing {
namespace {

const std::string k_fingerprint(64, 'a');

// A certgate-external notification data source as `terraform show -json` prints it.
nlohmann::json notification(const std::string& name, const std::map<std::string, std::string>& query)
{
    nlohmann::json result{{"enabled", query.count("enabled") != 0U ? query.at("enabled") : "true"},
                          {"toggle_locked", "false"}};
    return external_data_source(name, "notification", query, result);
}

class HuaweiCloudSync : public ::testing::Test {
protected:
    HuaweiCloudSync()
    {
        auto certificates = numbered_certificates(5, at("2027-06-01T00:00:00Z"));
        certificates[1].status = "UPLOAD";
        certificates[2].status = "UPLOAD";
        emulator.set_certificates(certificates);
        store_path = (directory.path() / "store" / "certgate.db").string();
    }

    ProcessOptions environment() const
    {
        ProcessOptions options;
        options.environment = {{"HW_ACCESS_KEY", emulator.access_key},
                               {"HW_SECRET_KEY", emulator.secret_key},
                               {"HW_REGION_NAME", "ap-southeast-1"},
                               {"SSL_CERT_FILE", emulator.ca_file()}};
        options.unset_environment = {"HW_SECURITY_TOKEN", "CERTGATE_NOW", "CERTGATE_STORE", "SSL_CERT_DIR"};
        return options;
    }

    ProcessResult sync(const std::string& state, std::vector<std::string> extra = {}) const
    {
        const std::string path = directory.write("state.json", state);
        std::vector<std::string> args{"huaweicloud",       "sync",    "--state",  path,    "--endpoint",
                                      emulator.endpoint(), "--store", store_path, "--now", "2026-11-30T09:00:00Z"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_certgate(args, environment());
    }

    std::string standard_state() const
    {
        return terraform_state(
            {notification("a", {{"certificate", k_fingerprint},
                                {"status", "issued"},
                                {"enabled", "false"},
                                {"huaweicloud_certificate_id", "scs0000000000001"}}),
             notification("b", {{"certificate", k_fingerprint},
                                {"status", "hosting"},
                                {"enabled", "true"},
                                {"huaweicloud_certificate_id", "scs0000000000002"}}),
             notification("plain", {{"certificate", k_fingerprint}, {"enabled", "false"}})},
            {notification("c", {{"certificate", k_fingerprint}, {"huaweicloud_certificate_id", "scs0000000000003"}}),
             notification("d", {{"certificate", k_fingerprint},
                                {"status", "uploaded"},
                                {"huaweicloud_certificate_id", "scs0000000000004"}})});
    }

    TempDir directory;
    std::string store_path;
    ScmEmulator emulator;
};

TEST_F(HuaweiCloudSync, PlansWithoutApplying)
{
    const ProcessResult result = sync(standard_state());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(result.out,
              "huaweicloud sync: region ap-southeast-1, 4 declared certificates\n"
              "  disable    scs0000000000001  data.external.a  (never applied by certgate)\n"
              "  enable     scs0000000000002  data.external.b  (never applied by certgate)\n"
              "  enable     scs0000000000003  module.certs.data.external.c  (never applied by certgate)\n"
              "  no-toggle  scs0000000000004  module.certs.data.external.d  (declared uploaded: no toggle, always "
              "notified)\n"
              "plan: 2 to enable, 1 to disable, 0 unchanged, 0 locked, 1 without toggle, 0 refused\n"
              "nothing sent; run again with --apply to apply these changes\n");
    EXPECT_TRUE(emulator.toggles().empty());
    EXPECT_FALSE(std::filesystem::exists(store_path));
    EXPECT_TRUE(emulator.rejections().empty());
}

TEST_F(HuaweiCloudSync, AppliesRecordsAndThenHasNothingToChange)
{
    const ProcessResult applied = sync(standard_state(), {"--apply"});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    EXPECT_NE(applied.out.find("applied: 2 enabled, 1 disabled; recorded in " + store_path + "\n"), std::string::npos)
        << applied.out;
    const auto toggles = emulator.toggles();
    ASSERT_EQ(toggles.size(), 3U);
    EXPECT_EQ(toggles[0].resource_id, "scs0000000000002");
    EXPECT_TRUE(toggles[0].enabled);
    EXPECT_EQ(toggles[1].resource_id, "scs0000000000003");
    EXPECT_TRUE(toggles[1].enabled);
    EXPECT_EQ(toggles[2].resource_id, "scs0000000000001");
    EXPECT_FALSE(toggles[2].enabled);
    EXPECT_EQ(toggles[0].notice_types, (std::vector<std::string>{"CERT_EXPIRING", "CERT_EXPIRED"}));

    const ProcessResult again = sync(standard_state(), {"--apply"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("  unchanged  scs0000000000001  data.external.a  (applied earlier: off)\n"),
              std::string::npos)
        << again.out;
    EXPECT_NE(again.out.find("plan: 0 to enable, 0 to disable, 3 unchanged, 0 locked, 1 without toggle, 0 refused\n"
                             "nothing to change\n"),
              std::string::npos)
        << again.out;
    EXPECT_EQ(emulator.toggles().size(), 3U);

    // The declaration changes: only that certificate is sent.
    const std::string changed = terraform_state({notification(
        "a", {{"status", "issued"}, {"enabled", "true"}, {"huaweicloud_certificate_id", "scs0000000000001"}})});
    const ProcessResult plan = sync(changed);
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    EXPECT_NE(plan.out.find("  enable     scs0000000000001  data.external.a  (applied earlier: off)\n"),
              std::string::npos)
        << plan.out;
    EXPECT_EQ(emulator.toggles().size(), 3U);
}

// Regression (issue 12 item 18): a reader of stdout that went away (`| head`)
// must not kill a sync by SIGPIPE: the changes are applied and recorded,
// a refusal still exits 1 with its message.
TEST_F(HuaweiCloudSync, AClosedStdoutIsNoSigpipeDeath)
{
    const std::string path = directory.write("state.json", standard_state());
    ProcessOptions options = environment();
    options.stdout_closed = true;
    const ProcessResult applied =
        run_certgate({"huaweicloud", "sync", "--state", path, "--endpoint", emulator.endpoint(), "--store", store_path,
                      "--now", "2026-11-30T09:00:00Z", "--apply"},
                     options);
    EXPECT_EQ(applied.signal, 0) << "killed by signal " << applied.signal;
    EXPECT_EQ(applied.exit_code, 0) << applied.err;
    EXPECT_EQ(applied.err, "");
    EXPECT_EQ(emulator.toggles().size(), 3U);
    EXPECT_TRUE(std::filesystem::exists(store_path));
    // After 2027-06-01 the first certificate has expired: a change is refused.
    const std::string off = terraform_state({notification(
        "a", {{"status", "issued"}, {"enabled", "true"}, {"huaweicloud_certificate_id", "scs0000000000001"}})});
    const ProcessResult refused =
        run_certgate({"huaweicloud", "sync", "--state", directory.write("state.json", off), "--endpoint",
                      emulator.endpoint(), "--store", store_path, "--now", "2027-06-02T00:00:00Z", "--apply"},
                     options);
    EXPECT_EQ(refused.signal, 0) << "killed by signal " << refused.signal;
    EXPECT_EQ(refused.exit_code, 1) << refused.err;
    EXPECT_EQ(refused.err, "certgate: error: huaweicloud sync: 1 declared toggle is refused by the lifecycle rules; "
                           "nothing was applied\n");
    EXPECT_EQ(emulator.toggles().size(), 3U);
}

TEST_F(HuaweiCloudSync, RefusesToChangeAnExpiredCertificate)
{
    const std::string on = terraform_state({notification(
        "a", {{"status", "issued"}, {"enabled", "true"}, {"huaweicloud_certificate_id", "scs0000000000001"}})});
    ASSERT_EQ(sync(on, {"--apply"}).exit_code, 0);
    ASSERT_EQ(emulator.toggles().size(), 1U);

    // After 2027-06-01 the certificate has expired: its toggle stays on.
    const std::string off = terraform_state(
        {notification("a",
                      {{"status", "issued"}, {"enabled", "false"}, {"huaweicloud_certificate_id", "scs0000000000001"}}),
         notification(
             "b", {{"status", "hosting"}, {"enabled", "false"}, {"huaweicloud_certificate_id", "scs0000000000002"}})});
    const std::string path = directory.write("state.json", off);
    const ProcessResult refused =
        run_certgate({"huaweicloud", "sync", "--state", path, "--endpoint", emulator.endpoint(), "--store", store_path,
                      "--now", "2027-06-02T00:00:00Z", "--apply"},
                     environment());
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.out.find("  refused    scs0000000000001  data.external.a  (the certificate has expired, so its "
                               "expiration-notification toggle can no longer change; it was true when it expired: "
                               "declare that value)\n"),
              std::string::npos)
        << refused.out;
    EXPECT_EQ(refused.err, "certgate: error: huaweicloud sync: 1 declared toggle is refused by the lifecycle rules; "
                           "nothing was applied\n");
    EXPECT_EQ(emulator.toggles().size(), 1U);

    const std::string kept = terraform_state({notification(
        "a", {{"status", "issued"}, {"enabled", "true"}, {"huaweicloud_certificate_id", "scs0000000000001"}})});
    const std::string kept_path = directory.write("state.json", kept);
    const ProcessResult locked =
        run_certgate({"huaweicloud", "sync", "--state", kept_path, "--endpoint", emulator.endpoint(), "--store",
                      store_path, "--now", "2027-06-02T00:00:00Z", "--apply"},
                     environment());
    EXPECT_EQ(locked.exit_code, 0) << locked.err;
    EXPECT_NE(locked.out.find("  locked     scs0000000000001  data.external.a  (expired; the toggle stays on)\n"),
              std::string::npos)
        << locked.out;
}

TEST_F(HuaweiCloudSync, ExpiredStatusWithoutRecordIsLocked)
{
    auto certificates = numbered_certificates(1, at("2026-11-01T00:00:00Z"));
    certificates[0].status = "EXPIRED";
    emulator.set_certificates(certificates);
    const ProcessResult result =
        sync(terraform_state(
                 {notification("a", {{"enabled", "false"}, {"huaweicloud_certificate_id", "scs0000000000001"}})}),
             {"--apply"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("  locked     scs0000000000001  data.external.a  (expired; the toggle can no longer "
                              "change)\n"),
              std::string::npos)
        << result.out;
    EXPECT_TRUE(emulator.toggles().empty());
}

TEST_F(HuaweiCloudSync, StatusesWithoutToggleAreSkipped)
{
    auto certificates = numbered_certificates(1, at("2027-06-01T00:00:00Z"));
    certificates[0].status = "CHECKING";
    emulator.set_certificates(certificates);
    const ProcessResult result =
        sync(terraform_state({notification("a", {{"huaweicloud_certificate_id", "scs0000000000001"}})}), {"--apply"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("  no-toggle  scs0000000000001  data.external.a  (Huawei Cloud status \"CHECKING\" has "
                              "no expiration-notification toggle)\n"),
              std::string::npos)
        << result.out;
    EXPECT_TRUE(emulator.toggles().empty());
}

TEST_F(HuaweiCloudSync, UploadedCertificateDeclaredOffIsRefused)
{
    const ProcessResult result = sync(terraform_state({notification(
        "d", {{"status", "uploaded"}, {"enabled", "false"}, {"huaweicloud_certificate_id", "scs0000000000004"}})}));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.out.find("  refused    scs0000000000004  data.external.d  (an uploaded certificate has no "
                              "expiration-notification toggle and is always notified; remove expiration_notification "
                              "or declare status issued or hosting)\n"),
              std::string::npos)
        << result.out;
}

TEST_F(HuaweiCloudSync, NothingDeclaredNeedsNoCredentials)
{
    const std::string path =
        directory.write("state.json", terraform_state({notification("plain", {{"enabled", "true"}})}));
    ProcessOptions options;
    options.unset_environment = {"HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_REGION_NAME"};
    const ProcessResult result = run_certgate({"huaweicloud", "sync", "--state", path}, options);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "huaweicloud sync: no certgate-external notification data source in \"" + path +
                              "\" declares huaweicloud_certificate_id; nothing to do\n");
    EXPECT_TRUE(emulator.requests().empty());
}

TEST_F(HuaweiCloudSync, ApiFailureWhileApplyingRecordsNothing)
{
    emulator.always_fail(
        {"/v3/scm/notification", 403, R"({"error_code":"SCM.4002","error_msg":"missing policy scm:cert:update"})", ""});
    const ProcessResult result = sync(standard_state(), {"--apply"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err, "certgate: error: huaweicloud:ap-southeast-1: POST /v3/scm/notification/enable: HTTP 403 "
                          "SCM.4002 \"missing policy scm:cert:update\" (request id \"req-5\"); the IAM user needs "
                          "permission for Cloud Certificate Manager (SCM)\n");
    const ProcessResult plan = sync(standard_state());
    EXPECT_NE(plan.out.find("(never applied by certgate)"), std::string::npos) << plan.out;
    EXPECT_EQ(plan.out.find("applied earlier"), std::string::npos) << plan.out;
}

TEST_F(HuaweiCloudSync, UnknownCertificateIdIsAnError)
{
    const ProcessResult result =
        sync(terraform_state({notification("x", {{"huaweicloud_certificate_id", "scs9999999999999"}})}));
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err, "certgate: error: huaweicloud:ap-southeast-1: data.external.x: GET "
                          "/v3/scm/certificates/scs9999999999999: HTTP 400 SCM.0008 \"Invalid certificate ID\" "
                          "(request id \"req-1\")\n");
}

TEST_F(HuaweiCloudSync, UsageErrors)
{
    const ProcessResult no_state = run_certgate({"huaweicloud", "sync"}, environment());
    EXPECT_EQ(no_state.exit_code, 2);
    EXPECT_EQ(no_state.err, "certgate: error: --state: missing; give the output of terraform show -json\n");

    const ProcessResult unknown = run_certgate({"huaweicloud", "push"}, environment());
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_EQ(unknown.err, "certgate: error: huaweicloud: unknown subcommand \"push\", expected: sync\n");

    const ProcessResult bare = run_certgate({"huaweicloud"}, environment());
    EXPECT_EQ(bare.exit_code, 2);

    const ProcessResult help = run_certgate({"huaweicloud", "sync", "--help"}, environment());
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--apply"), std::string::npos);

    const std::string path = directory.write("state.json", standard_state());
    ProcessOptions no_region = environment();
    no_region.environment.erase("HW_REGION_NAME");
    no_region.unset_environment.push_back("HW_REGION_NAME");
    const ProcessResult region = run_certgate(
        {"huaweicloud", "sync", "--state", path, "--endpoint", emulator.endpoint(), "--store", store_path}, no_region);
    EXPECT_EQ(region.exit_code, 2);
    EXPECT_EQ(region.err, "certgate: error: --region: no region; give --region or set HW_REGION_NAME\n");

    const ProcessResult missing = run_certgate({"huaweicloud", "sync", "--state", path + ".missing"}, environment());
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_EQ(missing.err, "certgate: error: " + path + ".missing: no such file or directory\n");

    const ProcessResult bad_now =
        run_certgate({"huaweicloud", "sync", "--state", path, "--now", "yesterday"}, environment());
    EXPECT_EQ(bad_now.exit_code, 2);
    EXPECT_NE(bad_now.err.find("certgate: error: --now: "), std::string::npos) << bad_now.err;
}

TEST_F(HuaweiCloudSync, MalformedStatesAreInputErrors)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        // The one Terraform reader's errors, as for certgate check.
        {"{\"values\":", "truncated JSON: the input ends after 10 bytes, before the document is complete"},
        {"[1,2]", "not Terraform JSON: the document is an array, expected an object with \"format_version\" (the "
                  "output of terraform show -json)"},
        {"{\"values\":{\"root_module\":[]}}",
         "not Terraform JSON: /values/root_module is an array, expected an object"},
    };
    for (const auto& [content, message] : cases) {
        const std::string path = directory.write("bad.json", content);
        const ProcessResult result = run_certgate({"huaweicloud", "sync", "--state", path}, environment());
        EXPECT_EQ(result.exit_code, 2) << content;
        EXPECT_EQ(result.err, "certgate: error: " + path + ": " + message + "\n") << content;
    }
    const std::string bad_enabled =
        terraform_state({notification("a", {{"enabled", "yes"}, {"huaweicloud_certificate_id", "scs0000000000001"}})});
    const ProcessResult enabled = sync(bad_enabled);
    EXPECT_EQ(enabled.exit_code, 2);
    EXPECT_EQ(enabled.err, "certgate: error: " + (directory.path() / "state.json").string() +
                               ": data.external.a: query key \"enabled\": invalid value \"yes\", expected \"true\" or "
                               "\"false\"\n");
    EXPECT_TRUE(emulator.requests().empty());
}

TEST_F(HuaweiCloudSync, CaFileOptionTrustsThePrivateEndpoint)
{
    const std::string path = directory.write("state.json", standard_state());
    ProcessOptions options = environment();
    options.environment.erase("SSL_CERT_FILE");
    options.unset_environment.push_back("SSL_CERT_FILE");
    const std::vector<std::string> base{"huaweicloud",       "sync",    "--state", path, "--endpoint",
                                        emulator.endpoint(), "--store", store_path};
    std::vector<std::string> trusted = base;
    trusted.insert(trusted.end(), {"--ca-file", emulator.ca_file()});
    const ProcessResult ok = run_certgate(trusted, options);
    EXPECT_EQ(ok.exit_code, 0) << ok.err;

    const ProcessResult untrusted = run_certgate(base, options);
    EXPECT_EQ(untrusted.exit_code, 2);
    EXPECT_EQ(untrusted.err, "certgate: error: huaweicloud:ap-southeast-1: data.external.a: GET "
                             "/v3/scm/certificates/scs0000000000001: the TLS certificate of 127.0.0.1:" +
                                 std::to_string(emulator.port()) +
                                 " could not be verified; for a private endpoint give its CA bundle (--ca-file or "
                                 "SSL_CERT_FILE)\n");

    std::vector<std::string> missing = base;
    missing.insert(missing.end(), {"--ca-file", path + ".nope"});
    const ProcessResult unreadable = run_certgate(missing, options);
    EXPECT_EQ(unreadable.exit_code, 2);
    EXPECT_EQ(unreadable.err, "certgate: error: --ca-file: cannot read the CA bundle \"" + path + ".nope\"\n");

    // Regression: the bundle was opened with an ifstream, which waits for a
    // writer on a FIFO: sync hung. A FIFO and a directory are refused at once.
    const std::string fifo = (directory.path() / "bundle.fifo").string();
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    for (const std::string& not_a_bundle : {fifo, directory.path().string()}) {
        std::vector<std::string> argv = base;
        argv.insert(argv.end(), {"--ca-file", not_a_bundle});
        ProcessOptions quick = options;
        quick.timeout = std::chrono::seconds(20);
        const ProcessResult refused = run_certgate(argv, quick);
        EXPECT_FALSE(refused.timed_out) << not_a_bundle;
        EXPECT_EQ(refused.exit_code, 2);
        EXPECT_EQ(refused.err, "certgate: error: --ca-file: cannot read the CA bundle \"" + not_a_bundle + "\"\n");
    }
}

} // namespace
} // namespace certgate::testing
