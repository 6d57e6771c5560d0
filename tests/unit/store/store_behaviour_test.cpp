// The store's behaviour, one typed suite run against each back end: the
// SQLite file and a real PostgreSQL 15 server (tests/support/postgres_server).

#include "certgate/adapters/store/store.hpp"

#include "support/certificates.hpp"
#include "support/peers.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace certgate::store {
namespace {

using certgate::testing::at;
using certgate::testing::PostgresServer;
using certgate::testing::TempDir;

/// An SQLite file in a temporary folder.
struct SqliteBackend {
    static constexpr bool k_server_clock = false;
    static constexpr int k_version = k_schema_version;
    static bool available() { return true; }
    static std::string missing() { return {}; }

    TempDir dir;
    std::string location = (dir.path() / "store.db").string();

    void execute(const std::string& sql) const
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(location.c_str(), &db), SQLITE_OK);
        char* message = nullptr;
        const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
        EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
        sqlite3_free(message);
        sqlite3_close(db);
    }
    /// Claims are judged by the `now` the caller passes: nothing to age.
    void age_claims(std::chrono::seconds) const {}
    void set_schema_version(int version) const { execute("PRAGMA user_version = " + std::to_string(version)); }
};

/// A fresh database on the test process's PostgreSQL server.
struct PostgresBackend {
    static constexpr bool k_server_clock = true;
    static constexpr int k_version = k_postgres_schema_version;
    static bool available() { return PostgresServer::shared() != nullptr; }
    static std::string missing() { return PostgresServer::postgres_missing(); }

    std::string location = available() ? PostgresServer::shared()->create_database() : "";

    void execute(const std::string& sql) const { (void)PostgresServer::shared()->execute(location, sql); }
    /// Claims are judged by the server's clock: move them into its past.
    void age_claims(std::chrono::seconds by) const
    {
        execute("UPDATE deliveries SET claimed_at = claimed_at - make_interval(secs => " + std::to_string(by.count()) +
                ")");
    }
    void set_schema_version(int version) const
    {
        execute("UPDATE certgate_schema SET version = " + std::to_string(version));
    }
};

template <typename Backend> class StoreBehaviour : public ::testing::Test {
protected:
    void SetUp() override { CERTGATE_REQUIRE_PEER(Backend::available(), Backend::missing()); }

    Store open(OpenMode mode = OpenMode::read_write)
    {
        auto store = open_store(backend.location, mode);
        if (!store) {
            ADD_FAILURE() << store.error().describe();
            std::abort();
        }
        return std::move(*store);
    }

    Backend backend;
};

struct BackendNames {
    template <typename T> static std::string GetName(int)
    {
        return std::is_same_v<T, SqliteBackend> ? "sqlite" : "postgresql";
    }
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(StoreBehaviour, Backends, BackendNames);

RecipientVerification record_for(const std::string& id, const std::string& contacts, Instant expires)
{
    RecipientVerification record;
    record.recipient_id = id;
    record.code_hash = "hash";
    record.code_salt = "salt";
    record.code_expires_at = expires;
    record.contacts = contacts;
    return record;
}

TYPED_TEST(StoreBehaviour, VerificationLifecycle)
{
    auto store = this->open();
    const std::string id = "rcpt-0123456789abcdef";
    const Instant now = at("2026-11-01T00:00:00Z");
    EXPECT_EQ(*store.recipient_verification(id), VerificationState::unknown);
    EXPECT_TRUE(*store.start_verification(record_for(id, "email=a@example.com", now + std::chrono::hours{24}), now));
    EXPECT_EQ(*store.recipient_verification(id), VerificationState::pending);
    // A second run while the code is valid does not issue another one.
    EXPECT_FALSE(*store.start_verification(record_for(id, "email=a@example.com", now + std::chrono::hours{48}),
                                           now + std::chrono::hours{1}));
    EXPECT_EQ((*store.find_recipient(id))->code_expires_at, now + std::chrono::hours{24});
    // Once it expired, a new one replaces it.
    EXPECT_TRUE(*store.start_verification(record_for(id, "email=a@example.com", now + std::chrono::hours{72}),
                                          now + std::chrono::hours{25}));
    EXPECT_FALSE(store.mark_verified(id, now + std::chrono::hours{26}, "an older hash"));
    ASSERT_TRUE(store.mark_verified(id, now + std::chrono::hours{26}, "hash"));
    const auto verified = **store.find_recipient(id);
    EXPECT_EQ(verified.state, VerificationState::verified);
    EXPECT_EQ(verified.code_hash, "");
    EXPECT_EQ(verified.verified_at, now + std::chrono::hours{26});
    // Verified stays verified for the same contacts, even after a long time.
    EXPECT_FALSE(*store.start_verification(record_for(id, "email=a@example.com", now), now + std::chrono::hours{9999}));
    // New contacts start over.
    EXPECT_TRUE(*store.start_verification(record_for(id, "email=b@example.com", now + std::chrono::hours{99}), now));
    EXPECT_EQ(*store.recipient_verification(id), VerificationState::pending);
    ASSERT_TRUE(store.forget_recipient(id));
    EXPECT_EQ(*store.recipient_verification(id), VerificationState::unknown);
    auto unknown = store.mark_verified("rcpt-ffffffffffffffff", now, "hash");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message,
              "recipient \"rcpt-ffffffffffffffff\" has no such pending code (it was reset or replaced meanwhile)");
    const auto listed = *store.list_recipients();
    EXPECT_TRUE(listed.empty());
}

TYPED_TEST(StoreBehaviour, ClaimsAreExclusiveUntilFailedOrStale)
{
    auto store = this->open();
    const DeliveryKey key{"c0ffee", "1w", "rcpt-0123456789abcdef", Channel::email};
    const Instant now = at("2026-12-04T08:00:00Z");
    const std::chrono::seconds lease{600};
    EXPECT_TRUE(*store.claim_delivery(key, "2026-12-04", now, lease));
    // Another run (this live process holds the claim) may not take it.
    EXPECT_FALSE(*store.claim_delivery(key, "2026-12-04", now + std::chrono::seconds{60}, lease));
    // A stale claim is taken over.
    this->backend.age_claims(std::chrono::seconds{601});
    EXPECT_TRUE(*store.claim_delivery(key, "2026-12-04", now + std::chrono::seconds{601}, lease));
    ASSERT_TRUE(store.mark_failed(key, "smtp://x:25: cannot connect: connection refused"));
    auto failed = **store.find_delivery(key);
    EXPECT_EQ(failed.state, DeliveryState::failed);
    EXPECT_EQ(failed.attempts, 1);
    EXPECT_EQ(failed.last_error, "smtp://x:25: cannot connect: connection refused");
    EXPECT_EQ(failed.milestone_date, "2026-12-04");
    // A failed delivery is retried by the next run.
    EXPECT_TRUE(*store.claim_delivery(key, "2026-12-04", now + std::chrono::seconds{700}, lease));
    ASSERT_TRUE(store.mark_sent(key, now + std::chrono::seconds{701}));
    EXPECT_FALSE(*store.claim_delivery(key, "2026-12-04", now + std::chrono::hours{100}, lease));
    auto sent = **store.find_delivery(key);
    EXPECT_EQ(sent.state, DeliveryState::sent);
    EXPECT_EQ(sent.attempts, 2);
    EXPECT_EQ(sent.last_error, "");
    EXPECT_EQ(sent.sent_at, now + std::chrono::seconds{701});
    EXPECT_EQ(store.list_deliveries()->size(), 1U);
}

TYPED_TEST(StoreBehaviour, AClaimOfADeadProcessIsTakenOverAtOnce)
{
    auto store = this->open();
    const DeliveryKey key{"c0ffee", "0d", "rcpt-0123456789abcdef", Channel::sms};
    const Instant now = at("2026-12-11T08:00:00Z");
    ASSERT_TRUE(*store.claim_delivery(key, "2026-12-11", now, std::chrono::seconds{600}));
    const pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    this->backend.execute("UPDATE deliveries SET claimed_by_pid = " + std::to_string(child));
    EXPECT_TRUE(*store.claim_delivery(key, "2026-12-11", now, std::chrono::seconds{600}));
}

TYPED_TEST(StoreBehaviour, ARefusedDeliveryIsNeverClaimedAgainUntilItsRecipientIsReset)
{
    auto store = this->open();
    const DeliveryKey refused{"c0ffee", "1w", "rcpt-0123456789abcdef", Channel::email};
    const DeliveryKey other{"c0ffee", "1w", "rcpt-fedcba9876543210", Channel::email};
    const Instant now = at("2026-12-04T08:00:00Z");
    const std::chrono::seconds lease{600};
    ASSERT_TRUE(*store.claim_delivery(refused, "2026-12-04", now, lease));
    ASSERT_TRUE(store.mark_refused(refused, "smtp://x:25: permanently refused RCPT TO: 550 5.1.1 no such user"));
    ASSERT_TRUE(*store.claim_delivery(other, "2026-12-04", now, lease));
    ASSERT_TRUE(store.mark_failed(other, "smtp://x:25: cannot connect (connection refused)"));
    const auto row = **store.find_delivery(refused);
    EXPECT_EQ(row.state, DeliveryState::refused);
    EXPECT_EQ(to_string(row.state), "refused");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.last_error, "smtp://x:25: permanently refused RCPT TO: 550 5.1.1 no such user");
    // Neither a later run nor a stale lease hands it out again; a temporary
    // failure is retried.
    EXPECT_FALSE(*store.claim_delivery(refused, "2026-12-04", now + std::chrono::hours{100}, lease));
    EXPECT_TRUE(*store.claim_delivery(other, "2026-12-04", now + std::chrono::seconds{1}, lease));
    // Resetting the recipient frees its refused deliveries, and only its.
    ASSERT_TRUE(store.forget_recipient("rcpt-fedcba9876543210"));
    EXPECT_EQ((*store.find_delivery(refused))->state, DeliveryState::refused);
    ASSERT_TRUE(store.forget_recipient("rcpt-0123456789abcdef"));
    EXPECT_FALSE(store.find_delivery(refused)->has_value());
    EXPECT_TRUE(*store.claim_delivery(refused, "2026-12-04", now + std::chrono::hours{101}, lease));
    EXPECT_EQ((*store.find_delivery(other))->state, DeliveryState::pending);
}

TYPED_TEST(StoreBehaviour, TogglesAtExpiryKeepTheFirstValue)
{
    auto store = this->open();
    EXPECT_EQ(*store.toggle_at_expiry("abc"), std::nullopt);
    ASSERT_TRUE(store.record_toggle_at_expiry("abc", false));
    ASSERT_TRUE(store.record_toggle_at_expiry("abc", true));
    EXPECT_EQ(*store.toggle_at_expiry("abc"), std::optional<bool>{false});
}

TYPED_TEST(StoreBehaviour, AppliedTogglesAreReplaced)
{
    auto store = this->open();
    EXPECT_FALSE(store.applied_toggle("abc")->has_value());
    ASSERT_TRUE(store.set_applied_toggle("abc", true, at("2026-01-01T00:00:00Z")));
    ASSERT_TRUE(store.set_applied_toggle("abc", false, at("2026-02-01T00:00:00Z")));
    const auto applied = **store.applied_toggle("abc");
    EXPECT_FALSE(applied.enabled);
    EXPECT_EQ(applied.applied_at, at("2026-02-01T00:00:00Z"));
}

TYPED_TEST(StoreBehaviour, ReopeningKeepsTheDataAndTheSchemaVersion)
{
    {
        auto store = this->open();
        ASSERT_TRUE(store.record_toggle_at_expiry("abc", false));
    }
    auto again = this->open();
    EXPECT_EQ(*again.toggle_at_expiry("abc"), std::optional<bool>{false});
    const auto status = *again.status();
    EXPECT_EQ(status.schema_version, TypeParam::k_version);
    EXPECT_EQ(status.toggles_at_expiry, 1);
    auto reader = open_store(this->backend.location, OpenMode::read_only);
    ASSERT_TRUE(reader) << reader.error().describe();
    EXPECT_EQ(*reader->toggle_at_expiry("abc"), std::optional<bool>{false});
}

TYPED_TEST(StoreBehaviour, ReadOnlyBeforeTheFirstMigrationIsEmptyAndCreatesNothing)
{
    auto reader = open_store(this->backend.location, OpenMode::read_only);
    ASSERT_TRUE(reader) << reader.error().describe();
    EXPECT_EQ(*reader->recipient_verification("rcpt-0000000000000000"), VerificationState::unknown);
    EXPECT_TRUE(reader->list_deliveries()->empty());
    // Nothing was written: a writer still finds schema version 0 to migrate.
    auto store = this->open();
    EXPECT_EQ(store.status()->schema_version, TypeParam::k_version);
}

TYPED_TEST(StoreBehaviour, RefusesANewerSchema)
{
    {
        auto created = this->open();
    }
    this->backend.set_schema_version(99);
    for (const auto mode : {OpenMode::read_write, OpenMode::read_only}) {
        auto store = open_store(this->backend.location, mode);
        ASSERT_FALSE(store);
        EXPECT_EQ(store.error().code, ErrorCode::store);
        EXPECT_NE(store.error().message.find("the store has schema version 99, newer than this certgate understands (" +
                                             std::to_string(TypeParam::k_version) + "); upgrade certgate"),
                  std::string::npos)
            << store.error().message;
    }
}

TYPED_TEST(StoreBehaviour, StatusCountsEachKindOfRow)
{
    auto store = this->open();
    const Instant now = at("2026-12-04T08:00:00Z");
    const std::chrono::seconds lease{600};
    ASSERT_TRUE(
        *store.start_verification(record_for("rcpt-a", "email=a@example.com", now + std::chrono::hours{1}), now));
    ASSERT_TRUE(
        *store.start_verification(record_for("rcpt-b", "email=b@example.com", now + std::chrono::hours{1}), now));
    ASSERT_TRUE(store.mark_verified("rcpt-b", now, "hash"));
    const DeliveryKey sent{"c0ffee", "1w", "rcpt-b", Channel::email};
    const DeliveryKey failed{"c0ffee", "1w", "rcpt-b", Channel::sms};
    const DeliveryKey refused{"c0ffee", "3d", "rcpt-b", Channel::email};
    const DeliveryKey pending{"c0ffee", "3d", "rcpt-b", Channel::sms};
    for (const auto& key : {sent, failed, refused, pending}) {
        ASSERT_TRUE(*store.claim_delivery(key, "2026-12-04", now, lease));
    }
    ASSERT_TRUE(store.mark_sent(sent, now));
    ASSERT_TRUE(store.mark_failed(failed, "later"));
    ASSERT_TRUE(store.mark_refused(refused, "never"));
    ASSERT_TRUE(store.record_toggle_at_expiry("c0ffee", true));
    ASSERT_TRUE(store.set_applied_toggle("c0ffee", true, now));
    ASSERT_TRUE(store.set_applied_toggle("beef", false, now));
    const auto status = *store.status();
    EXPECT_EQ(status.back_end, TypeParam::k_server_clock ? "postgresql" : "sqlite");
    EXPECT_EQ(status.recipients_pending, 1);
    EXPECT_EQ(status.recipients_verified, 1);
    EXPECT_EQ(status.deliveries_pending, 1);
    EXPECT_EQ(status.deliveries_sent, 1);
    EXPECT_EQ(status.deliveries_failed, 1);
    EXPECT_EQ(status.deliveries_refused, 1);
    EXPECT_EQ(status.toggles_at_expiry, 1);
    EXPECT_EQ(status.applied_toggles, 2);
}

// Regression guard for several hosts: a host whose clock runs an hour ahead
// (a `now` an hour later) must not take a live claim over. SQLite trusts the
// caller's clock (one host); PostgreSQL judges the lease by its own.
TYPED_TEST(StoreBehaviour, ALeaseIsJudgedByTheStoresClock)
{
    auto store = this->open();
    const DeliveryKey key{"c0ffee", "1w", "rcpt-0123456789abcdef", Channel::email};
    const Instant now = at("2026-12-04T08:00:00Z");
    const std::chrono::seconds lease{600};
    ASSERT_TRUE(*store.claim_delivery(key, "2026-12-04", now, lease));
    this->backend.execute("UPDATE deliveries SET claimed_by_host = 'another-host'");
    const bool skewed_host_took_it = *store.claim_delivery(key, "2026-12-04", now + std::chrono::hours{1}, lease);
    EXPECT_EQ(skewed_host_took_it, !TypeParam::k_server_clock);
}

// A claim of a host that died (another host: its process cannot be checked)
// is taken over once its lease has run out, and not before.
TYPED_TEST(StoreBehaviour, AClaimOfADeadHostIsTakenOverAfterItsLease)
{
    auto store = this->open();
    const DeliveryKey key{"c0ffee", "1w", "rcpt-0123456789abcdef", Channel::email};
    const Instant now = at("2026-12-04T08:00:00Z");
    const std::chrono::seconds lease{600};
    ASSERT_TRUE(*store.claim_delivery(key, "2026-12-04", now, lease));
    this->backend.execute("UPDATE deliveries SET claimed_by_host = 'dead-host', claimed_by_pid = 1");
    EXPECT_FALSE(*store.claim_delivery(key, "2026-12-04", now + std::chrono::seconds{1}, lease));
    this->backend.age_claims(std::chrono::seconds{601});
    EXPECT_TRUE(*store.claim_delivery(key, "2026-12-04", now + std::chrono::seconds{601}, lease));
}

// Four connections (as four notifier processes) race for the same 25
// deliveries: each is claimed exactly once, and migrating together works.
TYPED_TEST(StoreBehaviour, ConcurrentClaimsHandEachDeliveryOutOnce)
{
    constexpr int k_workers = 4;
    constexpr int k_deliveries = 25;
    std::atomic<int> claimed{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    const auto location = this->backend.location;
    for (int worker = 0; worker < k_workers; ++worker) {
        workers.emplace_back([&, worker] {
            auto store = open_store(location);
            if (!store) {
                ++failures;
                return;
            }
            for (int i = 0; i < k_deliveries; ++i) {
                const int index = (i + worker * 7) % k_deliveries;
                const DeliveryKey key{"cert-" + std::to_string(index), "1w", "rcpt-a", Channel::email};
                auto won =
                    store->claim_delivery(key, "2026-12-04", at("2026-12-04T08:00:00Z"), std::chrono::seconds{600});
                if (!won) {
                    ++failures;
                } else if (*won) {
                    ++claimed;
                }
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(claimed.load(), k_deliveries);
    EXPECT_EQ(this->open().list_deliveries()->size(), static_cast<std::size_t>(k_deliveries));
}

TEST(StoreLocation, PostgresUrisAreRecognised)
{
    EXPECT_TRUE(is_postgres_location("postgresql://db.example.com/certgate"));
    EXPECT_TRUE(is_postgres_location("postgres://u:p@db.example.com:6432/certgate?sslmode=verify-full"));
    EXPECT_FALSE(is_postgres_location("/var/lib/certgate/certgate.db"));
    EXPECT_FALSE(is_postgres_location("postgresql.db"));
    EXPECT_FALSE(is_postgres_location("host=db.example.com dbname=certgate"));
    StoreLocation location{std::nullopt, std::string("postgresql://db.example.com/certgate"), std::string("/state"),
                           std::nullopt};
    EXPECT_EQ(*resolve_store_path(location), "postgresql://db.example.com/certgate");
}

} // namespace
} // namespace certgate::store
