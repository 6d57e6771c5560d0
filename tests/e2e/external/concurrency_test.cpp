// Terraform reads up to 10 data sources at once (-parallelism=10), all of
// them from the same store.

#include "terraform_client.hpp"

#include "certgate/adapters/store/store.hpp"
#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

namespace certgate::testing {
namespace {

// A store in which `recipient_id` has verified its contact details.
void create_store_with_verified_recipient(const std::string& path, const std::string& recipient_id)
{
    auto store = store::open_store(path);
    ASSERT_TRUE(store.has_value()) << store.error().describe();
    store::RecipientVerification record;
    record.recipient_id = recipient_id;
    record.state = store::VerificationState::pending;
    record.code_hash = "00";
    record.code_salt = "00";
    record.contacts = R"({"email":"ops@example.com"})";
    ASSERT_TRUE(store->start_verification(record, at("2026-11-30T08:00:00Z")).has_value());
    ASSERT_TRUE(store->mark_verified(record.recipient_id, at("2026-11-30T08:05:00Z"), "00").has_value());
}

TEST(ExternalConcurrency, TenConcurrentReadsOfOneStoreGiveIdenticalResults)
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

    const auto verified = terraform::read_external("recipient", {{"email", "ops@example.com"}});
    const auto pending = terraform::read_external("recipient", {{"email", "dev@example.com"}});
    ASSERT_TRUE(verified.ok && pending.ok) << verified.process.err << pending.process.err;
    const std::string verified_id = verified.result.at("id");
    const std::string pending_id = pending.result.at("id");
    create_store_with_verified_recipient(store, verified_id);
    ASSERT_TRUE(std::filesystem::is_regular_file(store));

    struct Case {
        std::string kind;
        terraform::Query query;
        std::string key;      // an output that depends on the store or the query
        std::string expected; // its value
    };
    const std::vector<Case> reads{
        {"certificate",
         {{"certificate_file", "cert.pem"}, {"status", "issued"}, {"timezone", "Asia/Shanghai"}},
         "id",
         certificate.fingerprint_sha256()},
        {"expiry", {{"not_after", "1796990400000"}, {"status", "hosting"}}, "not_after", "2026-12-11T12:00:00Z"},
        {"recipient", {{"email", "Ops@Example.com"}, {"mobile", "+86 138 0013 8000"}}, "verification", "pending"},
        {"recipient", {{"email", "Ops@Example.com"}}, "verification", "verified"},
        {"notification",
         {{"certificate", certificate.fingerprint_sha256()},
          {"status", "issued"},
          {"recipients", "[\"" + verified_id + "\",\"" + pending_id + "\"]"}},
         "unverified_recipients",
         "[\"" + pending_id + "\"]"},
    };
    for (const Case& read : reads) {
        SCOPED_TRACE(read.kind + " " + read.key);
        std::vector<std::future<terraform::Read>> running;
        for (int i = 0; i < 10; ++i) {
            running.push_back(std::async(std::launch::async, [&] {
                return terraform::read_external(read.kind, read.query, dir.path().string(),
                                                {{"CERTGATE_NOW", "2026-11-30T09:00:00Z"}, {"CERTGATE_STORE", store}});
            }));
        }
        std::vector<terraform::Read> results;
        for (auto& future : running) {
            results.push_back(future.get());
        }
        ASSERT_TRUE(results.front().ok) << results.front().process.err;
        EXPECT_EQ(results.front().result.at(read.key), read.expected);
        for (const terraform::Read& result : results) {
            EXPECT_EQ(result.process.exit_code, 0);
            EXPECT_EQ(result.process.out, results.front().process.out);
            EXPECT_EQ(result.process.err, "");
        }
    }
}

} // namespace
} // namespace certgate::testing
