// examples/certs is a contract: each file holds the certificates its README
// promises, at the severity it promises as of 2026-11-30T09:00:00Z.

#include "certgate/adapters/x509/certificate_reader.hpp"
#include "certgate/core/finding.hpp"
#include "certgate/core/policy.hpp"

#include "support/certificates.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace certgate::x509 {
namespace {

std::string read_example(const std::string& name)
{
    const std::filesystem::path path = std::filesystem::path(testing::source_path("examples/certs")) / name;
    std::ifstream in(path, std::ios::binary);
    std::string content(static_cast<std::size_t>(std::filesystem::file_size(path)), '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    return content;
}

struct Expected {
    const char* subject;
    const char* not_after;
    const char* severity;
};

void expect_file(const std::string& name, const std::vector<Expected>& expected)
{
    SCOPED_TRACE(name);
    auto bundle = read_certificates(read_example(name), name);
    ASSERT_TRUE(bundle) << bundle.error().describe();
    ASSERT_EQ(bundle->certificates.size(), expected.size());
    const Policy policy; // the default policy of SPEC section 2
    for (std::size_t i = 0; i < expected.size(); ++i) {
        Finding finding;
        finding.certificate = bundle->certificates[i].info;
        assess(finding, policy, testing::at("2026-11-30T09:00:00Z"));
        EXPECT_EQ(finding.certificate->subject, expected[i].subject);
        EXPECT_EQ(format_rfc3339(finding.certificate->not_after), expected[i].not_after);
        EXPECT_EQ(to_string(finding.severity), expected[i].severity);
    }
}

TEST(ExampleCertificates, EverySeverityAsOfTheReferenceInstant)
{
    const char* issuer = "CN=Example Issuing CA,O=Example";
    expect_file("ok.pem", {{"CN=ok.example.com,O=Example", "2027-06-30T12:00:00Z", "ok"}});
    expect_file("notice.pem", {{"CN=notice.example.com,O=Example", "2027-01-20T12:00:00Z", "notice"}});
    expect_file("warning.pem", {{"CN=warning.example.com,O=Example", "2026-12-28T12:00:00Z", "warning"}});
    expect_file("renew.pem", {{"CN=renew.example.com,O=Example", "2026-12-11T12:00:00Z", "renew"}});
    expect_file("critical.pem", {{"CN=critical.example.com,O=Example", "2026-12-02T12:00:00Z", "critical"}});
    expect_file("expired.pem", {{"CN=expired.example.com,O=Example", "2026-11-20T12:00:00Z", "expired"}});
    expect_file("chain-bundle.pem", {{"CN=shop.example.com,O=Example", "2027-02-15T12:00:00Z", "ok"},
                                     {issuer, "2032-12-31T23:59:59Z", "ok"},
                                     {"CN=Example Root CA,O=Example", "2039-12-31T23:59:59Z", "ok"}});
    expect_file("legacy.der", {{"CN=legacy.example.com,O=Example", "2027-03-31T12:00:00Z", "ok"}});
}

TEST(ExampleCertificates, ChainIsIssuedInOrder)
{
    auto bundle = read_certificates(read_example("chain-bundle.pem"), "chain-bundle.pem");
    ASSERT_TRUE(bundle) << bundle.error().describe();
    ASSERT_EQ(bundle->certificates.size(), 3U);
    EXPECT_EQ(bundle->certificates[0].info.issuer, bundle->certificates[1].info.subject);
    EXPECT_EQ(bundle->certificates[1].info.issuer, bundle->certificates[2].info.subject);
    EXPECT_TRUE(bundle->certificates[2].info.self_signed);
    EXPECT_TRUE(bundle->certificates[1].info.is_ca);
    EXPECT_FALSE(bundle->certificates[0].info.is_ca);
}

} // namespace
} // namespace certgate::x509
