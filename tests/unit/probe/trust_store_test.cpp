#include "certgate/adapters/probe/trust_store.hpp"

#include "support/temp_dir.hpp"
#include "test_pki.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <vector>

namespace certgate::probe {
namespace {

using testing::TempDir;

// The OpenSSL verification result of `leaf` with `chain` against `store` at
// `when` (X509_V_OK when it verifies).
int verify(const TrustStore& store, X509* leaf, const std::vector<X509*>& chain, const std::string& when)
{
    const auto free_stack = [](STACK_OF(X509) * stack) { sk_X509_free(stack); };
    std::unique_ptr<STACK_OF(X509), decltype(free_stack)> untrusted(sk_X509_new_null(), free_stack);
    for (X509* certificate : chain) {
        sk_X509_push(untrusted.get(), certificate);
    }
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(X509_STORE_CTX_new(), &X509_STORE_CTX_free);
    if (X509_STORE_CTX_init(context.get(), store.native(), leaf, untrusted.get()) != 1) {
        return -1;
    }
    X509_STORE_CTX_set_time(context.get(), 0, std::chrono::system_clock::to_time_t(testing::at(when)));
    X509_verify_cert(context.get());
    return X509_STORE_CTX_get_error(context.get());
}

// A root certificate of the system store (Debian's ca-certificates) valid at
// k_probe_now, read from the bundle file rather than through the store under test.
std::unique_ptr<X509, decltype(&X509_free)> a_system_root()
{
    const std::string pem = TempDir::read("/etc/ssl/certs/ca-certificates.crt");
    std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    std::time_t when = std::chrono::system_clock::to_time_t(testing::at(testing::k_probe_now));
    while (true) {
        std::unique_ptr<X509, decltype(&X509_free)> root(PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr),
                                                         &X509_free);
        if (root == nullptr || (X509_cmp_time(X509_get0_notBefore(root.get()), &when) < 0 &&
                                X509_cmp_time(X509_get0_notAfter(root.get()), &when) > 0)) {
            return root;
        }
    }
}

TEST(TrustStore, SystemStoreTrustsTheSystemRootsAndNothingElse)
{
    auto store = TrustStore::system();
    ASSERT_TRUE(store.has_value());
    const auto system_root = a_system_root();
    ASSERT_NE(system_root, nullptr) << "no certificate in /etc/ssl/certs/ca-certificates.crt";
    EXPECT_EQ(verify(*store, system_root.get(), {}, testing::k_probe_now), X509_V_OK);

    const testing::TestPki pki;
    const auto leaf = pki.leaf("2027-01-01T00:00:00Z");
    EXPECT_EQ(verify(*store, leaf.x509(), {pki.intermediate.x509()}, testing::k_probe_now),
              X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
}

TEST(TrustStore, CaFileTrustsItsCertificatesOnly)
{
    const TempDir dir;
    const testing::TestPki pki;
    auto store = TrustStore::from_file(pki.ca_file(dir));
    ASSERT_TRUE(store.has_value()) << store.error().describe();
    const auto leaf = pki.leaf("2027-01-01T00:00:00Z");
    EXPECT_EQ(verify(*store, leaf.x509(), {pki.intermediate.x509()}, testing::k_probe_now), X509_V_OK);

    // Another PKI's leaf, and the system roots, are not trusted by this file.
    const testing::TestPki other;
    const auto stranger = other.leaf("2027-01-01T00:00:00Z");
    // (Both test PKIs use the same names, so the chain is built to this root
    // and its signature check fails.)
    EXPECT_EQ(verify(*store, stranger.x509(), {other.intermediate.x509()}, testing::k_probe_now),
              X509_V_ERR_CERT_SIGNATURE_FAILURE);
    const auto system_root = a_system_root();
    ASSERT_NE(system_root, nullptr);
    EXPECT_NE(verify(*store, system_root.get(), {}, testing::k_probe_now), X509_V_OK);
}

TEST(TrustStore, MissingCaFile)
{
    const TempDir dir;
    const std::string path = (dir.path() / "missing.pem").string();
    auto store = TrustStore::from_file(path);
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().describe(), path + ": cannot read the CA file");
}

// Regression: the CA file was opened with an ifstream, which waits for a
// writer on a FIFO, so `check --host … --ca-file FIFO` hung.
TEST(TrustStore, AFifoOrADirectoryIsRefusedAtOnce)
{
    const TempDir dir;
    const std::string fifo = (dir.path() / "ca.fifo").string();
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    for (const std::string& path : {fifo, dir.path().string()}) {
        auto store = TrustStore::from_file(path);
        ASSERT_FALSE(store.has_value()) << path;
        EXPECT_EQ(store.error().describe(), path + ": cannot read the CA file");
    }
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
