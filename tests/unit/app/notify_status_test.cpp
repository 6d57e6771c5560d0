#include "certgate/app/notify_status.hpp"

#include "certgate/adapters/store/store.hpp"
#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate::app {
namespace {

using testing::at;

DeclaredCertificate certificate_expiring(char id, const std::string& not_after)
{
    DeclaredCertificate certificate;
    certificate.id = std::string(64, id);
    certificate.name = std::string(1, id) + ".example.com";
    certificate.address = "/certificates/" + std::string(1, id);
    certificate.status = CertificateStatus::issued;
    certificate.validity.not_before = at("2026-01-01T00:00:00Z");
    certificate.validity.not_after = at(not_after);
    return certificate;
}

DeclaredRecipient recipient(const std::string& id)
{
    DeclaredRecipient declared;
    declared.id = id;
    declared.name = id;
    declared.email = id + "@example.com";
    declared.channels = {Channel::email};
    return declared;
}

void verify(store::Store& store, const std::string& id, Instant now)
{
    store::RecipientVerification record;
    record.recipient_id = id;
    record.code_hash = "hash";
    record.code_salt = "salt";
    record.code_expires_at = now + std::chrono::hours{24};
    record.contacts = "email=" + id;
    ASSERT_TRUE(store.start_verification(record, now));
    ASSERT_TRUE(store.mark_verified(id, now, "hash"));
}

// Each certificate's row counts its verified recipients in scope (a listed id
// counts once, an undeclared one not at all) and holds only its own refused
// deliveries, in the store's order.
TEST(StatusRows, CountVerifiedRecipientsInScopeAndKeepEachCertificatesRefusals)
{
    testing::TempDir folder;
    auto opened = store::open_store((folder.path() / "certgate.db").string());
    ASSERT_TRUE(opened) << opened.error().describe();
    store::Store& store = *opened;
    const Instant now = at("2026-12-01T09:00:00Z");
    verify(store, "rcpt-0000000000000001", now);
    verify(store, "rcpt-0000000000000003", now);

    Declarations declarations;
    declarations.certificates = {certificate_expiring('a', "2026-12-20T00:00:00Z"),
                                 certificate_expiring('b', "2027-03-01T00:00:00Z")};
    declarations.recipients = {recipient("rcpt-0000000000000001"), recipient("rcpt-0000000000000002"),
                               recipient("rcpt-0000000000000003")};
    DeclaredNotification listed;
    listed.certificate_id = std::string(64, 'a');
    listed.recipients = std::vector<std::string>{"rcpt-0000000000000001", "rcpt-0000000000000001",
                                                 "rcpt-00000000000000ff", "rcpt-0000000000000002"};
    declarations.notifications = {listed};

    struct Refusal {
        char certificate;
        std::string milestone;
        std::string date;
    };
    for (const auto& refusal :
         std::vector<Refusal>{{'b', "2mo", "2027-01-01"}, {'a', "3d", "2026-12-17"}, {'a', "1w", "2026-12-13"}}) {
        const store::DeliveryKey key{std::string(64, refusal.certificate), refusal.milestone, "rcpt-0000000000000001",
                                     Channel::email};
        ASSERT_TRUE(store.claim_delivery(key, refusal.date, now, std::chrono::seconds{60}));
        ASSERT_TRUE(store.mark_refused(key, "550 mailbox unavailable"));
    }

    auto rows = status_rows(declarations, Policy{}, now, &store);
    ASSERT_TRUE(rows) << rows.error().describe();
    ASSERT_EQ(rows->size(), 2U);
    const StatusRow& a = (*rows)[0]; // the most urgent first
    const StatusRow& b = (*rows)[1];
    ASSERT_EQ(a.certificate->id, std::string(64, 'a'));
    ASSERT_EQ(b.certificate->id, std::string(64, 'b'));
    EXPECT_EQ(a.recipients, 1U); // 0001 listed twice, 00ff undeclared, 0002 not verified
    EXPECT_EQ(b.recipients, 2U); // no list: every declared recipient, 0001 and 0003 verified
    ASSERT_EQ(a.refused.size(), 2U);
    EXPECT_EQ(a.refused[0].key.milestone, "1w");
    EXPECT_EQ(a.refused[1].key.milestone, "3d");
    ASSERT_EQ(b.refused.size(), 1U);
    EXPECT_EQ(b.refused[0].key.milestone, "2mo");
}

} // namespace
} // namespace certgate::app
