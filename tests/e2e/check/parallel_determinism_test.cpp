// `certgate check --jobs N` decodes files on N threads; the bytes it writes
// must not depend on N. One corpus of distinct certificates in nested
// folders, with broken files among them (errors keep their input order, they
// are not sorted like findings), checked with 1 and 8 threads in every format.
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
using testing::TempDir;

TEST(ParallelDeterminism, one_and_eight_threads_write_the_same_bytes)
{
    TempDir dir;
    for (int i = 0; i < 120; ++i) {
        CertificateSpec spec;
        spec.common_name = "host" + std::to_string(i) + ".example";
        spec.dns_names = {spec.common_name};
        spec.serial = i + 1;
        // Every severity, and ties on the expiry date that only the subject breaks.
        spec.not_after =
            "2026-" + std::string(i % 2 == 0 ? "12" : "11") + "-" + std::to_string(10 + i % 18) + "T00:00:00Z";
        if (i % 5 == 0) {
            spec.not_after = "2027-0" + std::to_string(1 + i % 9) + "-01T00:00:00Z";
        }
        const auto certificate = make_certificate(spec);
        const std::string folder = "group" + std::to_string(i % 7) + "/sub" + std::to_string(i % 3);
        (void)dir.write(folder + "/cert" + std::to_string(i) + ".pem", certificate.pem());
        if (i % 17 == 0) {
            (void)dir.write(folder + "/broken" + std::to_string(i) + ".pem",
                            "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        }
    }
    const std::string root = dir.path().string();
    for (const char* format : {"json", "text", "sarif", "junit", "markdown"}) {
        SCOPED_TRACE(format);
        const auto run = [&](const char* jobs) {
            return run_certgate({"check", root, "--jobs", jobs, "--now", "2026-11-30T09:00:00Z", "--format", format,
                                 "--color", "never"});
        };
        const auto one = run("1");
        const auto eight = run("8");
        EXPECT_EQ(one.exit_code, 2) << one.err; // the broken files
        EXPECT_EQ(eight.exit_code, one.exit_code);
        EXPECT_GT(one.out.size(), 1000U);
        EXPECT_EQ(eight.out, one.out);
        EXPECT_EQ(eight.err, one.err);
        EXPECT_NE(one.err.find("broken0.pem"), std::string::npos) << one.err;
        EXPECT_NE(one.err.find("broken119.pem"), std::string::npos) << one.err;
    }
}

// A plan is one input: its certificates are decoded in batches on the pool.
// 2,600 certificate texts (over one batch of 2,048) in 2,600 instances, with
// broken PEM and chains among them, and a prior state the changes supersede.
TEST(ParallelDeterminism, a_plan_decoded_on_one_and_eight_threads_writes_the_same_bytes)
{
    std::vector<testing::TestCertificate> certificates;
    for (int i = 0; i < 40; ++i) {
        CertificateSpec spec;
        spec.common_name = "plan" + std::to_string(i) + ".example";
        spec.dns_names = {spec.common_name};
        spec.serial = 1000 + i;
        spec.not_after = "2026-12-" + std::to_string(10 + i % 18) + "T00:00:00Z";
        certificates.push_back(make_certificate(spec));
    }
    nlohmann::json resources = nlohmann::json::array();
    nlohmann::json prior = nlohmann::json::array();
    nlohmann::json changes = nlohmann::json::array();
    for (int i = 0; i < 2600; ++i) {
        const std::string address = "local_file.c" + std::to_string(i);
        std::string pem = certificates[static_cast<std::size_t>(i % 40)].pem();
        if (i % 9 == 4) {
            pem += certificates[static_cast<std::size_t>((i + 1) % 40)].pem();
        }
        if (i % 97 == 5) {
            pem = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n";
        }
        const nlohmann::json values = {{"content", pem}};
        const auto instance = [&](const nlohmann::json& held) {
            return nlohmann::json{{"address", address},   {"mode", "managed"},
                                  {"type", "local_file"}, {"name", "c"},
                                  {"values", held},       {"sensitive_values", nlohmann::json::object()}};
        };
        resources.push_back(instance(values));
        if (i % 50 == 0) {
            prior.push_back(instance({{"content", certificates[0].pem()}}));
            changes.push_back({{"address", address},
                               {"mode", "managed"},
                               {"type", "local_file"},
                               {"name", "c"},
                               {"change", {{"actions", {"update"}}, {"after", values}}}});
        }
    }
    const nlohmann::json plan = {{"format_version", "1.2"},
                                 {"terraform_version", "1.9.5"},
                                 {"planned_values", {{"root_module", {{"resources", resources}}}}},
                                 {"prior_state", {{"values", {{"root_module", {{"resources", prior}}}}}}},
                                 {"resource_changes", changes}};
    TempDir dir;
    const std::string path = dir.write("plan.json", plan.dump());
    for (const char* format : {"json", "text"}) {
        SCOPED_TRACE(format);
        const auto run = [&](const char* jobs) {
            return run_certgate({"check", path, "--jobs", jobs, "--now", "2026-11-30T09:00:00Z", "--format", format,
                                 "--color", "never"});
        };
        const auto one = run("1");
        const auto eight = run("8");
        EXPECT_EQ(one.exit_code, 1) << one.err; // expired and broken certificates fail the gate
        EXPECT_EQ(eight.exit_code, one.exit_code);
        EXPECT_GT(one.out.size(), 2600U * 100U);
        EXPECT_EQ(eight.out, one.out);
        EXPECT_EQ(eight.err, one.err);
        EXPECT_NE(one.out.find("local_file.c2599"), std::string::npos);
        EXPECT_NE(one.out.find("could not read the certificate in this attribute"), std::string::npos);
    }
}

} // namespace
} // namespace certgate
