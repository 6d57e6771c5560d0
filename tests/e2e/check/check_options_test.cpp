// certgate check flags that shape what is read and reported: --leaf-only,
// --pkcs12-password-env, --holidays-file, and the pairing of --format/--output.
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

// A leaf expiring 2027-06-01 under a CA expiring 2026-12-11 (inside the window).
struct Chain {
    testing::TestCertificate ca;
    testing::TestCertificate leaf;
};

Chain make_chain()
{
    CertificateSpec ca_spec;
    ca_spec.common_name = "Short CA";
    ca_spec.is_ca = true;
    ca_spec.not_before = "2026-01-01T00:00:00Z";
    ca_spec.not_after = "2026-12-11T12:00:00Z";
    auto ca = make_certificate(ca_spec);
    CertificateSpec leaf_spec;
    leaf_spec.common_name = "leaf.example.com";
    leaf_spec.dns_names = {"leaf.example.com"};
    leaf_spec.not_before = "2026-06-01T00:00:00Z";
    leaf_spec.not_after = "2027-06-01T00:00:00Z";
    leaf_spec.issuer = &ca;
    leaf_spec.serial = 2;
    auto leaf = make_certificate(leaf_spec);
    return {ca, leaf};
}

nlohmann::json check_json(const std::vector<std::string>& args, int expected_exit,
                          const testing::ProcessOptions& options = {})
{
    std::vector<std::string> all{"check"};
    all.insert(all.end(), args.begin(), args.end());
    for (const char* extra : {"--now", k_now, "--format", "json"}) {
        all.emplace_back(extra);
    }
    const auto result = run_certgate(all, options);
    EXPECT_EQ(result.exit_code, expected_exit) << result.err;
    return nlohmann::json::parse(result.out.empty() ? "{}" : result.out);
}

TEST(CheckOptions, leaf_only_drops_chain_certificates)
{
    const Chain chain = make_chain();
    TempDir dir;
    const std::string bundle = dir.write("bundle.pem", chain.leaf.pem() + chain.ca.pem());

    const auto both = check_json({bundle}, 1);
    ASSERT_EQ(both["findings"].size(), 2U);
    EXPECT_EQ(both["findings"][0]["severity"], "renew");
    EXPECT_EQ(both["findings"][0]["source"]["index"], 1);

    const auto leaf = check_json({bundle, "--leaf-only"}, 0);
    ASSERT_EQ(leaf["findings"].size(), 1U);
    EXPECT_EQ(leaf["findings"][0]["subject"], "CN=leaf.example.com");
}

TEST(CheckOptions, pkcs12_password_comes_from_the_named_environment_variable)
{
    const Chain chain = make_chain();
    TempDir dir;
    const std::string key = dir.write("leaf.key", chain.leaf.private_key_pem());
    const std::string cert = dir.write("leaf.pem", chain.leaf.pem());
    const std::string ca = dir.write("ca.pem", chain.ca.pem());
    const std::string p12 = (dir.path() / "bundle.p12").string();
    const auto exported = run_process({"/usr/bin/openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-certfile",
                                       ca, "-passout", "pass:s3cret", "-out", p12});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;

    const auto without = run_certgate({"check", p12, "--now", k_now});
    EXPECT_EQ(without.exit_code, 2);
    EXPECT_NE(without.err.find("--pkcs12-password-env"), std::string::npos) << without.err;
    EXPECT_EQ(without.err.find("s3cret"), std::string::npos);

    testing::ProcessOptions options;
    options.environment["P12_PASSWORD"] = "s3cret";
    const auto report = check_json({p12, "--pkcs12-password-env", "P12_PASSWORD"}, 1, options);
    ASSERT_EQ(report["findings"].size(), 2U);

    const auto unset = run_certgate({"check", p12, "--pkcs12-password-env", "NO_SUCH_VARIABLE_SET"});
    EXPECT_EQ(unset.exit_code, 2);
    EXPECT_NE(unset.err.find("certgate: error: --pkcs12-password-env: environment variable \"NO_SUCH_VARIABLE_SET\" "
                             "is not set"),
              std::string::npos)
        << unset.err;
}

TEST(CheckOptions, holidays_file_moves_the_renewal_window)
{
    // notAfter Fri 2026-12-11: 9 working days on 2026-11-30 without holidays
    // (renew); with three holidays that week, 6.
    CertificateSpec spec;
    spec.not_before = "2026-09-12T00:00:00Z";
    spec.not_after = "2026-12-11T12:00:00Z";
    const auto certificate = make_certificate(spec);
    TempDir dir;
    const std::string pem = dir.write("c.pem", certificate.pem());
    const std::string holidays = dir.write("holidays.txt", "# office closed\n2026-12-01\n2026-12-02\n2026-12-03\n");
    const auto plain = check_json({pem}, 1);
    EXPECT_EQ(plain["findings"][0]["working_days_remaining"], 9);
    const auto with = check_json({pem, "--holidays-file", holidays}, 1);
    EXPECT_EQ(with["findings"][0]["working_days_remaining"], 6);
    EXPECT_EQ(with["findings"][0]["renew_by"], "2026-12-08");
}

TEST(CheckOptions, each_output_takes_the_format_given_before_it)
{
    TempDir dir;
    const std::string json_path = (dir.path() / "r.json").string();
    const std::string junit_path = (dir.path() / "r.xml").string();
    const auto result =
        run_certgate({"check", testing::source_path("examples/certs/ok.pem"), "--now", k_now, "--format", "json",
                      "--output", json_path, "--format", "text", "--format", "junit", "--output", junit_path});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(nlohmann::json::accept(TempDir::read(json_path)));
    EXPECT_TRUE(TempDir::read(junit_path).starts_with("<?xml"));
    EXPECT_NE(result.out.find("gate PASS"), std::string::npos) << result.out;

    const auto orphan = run_certgate({"check", "x.pem", "--format", "json", "--output", "a", "--output", "b"});
    EXPECT_EQ(orphan.exit_code, 2);
    EXPECT_NE(orphan.err.find("certgate: error: --output: \"b\" has no --format of its own"), std::string::npos)
        << orphan.err;
}

} // namespace
} // namespace certgate
