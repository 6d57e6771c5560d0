// The report agrees with the exit status: an input that could not be read is
// in every report (never under a pass), and files of a directory walk that
// are not certificates or Terraform JSON are skipped, not errors.
#include "support/certificates.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace certgate {
namespace {

using testing::TempDir;

constexpr const char* k_now = "2026-11-30T09:00:00Z";

// A folder with one certificate that passes the gate (ok), its private key,
// a Java keystore's magic bytes and an empty file.
struct Folder {
    TempDir dir;
    std::string certs;
    Folder()
    {
        testing::CertificateSpec spec;
        spec.not_after = "2028-01-01T00:00:00Z";
        const auto certificate = testing::make_certificate(spec);
        dir.write("certs/ok.pem", certificate.pem());
        dir.write("certs/ok.key", certificate.private_key_pem());
        dir.write("certs/java/cacerts", std::string("\xfe\xed\xfe\xed\x00\x00\x00\x02", 8) + "keystore");
        dir.write("certs/empty.crt", "");
        certs = (dir.path() / "certs").string();
    }
};

TEST(InputErrors, a_directory_walk_skips_what_is_not_a_certificate_and_exits_by_the_findings)
{
    const Folder folder;
    const auto text = testing::run_certgate({"check", folder.certs, "--now", k_now});
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_EQ(text.err, "");
    EXPECT_NE(text.out.find("SKIPPED   " + folder.certs + "/empty.crt: empty file\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("SKIPPED   " + folder.certs +
                            "/ok.key: no certificate found in the input, expected a PEM \"CERTIFICATE\" block (found 1 "
                            "private key)\n"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("SKIPPED   " + folder.certs + "/java/cacerts: not a certificate or Terraform JSON\n"),
              std::string::npos)
        << text.out;
    EXPECT_TRUE(text.out.ends_with("gate PASS (fail_on renew) as of 2026-11-30T09:00:00Z UTC: 1 finding, 1 ok, 3 "
                                   "files skipped\n"))
        << text.out;

    const auto json = testing::run_certgate({"check", folder.certs, "--now", k_now, "--format", "json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    const auto report = nlohmann::json::parse(json.out);
    EXPECT_EQ(report["summary"]["gate"], "pass");
    EXPECT_EQ(report["errors"], nlohmann::json::array());
    const auto skipped = [&folder](const std::string& file, const std::string& reason) {
        return nlohmann::json{{"path", folder.certs + "/" + file}, {"reason", reason}};
    };
    EXPECT_EQ(report["skipped"],
              nlohmann::json::array({skipped("empty.crt", "empty file"),
                                     skipped("java/cacerts", "not a certificate or Terraform JSON"),
                                     skipped("ok.key", "no certificate found in the input, expected a PEM "
                                                       "\"CERTIFICATE\" block (found 1 private key)")}));
    EXPECT_EQ(testing::schema_errors(testing::source_path("schemas/report.schema.json"), json.out), "");
}

TEST(InputErrors, a_named_file_that_is_not_a_certificate_is_an_error_in_the_report_too)
{
    const Folder folder;
    const std::string keystore = folder.certs + "/java/cacerts";
    const std::string message =
        "not a certificate or Terraform JSON, expected PEM, DER, PKCS#12 or the output of terraform show -json";

    const auto text = testing::run_certgate({"check", folder.certs + "/ok.pem", keystore, "--now", k_now});
    EXPECT_EQ(text.exit_code, 2);
    EXPECT_EQ(text.err, "certgate: error: " + keystore + ": " + message + "\n");
    EXPECT_NE(text.out.find("ERROR     input not evaluated: " + keystore + ": " + message + "\n"), std::string::npos)
        << text.out;
    EXPECT_TRUE(text.out.ends_with("gate ERROR (fail_on renew) as of 2026-11-30T09:00:00Z UTC: 1 finding, 1 ok; the "
                                   "gate could not be decided: 1 input could not be read\n"))
        << text.out;
    EXPECT_EQ(text.out.find("PASS"), std::string::npos) << text.out;

    const auto json =
        testing::run_certgate({"check", folder.certs + "/ok.pem", keystore, "--now", k_now, "--format", "json"});
    ASSERT_EQ(json.exit_code, 2);
    const auto report = nlohmann::json::parse(json.out);
    EXPECT_EQ(report["summary"]["gate"], "error");
    EXPECT_EQ(report["summary"]["input_errors"], 1);
    EXPECT_EQ(report["errors"],
              nlohmann::json::parse(R"([{"input":")" + keystore + R"(","message":")" + message + R"("}])"));
    EXPECT_EQ(testing::schema_errors(testing::source_path("schemas/report.schema.json"), json.out), "");

    // The empty file named on the command line is an error as well.
    const auto empty = testing::run_certgate({"check", folder.certs + "/empty.crt", "--now", k_now});
    EXPECT_EQ(empty.exit_code, 2);
    EXPECT_EQ(empty.err, "certgate: error: " + folder.certs +
                             "/empty.crt: empty input, expected PEM, DER, PKCS#12 or Terraform JSON\n");
}

TEST(InputErrors, every_format_says_the_gate_could_not_be_decided)
{
    const Folder folder;
    const std::string broken = folder.dir.write("broken.json", "{\"format_version\": ");
    const std::vector<std::pair<std::string, std::string>> formats{
        {"text", "gate ERROR"},
        {"json", "\"gate\": \"error\""},
        {"junit", "<property name=\"gate\" value=\"error\"/>"},
        {"sarif", "\"executionSuccessful\": false"},
        {"github", "::error file=" + broken + ",title=certgate input not evaluated::"},
        {"markdown", "**certgate gate: error**"},
        {"gitlab", "\"check_name\": \"certgate/input-error\""},
        {"prometheus", "certgate_input_errors 1\n"},
    };
    for (const auto& [format, expected] : formats) {
        SCOPED_TRACE(format);
        const auto result = testing::run_certgate({"check", folder.certs, broken, "--now", k_now, "--format", format});
        EXPECT_EQ(result.exit_code, 2) << result.err;
        EXPECT_NE(result.out.find(expected), std::string::npos) << result.out;
    }
}

} // namespace
} // namespace certgate
