#include "certgate/app/console_view.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate::app {
namespace {

using testing::at;

TEST(ConsoleMasks, EmailKeepsItsFirstCharacterAndDomain)
{
    EXPECT_EQ(mask_email("ops@example.com"), "o***@example.com");
    EXPECT_EQ(mask_email("a@b.example"), "a***@b.example");
    EXPECT_EQ(mask_email(""), "");
    EXPECT_EQ(mask_email("no-at-sign"), "***");
}

TEST(ConsoleMasks, MobileKeepsCountryCodeAndTheEndsOfTheNationalNumber)
{
    EXPECT_EQ(mask_mobile("+8613800138000"), "+86 138****8000");
    EXPECT_EQ(mask_mobile("+14155550123"), "+1 415***0123");
    EXPECT_EQ(mask_mobile("+4915112345678"), "+49 151****5678");
    EXPECT_EQ(mask_mobile("+35312345678"), "+353 123*5678");
    EXPECT_EQ(mask_mobile("+861234"), "+86 ****");
    EXPECT_EQ(mask_mobile(""), "");
}

DeclaredCertificate declared(const std::string& id, CertificateStatus status, const std::string& not_after)
{
    DeclaredCertificate certificate;
    certificate.id = id;
    certificate.name = id.substr(0, 4);
    certificate.address = "/certificates/" + id.substr(0, 1);
    certificate.status = status;
    certificate.validity.not_after = at(not_after);
    certificate.validity.not_before = at("2026-01-01T00:00:00Z");
    return certificate;
}

TEST(ConsoleSnapshot, ReminderToggleAndOrderFollowTheRules)
{
    Declarations declarations;
    declarations.certificates = {
        declared(std::string(64, 'a'), CertificateStatus::issued, "2026-12-31T12:00:00Z"),   // 30 days
        declared(std::string(64, 'b'), CertificateStatus::issued, "2027-01-01T12:00:00Z"),   // 31 days
        declared(std::string(64, 'c'), CertificateStatus::uploaded, "2026-12-31T12:00:00Z"), // no reminder
        declared(std::string(64, 'd'), CertificateStatus::hosting, "2026-11-20T12:00:00Z"),  // expired
    };
    const Policy policy;
    auto snapshot = build_console_snapshot(declarations, policy, at("2026-12-01T09:00:00Z"),
                                           {"decl.json", SourceKind::file}, nullptr);
    ASSERT_TRUE(snapshot) << snapshot.error().describe();
    const auto& certificates = snapshot->view.certificates;
    ASSERT_EQ(certificates.size(), 4U);
    EXPECT_EQ(certificates[0].id, std::string(64, 'd'));
    EXPECT_EQ(certificates[0].effective, CertificateStatus::expired);
    EXPECT_FALSE(certificates[0].console_reminder);
    EXPECT_EQ(certificates[0].toggle, report::ConsoleToggle::on);
    EXPECT_TRUE(certificates[0].toggle_locked);
    for (const auto& certificate : certificates) {
        if (certificate.id == std::string(64, 'a')) {
            EXPECT_TRUE(certificate.console_reminder);
            EXPECT_FALSE(certificate.toggle_locked);
        } else if (certificate.id == std::string(64, 'c')) {
            EXPECT_FALSE(certificate.console_reminder);
            EXPECT_EQ(certificate.toggle, report::ConsoleToggle::absent);
        } else if (certificate.id == std::string(64, 'b')) {
            EXPECT_FALSE(certificate.console_reminder);
        }
        EXPECT_EQ(certificate.report["fingerprint_sha256"], certificate.id);
        EXPECT_EQ(certificate.report["source"]["path"], "decl.json");
    }
    EXPECT_NE(snapshot->metrics.find("certgate_certificate_severity{"), std::string::npos);
}

} // namespace
} // namespace certgate::app
