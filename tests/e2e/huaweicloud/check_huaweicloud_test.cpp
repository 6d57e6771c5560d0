// certgate check --huaweicloud against the local HTTPS emulator.

#include "scm_emulator.hpp"

#include "support/certificates.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace certgate::testing {
namespace {

class CheckHuaweiCloud : public ::testing::Test {
protected:
    ProcessOptions environment() const
    {
        ProcessOptions options;
        options.environment = {{"HW_ACCESS_KEY", emulator.access_key},
                               {"HW_SECRET_KEY", emulator.secret_key},
                               {"SSL_CERT_FILE", emulator.ca_file()}};
        options.unset_environment = {"HW_SECURITY_TOKEN", "HW_REGION_NAME", "CERTGATE_NOW", "SSL_CERT_DIR"};
        return options;
    }

    ProcessResult check(std::vector<std::string> extra, const ProcessOptions& options) const
    {
        std::vector<std::string> args{"check", "--huaweicloud",       "cn-north-4", "--endpoint", emulator.endpoint(),
                                      "--now", "2026-11-30T09:00:00Z"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_certgate(args, options);
    }

    static nlohmann::json findings_by_address(const nlohmann::json& report)
    {
        nlohmann::json by_address = nlohmann::json::object();
        for (const auto& finding : report["findings"]) {
            by_address[finding["source"]["address"].get<std::string>()] = finding;
        }
        return by_address;
    }

    void expect_no_secret(const ProcessResult& result) const
    {
        EXPECT_EQ(result.out.find(emulator.secret_key), std::string::npos);
        EXPECT_EQ(result.err.find(emulator.secret_key), std::string::npos);
        EXPECT_EQ(result.out.find(emulator.access_key), std::string::npos);
        EXPECT_EQ(result.err.find(emulator.access_key), std::string::npos);
    }

    ScmEmulator emulator;
};

TEST_F(CheckHuaweiCloud, ListsEveryPageAndEvaluatesEachCertificate)
{
    // 120 certificates expiring daily from 2026-12-11T12:00:00Z: three pages.
    auto certificates = numbered_certificates(120, at("2026-12-11T12:00:00Z"));
    certificates[1].status = "UPLOAD";
    certificates[2].status = "EXPIRED";
    certificates[2].not_after = "2026-11-01T00:00:00Z";
    certificates[3].status = "PAID";
    certificates[3].not_before.clear();
    certificates[3].not_after.clear();
    certificates[4].status = "REVOKED";
    certificates[5].status = "SOMETHING_NEW";
    emulator.set_certificates(certificates);

    const ProcessResult result = check({"--format", "json"}, environment());
    ASSERT_EQ(result.exit_code, 1) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(schema_errors(source_path("schemas/report.schema.json"), result.out), "");
    const nlohmann::json report = nlohmann::json::parse(result.out);
    ASSERT_EQ(report["findings"].size(), 120U);
    const nlohmann::json by_address = findings_by_address(report);

    const nlohmann::json& first = by_address["scs0000000000001"];
    EXPECT_EQ(first["severity"], "renew");
    EXPECT_EQ(first["source"]["kind"], "api");
    EXPECT_EQ(first["source"]["path"], "huaweicloud:cn-north-4");
    EXPECT_EQ(first["not_after"], "2026-12-11T12:00:00Z");
    EXPECT_EQ(first["not_before"], "2025-12-11T12:00:00Z");
    EXPECT_EQ(first["working_days_remaining"], 9);
    EXPECT_EQ(first["renew_by"], "2026-12-08");
    EXPECT_EQ(first["subject"], "CN=host1.example.com");
    EXPECT_EQ(first["details"]["status"], "ISSUED");
    EXPECT_EQ(first["details"]["lifecycle_status"], "issued");
    EXPECT_EQ(first["details"]["name"], "cert-1");

    EXPECT_EQ(by_address["scs0000000000002"]["details"]["status"], "UPLOAD");
    EXPECT_EQ(by_address["scs0000000000002"]["details"]["lifecycle_status"], "hosting");
    EXPECT_EQ(by_address["scs0000000000003"]["severity"], "expired");
    EXPECT_EQ(by_address["scs0000000000003"]["details"]["lifecycle_status"], "expired");
    for (const auto& [id, status] : std::vector<std::pair<std::string, std::string>>{
             {"scs0000000000004", "PAID"}, {"scs0000000000005", "REVOKED"}, {"scs0000000000006", "SOMETHING_NEW"}}) {
        const nlohmann::json& other = by_address[id];
        EXPECT_EQ(other["severity"], "unknown") << id;
        EXPECT_EQ(other["details"]["status"], status);
        EXPECT_EQ(other["message"], "Huawei Cloud status \"" + status +
                                        "\" is not ISSUED, UPLOAD or EXPIRED; not "
                                        "evaluated");
    }
    EXPECT_EQ(by_address["scs0000000000120"]["severity"], "ok");
    EXPECT_EQ(report["summary"]["gate"], "fail");
    EXPECT_TRUE(emulator.rejections().empty());
    expect_no_secret(result);
}

TEST_F(CheckHuaweiCloud, EmptyAccountPasses)
{
    const ProcessResult result = check({"--format", "json"}, environment());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const nlohmann::json report = nlohmann::json::parse(result.out);
    EXPECT_TRUE(report["findings"].empty());
    EXPECT_EQ(report["summary"]["gate"], "pass");
    EXPECT_EQ(emulator.requests(), std::vector<std::string>{"GET /v3/scm/certificates"});
}

// Regression (issue 12 item 18): a reader of stdout that went away (`| head`)
// must not kill the check by SIGPIPE; the gate's exit status still tells.
TEST_F(CheckHuaweiCloud, AClosedStdoutIsNoSigpipeDeath)
{
    emulator.set_certificates(numbered_certificates(3, at("2026-12-11T12:00:00Z")));
    ProcessOptions options = environment();
    options.stdout_closed = true;
    const ProcessResult result = check({"--format", "json"}, options);
    EXPECT_EQ(result.signal, 0) << "killed by signal " << result.signal;
    EXPECT_EQ(result.exit_code, 1) << result.err; // the first certificate is due for renewal
    EXPECT_EQ(result.err, "");
    // It ran: the list, then each certificate.
    EXPECT_EQ(emulator.requests(),
              (std::vector<std::string>{"GET /v3/scm/certificates", "GET /v3/scm/certificates/scs0000000000001",
                                        "GET /v3/scm/certificates/scs0000000000002",
                                        "GET /v3/scm/certificates/scs0000000000003"}));
}

TEST_F(CheckHuaweiCloud, RepeatedPageIsAnErrorFinding)
{
    emulator.set_certificates(numbered_certificates(60, at("2027-06-01T00:00:00Z")));
    emulator.repeat_pages(true);
    const ProcessResult result = check({"--format", "json"}, environment());
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const nlohmann::json report = nlohmann::json::parse(result.out);
    ASSERT_EQ(report["findings"].size(), 1U);
    const nlohmann::json& finding = report["findings"][0];
    EXPECT_EQ(finding["severity"], "error");
    EXPECT_EQ(finding["source"]["kind"], "api");
    EXPECT_EQ(finding["source"]["path"], "huaweicloud:cn-north-4");
    EXPECT_EQ(finding["message"], "GET /v3/scm/certificates at offset 50: the page repeats certificate "
                                  "\"scs0000000000001\" already listed; paging is not advancing, refusing to guess");

    const ProcessResult ignored = check({"--format", "json", "--ignore-unreachable"}, environment());
    EXPECT_EQ(ignored.exit_code, 0) << ignored.out;
}

TEST_F(CheckHuaweiCloud, ServerErrorThenSuccessIsRetried)
{
    emulator.set_certificates(numbered_certificates(2, at("2027-06-01T00:00:00Z")));
    emulator.inject({"/v3/scm/certificates", 500, R"({"error_code":"SCM.4001","error_msg":"PDP error"})", ""});
    emulator.inject({"/v3/scm/certificates/scs0000000000002", 503, "", ""});
    const ProcessResult result = check({"--format", "json"}, environment());
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    const nlohmann::json report = nlohmann::json::parse(result.out);
    EXPECT_EQ(report["findings"].size(), 2U);
    EXPECT_EQ(report["summary"]["gate"], "pass");
    EXPECT_EQ(emulator.requests().size(), 5U);
}

TEST_F(CheckHuaweiCloud, AuthenticationFailureNamesTheCodeAndRequestId)
{
    emulator.always_fail({"/v3/scm", 401,
                          R"({"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: ak )"
                          R"(not found"})",
                          ""});
    const ProcessResult result = check({}, environment());
    ASSERT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.out.find("GET /v3/scm/certificates: HTTP 401 APIGW.0301 \"Incorrect IAM authentication "
                              "information: ak not found\" (request id \"req-1\"); check HW_ACCESS_KEY and "
                              "HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary credentials)"),
              std::string::npos)
        << result.out;
    EXPECT_EQ(emulator.requests().size(), 1U);
    expect_no_secret(result);
}

TEST_F(CheckHuaweiCloud, WrongSecretIsRefusedByTheSignatureCheck)
{
    ProcessOptions options = environment();
    options.environment["HW_SECRET_KEY"] = "NOT-THE-SECRET-KEY";
    const ProcessResult result = check({"--format", "json"}, options);
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const nlohmann::json report = nlohmann::json::parse(result.out);
    ASSERT_EQ(report["findings"].size(), 1U);
    EXPECT_EQ(report["findings"][0]["severity"], "error");
    EXPECT_EQ(emulator.rejections(), std::vector<std::string>{"APIGW.0301 signature mismatch"});
    EXPECT_EQ(result.out.find("NOT-THE-SECRET-KEY"), std::string::npos);
    EXPECT_EQ(result.err.find("NOT-THE-SECRET-KEY"), std::string::npos);
}

TEST_F(CheckHuaweiCloud, SecurityTokenIsSentAndSigned)
{
    emulator.security_token = "TEMPORARY-SECURITY-TOKEN";
    emulator.set_certificates(numbered_certificates(1, at("2027-06-01T00:00:00Z")));
    ProcessOptions options = environment();
    options.environment["HW_SECURITY_TOKEN"] = "TEMPORARY-SECURITY-TOKEN";
    const ProcessResult result = check({"--format", "json"}, options);
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    EXPECT_TRUE(emulator.rejections().empty());
    EXPECT_EQ(result.out.find("TEMPORARY-SECURITY-TOKEN"), std::string::npos);
}

TEST_F(CheckHuaweiCloud, ZonelessExpireTimeUsesTheConfiguredZone)
{
    auto certificates = numbered_certificates(1, at("2027-06-01T00:00:00Z"));
    certificates[0].not_before.clear();
    certificates[0].not_after.clear();
    certificates[0].expire_time = "2026-12-01 00:00:00.0";
    emulator.set_certificates(certificates);
    const ProcessResult utc = check({"--format", "json"}, environment());
    ASSERT_EQ(utc.exit_code, 1) << utc.err;
    EXPECT_EQ(nlohmann::json::parse(utc.out)["findings"][0]["not_after"], "2026-12-01T00:00:00Z");
    const ProcessResult shanghai =
        check({"--format", "json", "--huaweicloud-expire-zone", "Asia/Shanghai"}, environment());
    ASSERT_EQ(shanghai.exit_code, 1) << shanghai.err;
    EXPECT_EQ(nlohmann::json::parse(shanghai.out)["findings"][0]["not_after"], "2026-11-30T16:00:00Z");
    const ProcessResult bad = check({"--huaweicloud-expire-zone", "Mars/Olympus"}, environment());
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("certgate: error: --huaweicloud-expire-zone: "), std::string::npos) << bad.err;
}

TEST_F(CheckHuaweiCloud, MalformedDatesAreErrorFindings)
{
    auto certificates = numbered_certificates(1, at("2027-06-01T00:00:00Z"));
    certificates[0].not_after = "next tuesday";
    emulator.set_certificates(certificates);
    const ProcessResult result = check({"--format", "json"}, environment());
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const nlohmann::json finding = nlohmann::json::parse(result.out)["findings"][0];
    EXPECT_EQ(finding["severity"], "error");
    EXPECT_EQ(finding["source"]["address"], "scs0000000000001");
    EXPECT_EQ(finding["message"], "not_after: unexpected API response: invalid time \"next tuesday\", expected RFC "
                                  "3339, \"YYYY-MM-DD HH:MM:SS.S\" or epoch milliseconds");
}

TEST_F(CheckHuaweiCloud, MissingCredentialsAreAUsageError)
{
    ProcessOptions options = environment();
    options.environment.erase("HW_ACCESS_KEY");
    options.unset_environment.push_back("HW_ACCESS_KEY");
    const ProcessResult result = check({}, options);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err, "certgate: error: huaweicloud:cn-north-4: HW_ACCESS_KEY is not set; export the access key "
                          "ID and HW_SECRET_KEY of an IAM user allowed to read Cloud Certificate Manager\n");
    EXPECT_TRUE(emulator.requests().empty());
}

TEST_F(CheckHuaweiCloud, BadRegionAndEndpointAreUsageErrors)
{
    const ProcessResult region = run_certgate({"check", "--huaweicloud", "CN North"}, environment());
    EXPECT_EQ(region.exit_code, 2);
    EXPECT_EQ(region.err, "certgate: error: huaweicloud: invalid region \"CN North\", expected a Huawei Cloud region "
                          "name such as \"cn-north-4\"\n");
    const ProcessResult endpoint =
        run_certgate({"check", "--huaweicloud", "cn-north-4", "--endpoint", "http://127.0.0.1:1"}, environment());
    EXPECT_EQ(endpoint.exit_code, 2);
    EXPECT_EQ(endpoint.err, "certgate: error: --endpoint: invalid endpoint \"http://127.0.0.1:1\": expected an "
                            "https:// URL such as \"https://scm.cn-north-4.myhuaweicloud.com\"\n");
}

TEST_F(CheckHuaweiCloud, UntrustedEndpointIsAnErrorFinding)
{
    ProcessOptions options = environment();
    options.environment.erase("SSL_CERT_FILE");
    const TempDir directory;
    options.environment["SSL_CERT_FILE"] = directory.write("other.pem", make_certificate({}).pem());
    const ProcessResult result = check({"--format", "json"}, options);
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const nlohmann::json finding = nlohmann::json::parse(result.out)["findings"][0];
    EXPECT_EQ(finding["severity"], "error");
    EXPECT_EQ(finding["message"],
              "GET /v3/scm/certificates: the TLS certificate of 127.0.0.1:" + std::to_string(emulator.port()) +
                  " could not be verified; for a private endpoint give its CA bundle (--ca-file "
                  "or SSL_CERT_FILE)");
}

} // namespace
} // namespace certgate::testing
