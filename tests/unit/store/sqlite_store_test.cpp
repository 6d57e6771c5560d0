#include "certgate/adapters/store/store.hpp"

#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sys/stat.h>
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

TEST(Store, AFileAnotherProcessJustCreatedReadsAsAnEmptyStore)
{
    // terraform apply -parallelism=10: one certgate_recipient creates the
    // store while the next one is planned read-only.
    TempDir dir;
    const auto path = (dir.path() / "store.db").string();
    {
        std::ofstream created(path);
    }
    auto reader = open_store(path, OpenMode::read_only);
    ASSERT_TRUE(reader) << reader.error().describe();
    EXPECT_EQ(*reader->recipient_verification("rcpt-0000000000000000"), VerificationState::unknown);
    EXPECT_TRUE(reader->list_recipients()->empty());
    EXPECT_EQ(std::filesystem::file_size(path), 0U); // the reader wrote nothing
    auto store = open_or_fail(path);
    EXPECT_EQ(store.status()->schema_version, k_schema_version);
}

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

TEST(Store, StatesAreSpelledAsTheyAreStoredAndPrinted)
{
    EXPECT_EQ(to_string(VerificationState::unknown), "unknown");
    EXPECT_EQ(to_string(VerificationState::pending), "pending");
    EXPECT_EQ(to_string(VerificationState::verified), "verified");
    EXPECT_EQ(to_string(DeliveryState::pending), "pending");
    EXPECT_EQ(to_string(DeliveryState::sent), "sent");
    EXPECT_EQ(to_string(DeliveryState::failed), "failed");
    EXPECT_EQ(to_string(DeliveryState::refused), "refused");
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
