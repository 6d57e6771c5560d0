// `certgate check` on the forms real certificates and their neighbours take
// (issue 13 item 7): a zero serial and empty names in the JSON report, and
// PEM files that hold a CSR, a CRL or PKCS#7 instead of a certificate, made
// by the openssl command line.
#include "support/certificates.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace certgate {
namespace {

using testing::CertificateSpec;
using testing::make_certificate;
using testing::run_certgate;
using testing::run_process;
using testing::TempDir;

constexpr const char* k_now = "2026-11-30T09:00:00Z";

TEST(RealCertificates, zero_serial_and_empty_names_in_the_json_report)
{
    CertificateSpec spec;
    spec.common_name = "";
    spec.dns_names = {"nameless.example"};
    spec.serial = 0;
    spec.not_after = "2027-06-01T00:00:00Z";
    TempDir dir;
    const std::string path = dir.write("nameless.pem", make_certificate(spec).pem());
    const auto result = run_certgate({"check", path, "--now", k_now, "--format", "json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto report = nlohmann::json::parse(result.out);
    ASSERT_EQ(report["findings"].size(), 1U);
    const auto& finding = report["findings"][0];
    EXPECT_EQ(finding["serial"], "00");
    EXPECT_EQ(finding["subject"], "");
    EXPECT_EQ(finding["issuer"], "");
    EXPECT_EQ(finding["name"], "nameless.example");
    EXPECT_EQ(finding["not_after"], "2027-06-01T00:00:00Z");
}

struct NotACertificate {
    const char* file;
    std::vector<std::string> openssl_arguments; ///< "KEY", "CERT" and "OUT" are replaced
    const char* message;
};

TEST(RealCertificates, csr_crl_and_pkcs7_files_say_what_they_hold)
{
    CertificateSpec spec;
    spec.common_name = "ca.example";
    spec.is_ca = true;
    const auto certificate = make_certificate(spec);
    TempDir dir;
    const std::string key = dir.write("ca.key", certificate.private_key_pem());
    const std::string cert = dir.write("ca.pem", certificate.pem());
    const std::string config =
        dir.write("ca.cnf", "[ca]\ndefault_ca=own\n[own]\ndatabase=" + (dir.path() / "index.txt").string() +
                                "\ndefault_md=sha256\ndefault_crl_days=30\n");
    (void)dir.write("index.txt", "");

    const std::vector<NotACertificate> cases{
        {"request.pem",
         {"req", "-new", "-key", "KEY", "-subj", "/CN=request.example", "-out", "OUT"},
         "holds a certificate signing request (PEM \"CERTIFICATE REQUEST\"), not a certificate"},
        {"revoked.pem",
         {"ca", "-gencrl", "-config", config, "-keyfile", "KEY", "-cert", "CERT", "-out", "OUT"},
         "holds a certificate revocation list (PEM \"X509 CRL\"), not a certificate"},
        {"bundle.p7b",
         {"crl2pkcs7", "-nocrl", "-certfile", "CERT", "-out", "OUT"},
         "holds a PKCS#7 structure (PEM \"PKCS7\"), not a certificate; `openssl pkcs7 -print_certs` extracts its "
         "certificates"},
    };
    for (const NotACertificate& one : cases) {
        SCOPED_TRACE(one.file);
        const std::string out = (dir.path() / one.file).string();
        std::vector<std::string> argv{"/usr/bin/openssl"};
        for (const std::string& argument : one.openssl_arguments) {
            argv.push_back(argument == "KEY" ? key : argument == "CERT" ? cert : argument == "OUT" ? out : argument);
        }
        const auto made = run_process(argv);
        ASSERT_EQ(made.exit_code, 0) << made.err;

        const auto result = run_certgate({"check", out, "--now", k_now});
        EXPECT_EQ(result.exit_code, 2);
        EXPECT_NE(result.err.find("certgate: error: " + out + ": " + one.message), std::string::npos) << result.err;
    }
}

} // namespace
} // namespace certgate
