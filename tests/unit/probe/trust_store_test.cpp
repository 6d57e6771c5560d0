#include "certgate/adapters/probe/trust_store.hpp"

#include "support/temp_dir.hpp"
#include "test_pki.hpp"

#include <gtest/gtest.h>

namespace certgate::probe {
namespace {

using testing::TempDir;

TEST(TrustStore, SystemStoreLoads)
{
    auto store = TrustStore::system();
    ASSERT_TRUE(store.has_value());
    EXPECT_NE(store->native(), nullptr);
}

TEST(TrustStore, CaFileWithACertificate)
{
    const TempDir dir;
    const auto root = testing::make_certificate(
        testing::probe_spec("Root", "2020-01-01T00:00:00Z", "2040-01-01T00:00:00Z", nullptr, true, 1));
    auto store = TrustStore::from_file(dir.write("ca.pem", root.pem()));
    ASSERT_TRUE(store.has_value()) << store.error().describe();
}

TEST(TrustStore, MissingCaFile)
{
    const TempDir dir;
    const std::string path = (dir.path() / "missing.pem").string();
    auto store = TrustStore::from_file(path);
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().describe(), path + ": cannot read the CA file");
}

TEST(TrustStore, CaFileWithoutCertificates)
{
    const TempDir dir;
    for (const std::string& content :
         {std::string(), std::string("not pem at all\n"),
          std::string("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), std::string(100000, '\xff')}) {
        const std::string path = dir.write("bad.pem", content);
        auto store = TrustStore::from_file(path);
        ASSERT_FALSE(store.has_value());
        EXPECT_EQ(store.error().describe(), path + ": no certificate in the CA file, expected PEM certificates");
    }
}

} // namespace
} // namespace certgate::probe
