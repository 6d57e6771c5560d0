// The SQLite back end. Every write runs in a BEGIN IMMEDIATE transaction so that
// concurrent runs serialise on the database lock instead of racing.

#include "backends.hpp"

#include <sqlite3.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace certgate::store {

namespace {

// Migrations, one per schema version: k_migrations[i] takes the schema from
// version i to i + 1.
constexpr const char* k_migrations[] = {
    R"sql(
CREATE TABLE recipients (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('pending', 'verified')),
    code_hash TEXT NOT NULL DEFAULT '',
    code_salt TEXT NOT NULL DEFAULT '',
    code_expires_at INTEGER,
    verified_at INTEGER,
    contacts TEXT NOT NULL DEFAULT ''
);
CREATE TABLE deliveries (
    certificate_id TEXT NOT NULL,
    milestone TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    milestone_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    claimed_at INTEGER,
    claimed_by_host TEXT NOT NULL DEFAULT '',
    claimed_by_pid INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER,
    PRIMARY KEY (certificate_id, milestone, recipient_id, channel)
);
CREATE TABLE toggle_at_expiry (
    certificate_id TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL
);
CREATE TABLE applied_toggles (
    certificate_id TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL,
    applied_at INTEGER NOT NULL
);
)sql",
    // Version 2: codes are hashed with PBKDF2 and wrong tries are counted. A
    // pending code of an older certgate (a single SHA-256) is void: forgetting
    // its recipient makes the next notify run send a new code.
    R"sql(
ALTER TABLE recipients ADD COLUMN code_attempts INTEGER NOT NULL DEFAULT 0;
DELETE FROM recipients WHERE state = 'pending';
)sql",
    // Version 3: a delivery the server refused for good is 'refused' and no
    // later run retries it. SQLite cannot change a CHECK constraint in place,
    // so the table is rebuilt (inside the migration's transaction).
    R"sql(
CREATE TABLE deliveries_v3 (
    certificate_id TEXT NOT NULL,
    milestone TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    milestone_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'refused')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    claimed_at INTEGER,
    claimed_by_host TEXT NOT NULL DEFAULT '',
    claimed_by_pid INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER,
    PRIMARY KEY (certificate_id, milestone, recipient_id, channel)
);
INSERT INTO deliveries_v3 (certificate_id, milestone, recipient_id, channel, milestone_date, state, attempts,
    last_error, claimed_at, claimed_by_host, claimed_by_pid, sent_at)
    SELECT certificate_id, milestone, recipient_id, channel, milestone_date, state, attempts, last_error,
    claimed_at, claimed_by_host, claimed_by_pid, sent_at FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_v3 RENAME TO deliveries;
)sql",
};
static_assert(std::size(k_migrations) == k_schema_version);

std::int64_t to_epoch(Instant instant)
{
    return instant.time_since_epoch().count();
}
Instant from_epoch(std::int64_t seconds)
{
    return Instant{std::chrono::seconds{seconds}};
}

/// A prepared statement, finalized on destruction. Made only by
/// SqliteStore::query, which binds its parameters and takes the first step.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(Statement&& other) noexcept
        : m_stmt(std::exchange(other.m_stmt, nullptr)), m_rc(other.m_rc), m_next(other.m_next)
    {
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;

    [[nodiscard]] bool prepared() const { return m_rc == SQLITE_OK; }

    /// Binds each parameter to the next ?N; a DeliveryKey takes four.
    void bind(std::string_view text)
    {
        sqlite3_bind_text(m_stmt, m_next++, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    void bind(std::int64_t value) { sqlite3_bind_int64(m_stmt, m_next++, value); }
    void bind(bool value) { bind(std::int64_t{value ? 1 : 0}); }
    void bind(Instant value) { bind(to_epoch(value)); }
    void bind(const std::optional<Instant>& value)
    {
        if (value) {
            bind(*value);
        } else {
            sqlite3_bind_null(m_stmt, m_next++);
        }
    }
    void bind(const DeliveryKey& key)
    {
        bind(key.certificate_id);
        bind(key.milestone);
        bind(key.recipient_id);
        bind(to_string(key.channel));
    }

    /// Takes the next step: SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return m_rc = sqlite3_step(m_stmt); }
    /// Whether the last step gave a row.
    [[nodiscard]] bool row() const { return m_rc == SQLITE_ROW; }
    /// Whether the last step succeeded (a row, or done).
    [[nodiscard]] bool stepped() const { return m_rc == SQLITE_ROW || m_rc == SQLITE_DONE; }

    [[nodiscard]] std::string text(int column) const
    {
        const auto* value = sqlite3_column_text(m_stmt, column);
        return value == nullptr ? std::string{} : std::string(reinterpret_cast<const char*>(value));
    }
    [[nodiscard]] std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    [[nodiscard]] std::optional<Instant> instant(int column) const
    {
        if (sqlite3_column_type(m_stmt, column) == SQLITE_NULL) {
            return std::nullopt;
        }
        return from_epoch(integer(column));
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc;
    int m_next = 1;
};

// The store holds contacts and code hashes: only its owner may read it.
constexpr mode_t k_private_file_mode = 0600;
constexpr mode_t k_private_folder_mode = 0700;

/// Creates each missing folder of `folder` with mode 0700; existing folders
/// are left as they are (they may be shared, such as /tmp).
Result<void> create_private_folders(const std::filesystem::path& folder, const std::string& store_path)
{
    if (folder.empty()) {
        return {};
    }
    std::filesystem::path partial;
    for (const auto& part : folder) {
        partial /= part;
        if (::mkdir(partial.c_str(), k_private_folder_mode) != 0 && errno != EEXIST) {
            return make_error(ErrorCode::store,
                              "cannot create the folder \"" + partial.string() + "\": " + std::strerror(errno),
                              store_path);
        }
    }
    return {};
}

/// Creates the database file with mode 0600 when it is missing (SQLite would
/// make it 0644), and tightens an existing database and its -wal and -shm
/// files to 0600; refuses, saying how to fix it, when that is not possible.
Result<void> make_private(const std::string& path)
{
    const int created = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, k_private_file_mode);
    if (created >= 0) {
        ::close(created);
        return {};
    }
    for (const std::string suffix : {"", "-wal", "-shm"}) {
        const std::string file = path + suffix;
        struct stat status {};
        if (::lstat(file.c_str(), &status) != 0) {
            continue; // -wal and -shm exist only while the store is in use
        }
        if (!S_ISREG(status.st_mode) || (status.st_mode & 0077U) == 0) {
            continue; // a directory is refused later with its own message
        }
        if (::chmod(file.c_str(), k_private_file_mode) != 0) {
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(status.st_mode & 07777U));
            return make_error(ErrorCode::store,
                              "\"" + file + "\" is readable by other users (mode " + mode +
                                  ") and cannot be made private: " + std::strerror(errno) +
                                  "; as its owner, run chmod 600 on the store and its -wal and -shm files",
                              path);
        }
    }
    return {};
}

/// True when the store at `path` may be read as SQLite's `immutable`: its
/// folder is on a file system mounted read-only, so no certgate can write it
/// (and SQLite cannot create the -shm file a WAL reader needs), and there is
/// no -wal file holding changes an immutable reader would not see.
bool readable_as_immutable(const std::string& path)
{
    struct statvfs mount {};
    const auto folder = std::filesystem::path(path).parent_path();
    if (::statvfs(folder.empty() ? "." : folder.c_str(), &mount) != 0 || (mount.f_flag & ST_RDONLY) == 0) {
        return false;
    }
    std::error_code error;
    const auto wal_size = std::filesystem::file_size(path + "-wal", error);
    return error == std::errc::no_such_file_or_directory || (!error && wal_size == 0);
}

/// `path` as a SQLite URI opening it read-only and immutable, with every
/// byte SQLite's URI syntax could misread (?, #, %, …) percent-encoded.
std::string immutable_uri(const std::string& path)
{
    std::string uri = "file:";
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || std::strchr("/-._~", c) != nullptr) {
            uri += c;
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", byte);
            uri += escaped;
        }
    }
    return uri + "?mode=ro&immutable=1";
}

} // namespace

class SqliteStore final : public Backend {
public:
    std::string path;
    sqlite3* db = nullptr;
    std::string host = host_name();
    /// In memory, standing in for a store that holds nothing yet: its
    /// status says schema version 0 and the back end it stands in for.
    bool stand_in = false;
    std::string back_end = "sqlite";

    SqliteStore() = default;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;
    ~SqliteStore() override
    {
        if (db != nullptr) {
            sqlite3_close_v2(db);
        }
    }

    [[nodiscard]] const std::string& name() const override { return path; }
    Result<std::optional<RecipientVerification>> find_recipient(std::string_view id) override;
    Result<std::vector<RecipientVerification>> list_recipients() override;
    Result<bool> start_verification(const RecipientVerification& record, Instant now) override;
    Result<void> forget_recipient(std::string_view id) override;
    Result<std::optional<RecipientVerification>> count_code_attempt(std::string_view id) override;
    Result<void> void_code(std::string_view id) override;
    Result<int> mark_verified(std::string_view id, Instant at, std::string_view code_hash) override;
    Result<bool> claim_delivery(const DeliveryKey& key, std::string_view milestone_date, Instant now,
                                std::chrono::seconds lease) override;
    Result<void> mark_sent(const DeliveryKey& key, Instant at) override;
    Result<void> mark_failed(const DeliveryKey& key, std::string_view error) override;
    Result<void> mark_refused(const DeliveryKey& key, std::string_view error) override;
    Result<std::optional<Delivery>> find_delivery(const DeliveryKey& key) override;
    Result<std::vector<Delivery>> list_deliveries() override;
    Result<std::optional<bool>> toggle_at_expiry(std::string_view certificate_id) override;
    Result<void> record_toggle_at_expiry(std::string_view certificate_id, bool enabled) override;
    Result<std::optional<AppliedToggle>> applied_toggle(std::string_view certificate_id) override;
    Result<void> set_applied_toggle(std::string_view certificate_id, bool enabled, Instant applied_at) override;
    Result<StoreStatus> status() override;

    [[nodiscard]] Error failure(std::string_view what) const
    {
        const int code = db == nullptr ? SQLITE_ERROR : sqlite3_errcode(db);
        std::string detail = db == nullptr ? "out of memory" : sqlite3_errmsg(db);
        return make_error(ErrorCode::store, std::string(what) + ": " + detail + failure_hint(code), path);
    }

    /// What the user can do about a failure with SQLite result `code`. The
    /// errno of the failed system call tells a full disk or a read-only file
    /// system apart from other I/O errors (SQLite reports both as "disk I/O
    /// error" or "unable to open database file" when it opens the -shm file).
    [[nodiscard]] std::string failure_hint(int code) const
    {
        const bool io = code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_FULL ||
                        code == SQLITE_READONLY || code == SQLITE_PERM;
        const int system = io && db != nullptr ? sqlite3_system_errno(db) : 0;
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
            return " (another certgate run holds the store; try again when it has finished)";
        }
        if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
            return " (the store is damaged; restore it from a backup or move it away to start afresh)";
        }
        if (code == SQLITE_FULL || system == ENOSPC || system == EDQUOT) {
            return " (the disk holding the store is full; free some space on it and run again)";
        }
        if (code == SQLITE_READONLY || system == EROFS) {
            return " (it is read-only: the store, its folder and its -wal and -shm files must be writable; check "
                   "the mount and the permissions)";
        }
        if (io) {
            return " (check the permissions of the store and its folder)";
        }
        return {};
    }

    [[nodiscard]] Result<void> exec(const char* sql, std::string_view what)
    {
        if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
            return failure(what);
        }
        return {};
    }

    /// The one way a statement runs: prepares `sql`, binds `params` to ?1,
    /// ?2, … in order and takes the first step. The statement comes back on
    /// its first row (row()) or done; any SQLite failure is an Error saying
    /// `what` could not be done.
    template <typename... Params>
    [[nodiscard]] Result<Statement> query(std::string_view what, const char* sql, const Params&... params)
    {
        Statement statement(db, sql);
        if (!statement.prepared()) {
            return failure(what);
        }
        (statement.bind(params), ...);
        if (statement.step(); !statement.stepped()) {
            return failure(what);
        }
        return statement;
    }

    /// query() for a statement that changes rows; returns how many it changed.
    template <typename... Params>
    [[nodiscard]] Result<int> execute(std::string_view what, const char* sql, const Params&... params)
    {
        auto statement = query(what, sql, params...);
        if (!statement) {
            return statement.error();
        }
        return sqlite3_changes(db);
    }

    /// query() for a statement that yields rows: `read` turns each row into
    /// a value.
    template <typename Row, typename Read, typename... Params>
    [[nodiscard]] Result<std::vector<Row>> rows(std::string_view what, const char* sql, Read&& read,
                                                const Params&... params)
    {
        auto statement = query(what, sql, params...);
        if (!statement) {
            return statement.error();
        }
        std::vector<Row> values;
        while (statement->row()) {
            values.push_back(read(*statement));
            if (statement->step(); !statement->stepped()) {
                return failure(what);
            }
        }
        return values;
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back on failure.
    template <typename Body> auto transaction(std::string_view what, Body&& body) -> decltype(body())
    {
        if (auto begun = exec("BEGIN IMMEDIATE", what); !begun) {
            return begun.error();
        }
        auto result = body();
        if (!result) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            return result;
        }
        if (auto committed = exec("COMMIT", what); !committed) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            return committed.error();
        }
        return result;
    }

    /// One changing statement in a transaction of its own.
    template <typename... Params>
    [[nodiscard]] Result<void> write(std::string_view what, const char* sql, const Params&... params)
    {
        return transaction(what, [&]() -> Result<void> {
            auto changed = execute(what, sql, params...);
            if (!changed) {
                return changed.error();
            }
            return {};
        });
    }

    [[nodiscard]] Result<int> user_version()
    {
        auto statement = query("cannot read the schema version", "PRAGMA user_version");
        if (!statement) {
            return statement.error();
        }
        return static_cast<int>(statement->integer(0));
    }

    /// True when the database has no table at all (a file just created).
    [[nodiscard]] bool holds_no_tables()
    {
        auto statement = query("cannot read the schema", "SELECT count(*) FROM sqlite_master");
        return statement && statement->integer(0) == 0;
    }

    [[nodiscard]] Result<void> migrate()
    {
        return transaction("cannot migrate the store", [&]() -> Result<void> {
            auto version = user_version();
            if (!version) {
                return version.error();
            }
            if (*version > k_schema_version) {
                return newer_schema_error(*version, k_schema_version, path);
            }
            for (int next = *version; next < k_schema_version; ++next) {
                if (auto step = exec(k_migrations[next], "cannot migrate the store"); !step) {
                    return step.error();
                }
            }
            if (*version < k_schema_version) {
                const std::string pragma = "PRAGMA user_version = " + std::to_string(k_schema_version);
                if (auto set = exec(pragma.c_str(), "cannot migrate the store"); !set) {
                    return set.error();
                }
            }
            return {};
        });
    }
};

Result<std::unique_ptr<Backend>> open_sqlite_store(const std::string& path, OpenMode mode,
                                                   std::chrono::milliseconds busy_timeout)
{
    auto impl = std::make_unique<SqliteStore>();
    impl->path = path;
    std::error_code ignored;
    const bool exists = std::filesystem::exists(path, ignored);
    std::string uri = path;
    int flags = SQLITE_OPEN_NOMUTEX;
    if (mode == OpenMode::read_only && !exists) {
        uri = ":memory:";
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    } else if (mode == OpenMode::read_only) {
        flags |= SQLITE_OPEN_READONLY;
    } else {
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        if (auto folder = create_private_folders(std::filesystem::path(path).parent_path(), path); !folder) {
            return folder.error();
        }
    }
    if (exists && std::filesystem::is_directory(path, ignored)) {
        return make_error(ErrorCode::store, "is a directory, expected an SQLite database file", path);
    }
    if (mode == OpenMode::read_write) {
        if (auto private_file = make_private(path); !private_file) {
            return private_file.error();
        }
    }
    if (sqlite3_open_v2(uri.c_str(), &impl->db, flags, nullptr) != SQLITE_OK) {
        return impl->failure("cannot open the store");
    }
    sqlite3_extended_result_codes(impl->db, 0);
    sqlite3_busy_timeout(impl->db, static_cast<int>(busy_timeout.count()));
    bool memory = uri == ":memory:";
    impl->stand_in = memory;
    if (mode == OpenMode::read_write && sqlite3_db_readonly(impl->db, "main") == 1) {
        // SQLite quietly opens a file it may not write read-only; every write
        // would then fail halfway through a run.
        return make_error(ErrorCode::store, "cannot write the store" + impl->failure_hint(SQLITE_READONLY), path);
    }
    // Reading the schema version touches the header: a file that is not an
    // SQLite database fails here with a clear message.
    auto version = impl->user_version();
    if (!version && mode == OpenMode::read_only && !memory && readable_as_immutable(path)) {
        // A WAL store on a read-only mount, left without its -shm file.
        sqlite3_close_v2(std::exchange(impl->db, nullptr));
        if (sqlite3_open_v2(immutable_uri(path).c_str(), &impl->db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
            return impl->failure("cannot open the store");
        }
        sqlite3_extended_result_codes(impl->db, 0);
        version = impl->user_version();
    }
    if (!version) {
        return version.error();
    }
    if (mode == OpenMode::read_only && !memory && *version == 0) {
        if (impl->holds_no_tables()) {
            // Created by another process whose first migration has not
            // committed yet (Terraform plans one resource while applying
            // another): nothing is in it, so it reads as a store that does not
            // exist yet.
            sqlite3_close_v2(std::exchange(impl->db, nullptr));
            if (sqlite3_open_v2(":memory:", &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                nullptr) != SQLITE_OK) {
                return impl->failure("cannot open the store");
            }
            memory = true;
            impl->stand_in = true;
        } else if (version = impl->user_version(); !version) {
            // (Read again: that migration may have committed between the two reads.)
            return version.error();
        }
    }
    if (mode == OpenMode::read_only && !memory) {
        if (*version > k_schema_version) {
            return newer_schema_error(*version, k_schema_version, path);
        }
        if (*version < k_schema_version) {
            return older_schema_error(*version, "certgate notify once", path);
        }
    } else {
        if (!memory) {
            if (auto wal = impl->exec("PRAGMA journal_mode = WAL", "cannot open the store"); !wal) {
                return wal.error();
            }
            if (auto sync = impl->exec("PRAGMA synchronous = FULL", "cannot open the store"); !sync) {
                return sync.error();
            }
        }
        if (auto migrated = impl->migrate(); !migrated) {
            return migrated.error();
        }
    }
    if (!memory) {
        // A quick structural check so that a damaged file is reported before
        // anything is sent, not halfway through a run.
        auto check = impl->query("cannot check the store", "PRAGMA quick_check");
        if (!check) {
            return check.error();
        }
        if (const auto verdict = check->text(0); verdict != "ok") {
            return make_error(ErrorCode::store,
                              "the store is damaged (" + verdict +
                                  "); restore it from a backup or move it away to start afresh",
                              path);
        }
    }
    return std::unique_ptr<Backend>(std::move(impl));
}

Result<std::unique_ptr<Backend>> open_empty_store(const std::string& name, std::string_view back_end)
{
    auto impl = std::make_unique<SqliteStore>();
    impl->stand_in = true;
    impl->back_end = std::string(back_end);
    impl->path = ":memory:";
    if (sqlite3_open_v2(":memory:", &impl->db, SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        return impl->failure("cannot open an empty store");
    }
    if (auto migrated = impl->migrate(); !migrated) {
        return migrated.error();
    }
    impl->path = name;
    return std::unique_ptr<Backend>(std::move(impl));
}

namespace {

constexpr const char* k_recipient_columns = "SELECT id, state, code_hash, code_salt, code_expires_at, verified_at, "
                                            "contacts, code_attempts FROM recipients ";

RecipientVerification read_recipient(const Statement& statement)
{
    RecipientVerification record;
    record.recipient_id = statement.text(0);
    record.state = parse_verification(statement.text(1)).value_or(VerificationState::unknown);
    record.code_hash = statement.text(2);
    record.code_salt = statement.text(3);
    record.code_expires_at = statement.instant(4);
    record.verified_at = statement.instant(5);
    record.contacts = statement.text(6);
    record.code_attempts = static_cast<int>(statement.integer(7));
    return record;
}

constexpr const char* k_delivery_columns = "SELECT certificate_id, milestone, recipient_id, channel, milestone_date, "
                                           "state, attempts, last_error, claimed_at, sent_at, claimed_by_host, "
                                           "claimed_by_pid FROM deliveries ";

struct DeliveryRow {
    Delivery delivery;
    std::string claimed_by_host;
    std::int64_t claimed_by_pid = 0;
};

DeliveryRow read_delivery(const Statement& statement)
{
    DeliveryRow row;
    auto& delivery = row.delivery;
    // The CHECK-less channel column holds what certgate wrote; anything else
    // would be a damaged store, read as email rather than dropped.
    delivery.key = {statement.text(0), statement.text(1), statement.text(2),
                    parse_channel(statement.text(3)).value_or(Channel::email)};
    delivery.milestone_date = statement.text(4);
    delivery.state = parse_delivery_state(statement.text(5));
    delivery.attempts = static_cast<int>(statement.integer(6));
    delivery.last_error = statement.text(7);
    delivery.claimed_at = statement.instant(8);
    delivery.sent_at = statement.instant(9);
    row.claimed_by_host = statement.text(10);
    row.claimed_by_pid = statement.integer(11);
    return row;
}

/// The first row of a query, if any.
template <typename Row> Result<std::optional<Row>> first(Result<std::vector<Row>> rows)
{
    if (!rows) {
        return rows.error();
    }
    if (rows->empty()) {
        return std::optional<Row>{};
    }
    return std::optional<Row>{std::move(rows->front())};
}

/// The string forms of SQL text built from two pieces (columns + clause).
std::string sql(const char* columns, const char* clause)
{
    return std::string(columns) + clause;
}

constexpr const char* k_where_key =
    "WHERE certificate_id = ?1 AND milestone = ?2 AND recipient_id = ?3 AND channel = ?4";

Result<std::optional<DeliveryRow>> find_delivery_row(SqliteStore& impl, const DeliveryKey& key)
{
    const auto text = sql(k_delivery_columns, k_where_key);
    return first(impl.rows<DeliveryRow>("cannot read deliveries", text.c_str(), read_delivery, key));
}

} // namespace

Result<std::optional<RecipientVerification>> SqliteStore::find_recipient(std::string_view recipient_id)
{
    const auto text = sql(k_recipient_columns, "WHERE id = ?1");
    auto found =
        first(rows<RecipientVerification>("cannot read recipients", text.c_str(), read_recipient, recipient_id));
    if (found && found->has_value() && (*found)->state == VerificationState::unknown) {
        return make_error(ErrorCode::store,
                          "recipient \"" + (*found)->recipient_id + "\" has an unknown state; the store is damaged",
                          path);
    }
    return found;
}

Result<std::vector<RecipientVerification>> SqliteStore::list_recipients()
{
    const auto text = sql(k_recipient_columns, "ORDER BY id");
    return rows<RecipientVerification>("cannot read recipients", text.c_str(), read_recipient);
}

Result<bool> SqliteStore::start_verification(const RecipientVerification& record, Instant now)
{
    return transaction("cannot write recipients", [&]() -> Result<bool> {
        auto existing = find_recipient(record.recipient_id);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            const auto& current = **existing;
            const bool contacts_changed = current.contacts != record.contacts;
            const bool code_expired = current.state == VerificationState::pending &&
                                      (!current.code_expires_at || *current.code_expires_at < now);
            if (!contacts_changed && !code_expired) {
                return false;
            }
        }
        auto written =
            execute("cannot write recipients",
                    "INSERT INTO recipients (id, state, code_hash, code_salt, code_expires_at, verified_at, contacts, "
                    "code_attempts) VALUES (?1, 'pending', ?2, ?3, ?4, NULL, ?5, 0) ON CONFLICT (id) DO UPDATE SET "
                    "state = 'pending', code_hash = ?2, code_salt = ?3, code_expires_at = ?4, verified_at = NULL, "
                    "contacts = ?5, code_attempts = 0",
                    record.recipient_id, record.code_hash, record.code_salt, record.code_expires_at, record.contacts);
        if (!written) {
            return written.error();
        }
        return true;
    });
}

Result<void> SqliteStore::forget_recipient(std::string_view recipient_id)
{
    return transaction("cannot write recipients", [&]() -> Result<void> {
        if (auto forgotten = execute("cannot write recipients", "DELETE FROM recipients WHERE id = ?1", recipient_id);
            !forgotten) {
            return forgotten.error();
        }
        // Once it verifies again, the messages it refused are due again.
        if (auto freed = execute("cannot write recipients",
                                 "DELETE FROM deliveries WHERE recipient_id = ?1 AND state = 'refused'", recipient_id);
            !freed) {
            return freed.error();
        }
        return {};
    });
}

Result<std::optional<RecipientVerification>> SqliteStore::count_code_attempt(std::string_view recipient_id)
{
    return transaction("cannot write recipients", [&]() -> Result<std::optional<RecipientVerification>> {
        auto counted = execute("cannot write recipients",
                               "UPDATE recipients SET code_attempts = code_attempts + 1 WHERE id = ?1 AND "
                               "state = 'pending'",
                               recipient_id);
        if (!counted) {
            return counted.error();
        }
        return find_recipient(recipient_id);
    });
}

Result<void> SqliteStore::void_code(std::string_view recipient_id)
{
    return write("cannot write recipients",
                 "UPDATE recipients SET code_hash = '', code_expires_at = NULL WHERE id = ?1 AND "
                 "state = 'pending'",
                 recipient_id);
}

Result<int> SqliteStore::mark_verified(std::string_view recipient_id, Instant at, std::string_view code_hash)
{
    return transaction("cannot write recipients", [&]() -> Result<int> {
        return execute("cannot write recipients",
                       "UPDATE recipients SET state = 'verified', code_hash = '', code_salt = '', "
                       "code_expires_at = NULL, code_attempts = 0, verified_at = ?2 WHERE id = ?1 "
                       "AND state = 'pending' AND code_hash = ?3 AND code_hash != ''",
                       recipient_id, at, code_hash);
    });
}

Result<bool> SqliteStore::claim_delivery(const DeliveryKey& key, std::string_view milestone_date, Instant now,
                                         std::chrono::seconds lease)
{
    return transaction("cannot claim a delivery", [&]() -> Result<bool> {
        auto existing = find_delivery_row(*this, key);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            const auto& row = **existing;
            if (row.delivery.state == DeliveryState::sent || row.delivery.state == DeliveryState::refused) {
                return false;
            }
            if (row.delivery.state == DeliveryState::pending) {
                const bool owner_gone = row.claimed_by_host == host && !process_alive(row.claimed_by_pid);
                const bool lease_over = !row.delivery.claimed_at || *row.delivery.claimed_at + lease < now;
                if (!owner_gone && !lease_over) {
                    return false;
                }
            }
        }
        auto claimed = execute(
            "cannot claim a delivery",
            "INSERT INTO deliveries (certificate_id, milestone, recipient_id, channel, milestone_date, state, "
            "attempts, last_error, claimed_at, claimed_by_host, claimed_by_pid) VALUES (?1, ?2, ?3, ?4, ?5, "
            "'pending', 0, '', ?6, ?7, ?8) ON CONFLICT (certificate_id, milestone, recipient_id, channel) DO UPDATE "
            "SET state = 'pending', claimed_at = ?6, claimed_by_host = ?7, claimed_by_pid = ?8",
            key, milestone_date, now, host, static_cast<std::int64_t>(getpid()));
        if (!claimed) {
            return claimed.error();
        }
        return true;
    });
}

Result<void> SqliteStore::mark_sent(const DeliveryKey& key, Instant at)
{
    return write("cannot record a delivery",
                 "UPDATE deliveries SET state = 'sent', attempts = attempts + 1, last_error = '', sent_at = ?5 "
                 "WHERE certificate_id = ?1 AND milestone = ?2 AND recipient_id = ?3 AND channel = ?4",
                 key, at);
}

namespace {

Result<void> record_failure(SqliteStore& impl, const DeliveryKey& key, std::string_view state, std::string_view error)
{
    // Only the run that holds the claim records a failure: a late failure
    // of a run whose lease ran out must not undo the sent mark or the
    // claim of the run that took over.
    return impl.write("cannot record a delivery",
                      "UPDATE deliveries SET state = ?5, attempts = attempts + 1, "
                      "last_error = ?6 WHERE certificate_id = ?1 AND milestone = ?2 AND "
                      "recipient_id = ?3 AND channel = ?4 AND state = 'pending' AND "
                      "claimed_by_host = ?7 AND claimed_by_pid = ?8",
                      key, state, error, impl.host, static_cast<std::int64_t>(getpid()));
}

} // namespace

Result<void> SqliteStore::mark_failed(const DeliveryKey& key, std::string_view error)
{
    return record_failure(*this, key, to_string(DeliveryState::failed), error);
}

Result<void> SqliteStore::mark_refused(const DeliveryKey& key, std::string_view error)
{
    return record_failure(*this, key, to_string(DeliveryState::refused), error);
}

Result<std::optional<Delivery>> SqliteStore::find_delivery(const DeliveryKey& key)
{
    auto row = find_delivery_row(*this, key);
    if (!row) {
        return row.error();
    }
    if (!row->has_value()) {
        return std::optional<Delivery>{};
    }
    return std::optional<Delivery>{std::move((*row)->delivery)};
}

Result<std::vector<Delivery>> SqliteStore::list_deliveries()
{
    const auto text = sql(k_delivery_columns, "ORDER BY certificate_id, milestone_date, recipient_id, channel");
    return rows<Delivery>("cannot read deliveries", text.c_str(),
                          [](const Statement& statement) { return read_delivery(statement).delivery; });
}

Result<std::optional<bool>> SqliteStore::toggle_at_expiry(std::string_view certificate_id)
{
    return first(rows<bool>(
        "cannot read toggles", "SELECT enabled FROM toggle_at_expiry WHERE certificate_id = ?1",
        [](const Statement& statement) { return statement.integer(0) != 0; }, certificate_id));
}

Result<void> SqliteStore::record_toggle_at_expiry(std::string_view certificate_id, bool enabled)
{
    return write("cannot record a toggle",
                 "INSERT INTO toggle_at_expiry (certificate_id, enabled) VALUES (?1, ?2) "
                 "ON CONFLICT (certificate_id) DO NOTHING",
                 certificate_id, enabled);
}

Result<std::optional<AppliedToggle>> SqliteStore::applied_toggle(std::string_view certificate_id)
{
    return first(rows<AppliedToggle>(
        "cannot read toggles", "SELECT enabled, applied_at FROM applied_toggles WHERE certificate_id = ?1",
        [](const Statement& statement) {
            return AppliedToggle{statement.integer(0) != 0, from_epoch(statement.integer(1))};
        },
        certificate_id));
}

Result<void> SqliteStore::set_applied_toggle(std::string_view certificate_id, bool enabled, Instant applied_at)
{
    return write("cannot record a toggle",
                 "INSERT INTO applied_toggles (certificate_id, enabled, applied_at) VALUES "
                 "(?1, ?2, ?3) ON CONFLICT (certificate_id) DO UPDATE SET enabled = ?2, "
                 "applied_at = ?3",
                 certificate_id, enabled, applied_at);
}

} // namespace certgate::store

namespace certgate::store {

Result<StoreStatus> SqliteStore::status()
{
    StoreStatus status;
    status.back_end = back_end;
    auto version = user_version();
    if (!version) {
        return version.error();
    }
    status.schema_version = stand_in ? 0 : *version;
    auto counted = rows<int>("cannot count the store's rows", k_count_rows_sql, [&](const Statement& statement) {
        for (std::size_t column = 0; column < std::size(k_status_counts); ++column) {
            status.*k_status_counts[column] = static_cast<int>(statement.integer(static_cast<int>(column)));
        }
        return 0;
    });
    if (!counted) {
        return counted.error();
    }
    return status;
}

} // namespace certgate::store
