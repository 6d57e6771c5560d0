#include "certgate/adapters/store/store.hpp"

#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

namespace certgate::store {
namespace {

using certgate::testing::at;
using certgate::testing::TempDir;

Store open_or_fail(const std::string& path, OpenMode mode = OpenMode::read_write)
{
    auto store = open_store(path, mode);
    if (!store) {
        ADD_FAILURE() << store.error().describe();
        std::abort();
    }
    return std::move(*store);
}

void execute(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
}

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

TEST(Store, CreatesTheFileAndItsFolderAndSetsTheSchemaVersion)
{
    TempDir dir;
    const auto path = (dir.path() / "deep" / "er" / "certgate.db").string();
    {
        auto store = open_or_fail(path);
        EXPECT_EQ(store.path(), path);
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(statement, 0), k_schema_version);
    sqlite3_finalize(statement);
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
    sqlite3_finalize(statement);
    sqlite3_close(db);
    // Reopening an up-to-date store migrates nothing and keeps the data.
    auto again = open_or_fail(path);
    ASSERT_TRUE(again.record_toggle_at_expiry("abc", false));
    auto reopened = open_or_fail(path);
    EXPECT_EQ(*reopened.toggle_at_expiry("abc"), std::optional<bool>{false});
}

mode_t mode_of(const std::string& path)
{
    struct stat status {};
    EXPECT_EQ(::lstat(path.c_str(), &status), 0) << path;
    return status.st_mode & 07777U;
}

// Regression (issue 12 item 3): the store holds contacts and code hashes but
// was created 0644 in a 0755 folder.
TEST(Store, CreatesItsFolderAndFilesForTheOwnerOnly)
{
    TempDir dir;
    const auto folder = dir.path() / "state" / "certgate";
    const auto path = (folder / "certgate.db").string();
    auto store = open_or_fail(path);
    ASSERT_TRUE(store.record_toggle_at_expiry("abc", true)); // the -wal and -shm files now exist
    EXPECT_EQ(mode_of(folder.string()), 0700U);
    EXPECT_EQ(mode_of(folder.parent_path().string()), 0700U);
    EXPECT_EQ(mode_of(path), 0600U);
    EXPECT_EQ(mode_of(path + "-wal"), 0600U);
    EXPECT_EQ(mode_of(path + "-shm"), 0600U);
}

TEST(Store, TightensAnExistingStoreAndLeavesAnExistingFolderAlone)
{
    TempDir dir;
    const auto path = (dir.path() / "certgate.db").string();
    {
        auto created = open_or_fail(path);
        ASSERT_TRUE(created.record_toggle_at_expiry("abc", true));
    }
    ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    auto store = open_or_fail(path);
    ASSERT_TRUE(store.record_toggle_at_expiry("def", true));
    EXPECT_EQ(mode_of(path), 0600U);
    EXPECT_EQ(mode_of(path + "-wal"), 0600U);
    EXPECT_EQ(mode_of(dir.path().string()), 0755U);
    EXPECT_EQ(*store.toggle_at_expiry("abc"), std::optional<bool>{true});
}

TEST(Store, ReadOnlyOnAMissingFileIsEmptyAndCreatesNothing)
{
    TempDir dir;
    const auto path = (dir.path() / "missing.db").string();
    auto store = open_or_fail(path, OpenMode::read_only);
    EXPECT_EQ(*store.recipient_verification("rcpt-0000000000000000"), VerificationState::unknown);
    EXPECT_EQ(*store.toggle_at_expiry("abc"), std::nullopt);
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(Store, ReadOnlyRefusesWrites)
{
    TempDir dir;
    const auto path = (dir.path() / "store.db").string();
    {
        auto created = open_or_fail(path);
    }
    auto store = open_or_fail(path, OpenMode::read_only);
    auto written = store.record_toggle_at_expiry("abc", true);
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, ErrorCode::store);
    EXPECT_NE(written.error().message.find("readonly"), std::string::npos) << written.error().message;
}

TEST(Store, RefusesAFileThatIsNotADatabase)
{
    TempDir dir;
    const auto path = dir.write("garbage.db", std::string(4096, 'x'));
    auto store = open_store(path);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::store);
    EXPECT_EQ(store.error().describe(),
              path + ": cannot read the schema version: file is not a database (the store is damaged; restore it "
                     "from a backup or move it away to start afresh)");
}

TEST(Store, RefusesATruncatedDatabase)
{
    TempDir dir;
    const auto path = (dir.path() / "store.db").string();
    {
        auto store = open_or_fail(path);
        for (int i = 0; i < 200; ++i) {
            ASSERT_TRUE(store.record_toggle_at_expiry("certificate-" + std::to_string(i), true));
        }
    }
    execute(path, "PRAGMA wal_checkpoint(TRUNCATE)");
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    std::filesystem::remove(path + "-wal");
    auto store = open_store(path);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::store);
    EXPECT_NE(store.error().message.find("damaged"), std::string::npos) << store.error().message;
}

TEST(Store, RefusesANewerSchema)
{
    TempDir dir;
    const auto path = (dir.path() / "store.db").string();
    {
        auto created = open_or_fail(path);
    }
    execute(path, "PRAGMA user_version = 99");
    auto store = open_store(path);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().describe(),
              path + ": the store has schema version 99, newer than this certgate understands (3); upgrade certgate");
}

TEST(Store, RefusesADirectory)
{
    TempDir dir;
    auto store = open_store(dir.path().string());
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().describe(), dir.path().string() + ": is a directory, expected an SQLite database file");
}

TEST(Store, ALockedStoreFailsClearlyAfterTheTimeout)
{
    TempDir dir;
    const auto path = (dir.path() / "store.db").string();
    {
        auto created = open_or_fail(path);
    }
    sqlite3* holder = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &holder), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    auto store = open_store(path, OpenMode::read_write, std::chrono::milliseconds{50});
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::store);
    EXPECT_NE(store.error().message.find("another certgate run holds the store"), std::string::npos)
        << store.error().message;
    sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(holder);
}

TEST(Store, VerificationLifecycle)
{
    TempDir dir;
    auto store = open_or_fail((dir.path() / "store.db").string());
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

TEST(Store, ClaimsAreExclusiveUntilFailedOrStale)
{
    TempDir dir;
    const auto path = (dir.path() / "store.db").string();
    auto store = open_or_fail(path);
    const DeliveryKey key{"c0ffee", "1w", "rcpt-0123456789abcdef", Channel::email};
    const Instant now = at("2026-12-04T08:00:00Z");
    const std::chrono::seconds lease{600};
    EXPECT_TRUE(*store.claim_delivery(key, "2026-12-04", now, lease));
    // Another run (this live process holds the claim) may not take it.
    EXPECT_FALSE(*store.claim_delivery(key, "2026-12-04", now + std::chrono::seconds{60}, lease));
    // A stale claim is taken over.
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

TEST(Store, AClaimOfADeadProcessIsTakenOverAtOnce)
{
    TempDir dir;
    const auto path = (dir.path() / "store.db").string();
    auto store = open_or_fail(path);
    const DeliveryKey key{"c0ffee", "0d", "rcpt-0123456789abcdef", Channel::sms};
    const Instant now = at("2026-12-11T08:00:00Z");
    ASSERT_TRUE(*store.claim_delivery(key, "2026-12-11", now, std::chrono::seconds{600}));
    const pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    execute(path, "UPDATE deliveries SET claimed_by_pid = " + std::to_string(child));
    EXPECT_TRUE(*store.claim_delivery(key, "2026-12-11", now, std::chrono::seconds{600}));
}

TEST(Store, ARefusedDeliveryIsNeverClaimedAgainUntilItsRecipientIsReset)
{
    TempDir dir;
    auto store = open_or_fail((dir.path() / "store.db").string());
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

// The schema certgate wrote at version 2, as that release created it.
constexpr const char* k_schema_v2 = R"sql(
CREATE TABLE recipients (id TEXT PRIMARY KEY, state TEXT NOT NULL CHECK (state IN ('pending', 'verified')),
    code_hash TEXT NOT NULL DEFAULT '', code_salt TEXT NOT NULL DEFAULT '', code_expires_at INTEGER,
    verified_at INTEGER, contacts TEXT NOT NULL DEFAULT '', code_attempts INTEGER NOT NULL DEFAULT 0);
CREATE TABLE deliveries (certificate_id TEXT NOT NULL, milestone TEXT NOT NULL, recipient_id TEXT NOT NULL,
    channel TEXT NOT NULL, milestone_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')), attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '', claimed_at INTEGER, claimed_by_host TEXT NOT NULL DEFAULT '',
    claimed_by_pid INTEGER NOT NULL DEFAULT 0, sent_at INTEGER,
    PRIMARY KEY (certificate_id, milestone, recipient_id, channel));
CREATE TABLE toggle_at_expiry (certificate_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL);
CREATE TABLE applied_toggles (certificate_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, applied_at INTEGER NOT NULL);
INSERT INTO recipients (id, state, verified_at, contacts) VALUES ('rcpt-0123456789abcdef', 'verified', 1790000000,
    'email=a@example.com');
INSERT INTO deliveries VALUES ('c0ffee', '1w', 'rcpt-0123456789abcdef', 'email', '2026-12-04', 'sent', 1, '',
    1790000000, 'host', 1, 1790000001);
INSERT INTO deliveries VALUES ('c0ffee', '0d', 'rcpt-0123456789abcdef', 'email', '2026-12-11', 'failed', 2,
    'smtp://x:25: permanently refused RCPT TO: 550 no such user', 1790000000, 'host', 1, NULL);
INSERT INTO toggle_at_expiry VALUES ('c0ffee', 0);
PRAGMA user_version = 2;
)sql";

TEST(Store, AVersion2StoreMigratesInPlaceKeepingItsRows)
{
    TempDir dir;
    const auto path = (dir.path() / "store.db").string();
    execute(path, k_schema_v2);
    // A reader of this version cannot use it before notify migrated it.
    auto reader = open_store(path, OpenMode::read_only);
    ASSERT_FALSE(reader);
    EXPECT_EQ(reader.error().describe(),
              path + ": the store has schema version 2; run certgate notify once to migrate it");
    {
        auto store = open_or_fail(path);
        const auto deliveries = *store.list_deliveries();
        ASSERT_EQ(deliveries.size(), 2U);
        EXPECT_EQ(deliveries[0].key, (DeliveryKey{"c0ffee", "1w", "rcpt-0123456789abcdef", Channel::email}));
        EXPECT_EQ(deliveries[0].state, DeliveryState::sent);
        EXPECT_EQ(deliveries[0].sent_at, Instant{std::chrono::seconds{1790000001}});
        EXPECT_EQ(deliveries[1].state, DeliveryState::failed);
        EXPECT_EQ(deliveries[1].attempts, 2);
        EXPECT_EQ(deliveries[1].last_error, "smtp://x:25: permanently refused RCPT TO: 550 no such user");
        EXPECT_EQ(*store.recipient_verification("rcpt-0123456789abcdef"), VerificationState::verified);
        EXPECT_EQ(*store.toggle_at_expiry("c0ffee"), std::optional<bool>{false});
        // The rebuilt table takes the new state.
        const DeliveryKey key = deliveries[1].key;
        ASSERT_TRUE(*store.claim_delivery(key, "2026-12-11", at("2026-12-11T08:00:00Z"), std::chrono::seconds{600}));
        ASSERT_TRUE(store.mark_refused(key, "smtp://x:25: permanently refused RCPT TO: 550 no such user"));
        EXPECT_EQ((*store.find_delivery(key))->state, DeliveryState::refused);
    }
    auto reopened = open_store(path, OpenMode::read_only);
    ASSERT_TRUE(reopened) << reopened.error().describe();
    EXPECT_EQ((*reopened->find_delivery({"c0ffee", "0d", "rcpt-0123456789abcdef", Channel::email}))->state,
              DeliveryState::refused);
}

TEST(Store, TogglesAtExpiryKeepTheFirstValue)
{
    TempDir dir;
    auto store = open_or_fail((dir.path() / "store.db").string());
    EXPECT_EQ(*store.toggle_at_expiry("abc"), std::nullopt);
    ASSERT_TRUE(store.record_toggle_at_expiry("abc", false));
    ASSERT_TRUE(store.record_toggle_at_expiry("abc", true));
    EXPECT_EQ(*store.toggle_at_expiry("abc"), std::optional<bool>{false});
}

TEST(Store, AppliedTogglesAreReplaced)
{
    TempDir dir;
    auto store = open_or_fail((dir.path() / "store.db").string());
    EXPECT_FALSE(store.applied_toggle("abc")->has_value());
    ASSERT_TRUE(store.set_applied_toggle("abc", true, at("2026-01-01T00:00:00Z")));
    ASSERT_TRUE(store.set_applied_toggle("abc", false, at("2026-02-01T00:00:00Z")));
    const auto applied = **store.applied_toggle("abc");
    EXPECT_FALSE(applied.enabled);
    EXPECT_EQ(applied.applied_at, at("2026-02-01T00:00:00Z"));
}

TEST(Store, ResolvesThePathFromFlagEnvironmentAndXdg)
{
    StoreLocation location{std::string("/tmp/flag.db"), std::string("/tmp/from-env.db"), std::string("/state"),
                           std::string("/home/someone")};
    EXPECT_EQ(*resolve_store_path(location), "/tmp/flag.db");
    location.flag.reset();
    EXPECT_EQ(*resolve_store_path(location), "/tmp/from-env.db");
    location.variable = "";
    EXPECT_EQ(*resolve_store_path(location), "/state/certgate/certgate.db");
    location.state_home.reset();
    EXPECT_EQ(*resolve_store_path(location), "/home/someone/.local/state/certgate/certgate.db");
    location.home = "";
    auto nowhere = resolve_store_path(location);
    ASSERT_FALSE(nowhere);
    EXPECT_EQ(nowhere.error().describe(),
              "--store: no store path: set --store, CERTGATE_STORE, XDG_STATE_HOME or HOME");
    location.flag = "";
    auto empty = resolve_store_path(location);
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().describe(), "--store: expected a file path, got \"\"");
}

} // namespace
} // namespace certgate::store
