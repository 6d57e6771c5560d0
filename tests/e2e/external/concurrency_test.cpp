// Terraform reads up to 10 data sources at once (-parallelism=10).

#include "terraform_client.hpp"

#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <future>

namespace certgate::testing {
namespace {

TEST(ExternalConcurrency, TenConcurrentReadsGiveIdenticalResults)
{
    TempDir dir;
    CertificateSpec spec;
    spec.common_name = "parallel.example.com";
    spec.dns_names = {"parallel.example.com"};
    spec.not_before = "2026-06-01T00:00:00Z";
    spec.not_after = "2026-12-11T12:00:00Z";
    const TestCertificate certificate = make_certificate(spec);
    dir.write("cert.pem", certificate.pem());
    const std::string store = (dir.path() / "certgate.db").string();
    const std::vector<std::pair<std::string, terraform::Query>> reads{
        {"certificate", {{"certificate_file", "cert.pem"}, {"status", "issued"}, {"timezone", "Asia/Shanghai"}}},
        {"expiry", {{"not_after", "1796990400000"}, {"status", "hosting"}}},
        {"recipient", {{"email", "Ops@Example.com"}, {"mobile", "+86 138 0013 8000"}}},
        {"notification", {{"certificate", certificate.fingerprint_sha256()}, {"status", "issued"}}},
    };
    for (const auto& [kind, query] : reads) {
        std::vector<std::future<terraform::Read>> running;
        for (int i = 0; i < 10; ++i) {
            running.push_back(std::async(std::launch::async, [&, kind = kind, query = query] {
                return terraform::read_external(kind, query, dir.path().string(),
                                                {{"CERTGATE_NOW", "2026-11-30T09:00:00Z"}, {"CERTGATE_STORE", store}});
            }));
        }
        std::vector<terraform::Read> results;
        for (auto& future : running) {
            results.push_back(future.get());
        }
        ASSERT_TRUE(results.front().ok) << kind << ": " << results.front().process.err;
        for (const terraform::Read& read : results) {
            EXPECT_EQ(read.process.exit_code, 0) << kind;
            EXPECT_EQ(read.process.out, results.front().process.out) << kind;
            EXPECT_EQ(read.process.err, "") << kind;
        }
    }
}

} // namespace
} // namespace certgate::testing
