// The SQLite store. Every write runs in a BEGIN IMMEDIATE transaction so that
// concurrent runs serialise on the database lock instead of racing.

#include "certgate/adapters/store/store.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
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

std::string host_name()
{
    char buffer[256] = {};
    if (gethostname(buffer, sizeof buffer - 1) != 0) {
        return "localhost";
    }
    return buffer;
}

bool process_alive(std::int64_t pid)
{
    if (pid <= 0) {
        return false;
    }
    return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

/// A prepared statement, finalized on destruction.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : m_db(db) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    [[nodiscard]] bool ok() const { return m_rc == SQLITE_OK; }
    void bind(int index, std::string_view text)
    {
        sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    void bind(int index, std::int64_t value) { sqlite3_bind_int64(m_stmt, index, value); }
    void bind_null(int index) { sqlite3_bind_null(m_stmt, index); }
    void bind(int index, const std::optional<Instant>& value)
    {
        if (value) {
            bind(index, to_epoch(*value));
        } else {
            bind_null(index);
        }
    }
    /// SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(m_stmt); }
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
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc;
};

std::optional<VerificationState> parse_verification(const std::string& text)
{
    if (text == "pending") {
        return VerificationState::pending;
    }
    if (text == "verified") {
        return VerificationState::verified;
    }
    return std::nullopt;
}

DeliveryState parse_delivery_state(const std::string& text)
{
    if (text == "sent") {
        return DeliveryState::sent;
    }
    if (text == "failed") {
        return DeliveryState::failed;
    }
    return DeliveryState::pending;
}

} // namespace

struct Store::Impl {
    std::string path;
    sqlite3* db = nullptr;
    std::string host = host_name();

    ~Impl()
    {
        if (db != nullptr) {
            sqlite3_close_v2(db);
        }
    }

    [[nodiscard]] Error failure(std::string_view what) const
    {
        const int code = db == nullptr ? SQLITE_ERROR : sqlite3_errcode(db);
        std::string detail = db == nullptr ? "out of memory" : sqlite3_errmsg(db);
        std::string message = std::string(what) + ": " + detail;
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
            message += " (another certgate run holds the store; try again when it has finished)";
        } else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
            message += " (the store is damaged; restore it from a backup or move it away to start afresh)";
        } else if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM) {
            message += " (check the permissions of the store and its folder)";
        }
        return make_error(ErrorCode::store, message, path);
    }

    [[nodiscard]] Result<void> exec(const char* sql, std::string_view what)
    {
        if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
            return failure(what);
        }
        return {};
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

    [[nodiscard]] Result<int> user_version()
    {
        Statement statement(db, "PRAGMA user_version");
        if (!statement.ok() || statement.step() != SQLITE_ROW) {
            return failure("cannot read the schema version");
        }
        return static_cast<int>(statement.integer(0));
    }

    [[nodiscard]] Result<void> migrate()
    {
        return transaction("cannot migrate the store", [&]() -> Result<void> {
            auto version = user_version();
            if (!version) {
                return version.error();
            }
            if (*version > k_schema_version) {
                return make_error(ErrorCode::store,
                                  "the store has schema version " + std::to_string(*version) +
                                      ", newer than this certgate understands (" + std::to_string(k_schema_version) +
                                      "); upgrade certgate",
                                  path);
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

Result<std::string> default_store_path()
{
    if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state != '\0') {
        return std::string(state) + "/certgate/certgate.db";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return std::string(home) + "/.local/state/certgate/certgate.db";
    }
    return make_error(ErrorCode::usage, "no store path: set --store, CERTGATE_STORE, XDG_STATE_HOME or HOME",
                      "--store");
}

Result<std::string> resolve_store_path(const std::optional<std::string>& flag)
{
    if (flag) {
        if (flag->empty()) {
            return make_error(ErrorCode::usage, "expected a file path, got \"\"", "--store");
        }
        return *flag;
    }
    if (const char* env = std::getenv("CERTGATE_STORE"); env != nullptr && *env != '\0') {
        return std::string(env);
    }
    return default_store_path();
}

std::string_view to_string(VerificationState state)
{
    switch (state) {
    case VerificationState::pending:
        return "pending";
    case VerificationState::verified:
        return "verified";
    case VerificationState::unknown:
        break;
    }
    return "unknown";
}

std::string_view to_string(DeliveryState state)
{
    switch (state) {
    case DeliveryState::sent:
        return "sent";
    case DeliveryState::failed:
        return "failed";
    case DeliveryState::pending:
        break;
    }
    return "pending";
}

Result<Store> open_store(const std::string& path, OpenMode mode, std::chrono::milliseconds busy_timeout)
{
    auto impl = std::make_unique<Store::Impl>();
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
        const auto parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) {
            std::error_code error;
            std::filesystem::create_directories(parent, error);
            if (error) {
                return make_error(ErrorCode::store,
                                  "cannot create the folder \"" + parent.string() + "\": " + error.message(), path);
            }
        }
    }
    if (exists && std::filesystem::is_directory(path, ignored)) {
        return make_error(ErrorCode::store, "is a directory, expected an SQLite database file", path);
    }
    if (sqlite3_open_v2(uri.c_str(), &impl->db, flags, nullptr) != SQLITE_OK) {
        return impl->failure("cannot open the store");
    }
    sqlite3_extended_result_codes(impl->db, 0);
    sqlite3_busy_timeout(impl->db, static_cast<int>(busy_timeout.count()));
    const bool memory = uri == ":memory:";
    // Reading the schema version touches the header: a file that is not an
    // SQLite database fails here with a clear message.
    auto version = impl->user_version();
    if (!version) {
        return version.error();
    }
    if (mode == OpenMode::read_only && !memory) {
        if (*version > k_schema_version) {
            return make_error(ErrorCode::store,
                              "the store has schema version " + std::to_string(*version) +
                                  ", newer than this certgate understands (" + std::to_string(k_schema_version) +
                                  "); upgrade certgate",
                              path);
        }
        if (*version < k_schema_version) {
            return make_error(ErrorCode::store,
                              "the store has schema version " + std::to_string(*version) +
                                  "; run certgate notify once to migrate it",
                              path);
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
        Statement check(impl->db, "PRAGMA quick_check");
        if (!check.ok() || check.step() != SQLITE_ROW) {
            return impl->failure("cannot check the store");
        }
        if (const auto verdict = check.text(0); verdict != "ok") {
            return make_error(ErrorCode::store,
                              "the store is damaged (" + verdict +
                                  "); restore it from a backup or move it away to start afresh",
                              path);
        }
    }
    return Store(std::move(impl));
}

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const
{
    return m_impl->path;
}

Result<std::optional<RecipientVerification>> Store::find_recipient(std::string_view recipient_id)
{
    Statement statement(m_impl->db, "SELECT id, state, code_hash, code_salt, code_expires_at, verified_at, contacts "
                                    "FROM recipients WHERE id = ?1");
    if (!statement.ok()) {
        return m_impl->failure("cannot read recipients");
    }
    statement.bind(1, recipient_id);
    const int rc = statement.step();
    if (rc == SQLITE_DONE) {
        return std::optional<RecipientVerification>{};
    }
    if (rc != SQLITE_ROW) {
        return m_impl->failure("cannot read recipients");
    }
    RecipientVerification record;
    record.recipient_id = statement.text(0);
    const auto state = parse_verification(statement.text(1));
    if (!state) {
        return make_error(ErrorCode::store,
                          "recipient \"" + record.recipient_id + "\" has an unknown state \"" + statement.text(1) +
                              "\"",
                          m_impl->path);
    }
    record.state = *state;
    record.code_hash = statement.text(2);
    record.code_salt = statement.text(3);
    record.code_expires_at = statement.instant(4);
    record.verified_at = statement.instant(5);
    record.contacts = statement.text(6);
    return std::optional<RecipientVerification>{std::move(record)};
}

Result<VerificationState> Store::recipient_verification(std::string_view recipient_id)
{
    auto record = find_recipient(recipient_id);
    if (!record) {
        return record.error();
    }
    return record->has_value() ? (*record)->state : VerificationState::unknown;
}

Result<std::vector<RecipientVerification>> Store::list_recipients()
{
    Statement statement(m_impl->db, "SELECT id FROM recipients ORDER BY id");
    if (!statement.ok()) {
        return m_impl->failure("cannot read recipients");
    }
    std::vector<std::string> ids;
    int rc = SQLITE_ROW;
    while ((rc = statement.step()) == SQLITE_ROW) {
        ids.push_back(statement.text(0));
    }
    if (rc != SQLITE_DONE) {
        return m_impl->failure("cannot read recipients");
    }
    std::vector<RecipientVerification> records;
    for (const auto& id : ids) {
        auto record = find_recipient(id);
        if (!record) {
            return record.error();
        }
        if (record->has_value()) {
            records.push_back(std::move(**record));
        }
    }
    return records;
}

Result<bool> Store::start_verification(const RecipientVerification& record, Instant now)
{
    return m_impl->transaction("cannot write recipients", [&]() -> Result<bool> {
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
        Statement statement(m_impl->db,
                            "INSERT INTO recipients (id, state, code_hash, code_salt, code_expires_at, verified_at, "
                            "contacts) VALUES (?1, 'pending', ?2, ?3, ?4, NULL, ?5) ON CONFLICT (id) DO UPDATE SET "
                            "state = 'pending', code_hash = ?2, code_salt = ?3, code_expires_at = ?4, "
                            "verified_at = NULL, contacts = ?5");
        if (!statement.ok()) {
            return m_impl->failure("cannot write recipients");
        }
        statement.bind(1, record.recipient_id);
        statement.bind(2, record.code_hash);
        statement.bind(3, record.code_salt);
        statement.bind(4, record.code_expires_at);
        statement.bind(5, record.contacts);
        if (statement.step() != SQLITE_DONE) {
            return m_impl->failure("cannot write recipients");
        }
        return true;
    });
}

Result<void> Store::forget_recipient(std::string_view recipient_id)
{
    return m_impl->transaction("cannot write recipients", [&]() -> Result<void> {
        Statement statement(m_impl->db, "DELETE FROM recipients WHERE id = ?1");
        if (!statement.ok()) {
            return m_impl->failure("cannot write recipients");
        }
        statement.bind(1, recipient_id);
        if (statement.step() != SQLITE_DONE) {
            return m_impl->failure("cannot write recipients");
        }
        return {};
    });
}

Result<void> Store::mark_verified(std::string_view recipient_id, Instant at)
{
    return m_impl->transaction("cannot write recipients", [&]() -> Result<void> {
        Statement statement(m_impl->db, "UPDATE recipients SET state = 'verified', code_hash = '', code_salt = '', "
                                        "code_expires_at = NULL, verified_at = ?2 WHERE id = ?1");
        if (!statement.ok()) {
            return m_impl->failure("cannot write recipients");
        }
        statement.bind(1, recipient_id);
        statement.bind(2, to_epoch(at));
        if (statement.step() != SQLITE_DONE) {
            return m_impl->failure("cannot write recipients");
        }
        if (sqlite3_changes(m_impl->db) != 1) {
            return make_error(ErrorCode::usage, "unknown recipient \"" + std::string(recipient_id) + "\"",
                              m_impl->path);
        }
        return {};
    });
}

Result<bool> Store::claim_delivery(const DeliveryKey& key, std::string_view milestone_date, Instant now,
                                   std::chrono::seconds lease)
{
    return m_impl->transaction("cannot claim a delivery", [&]() -> Result<bool> {
        auto existing = find_delivery(key);
        if (!existing) {
            return existing.error();
        }
        Statement claimed_by(m_impl->db,
                             "SELECT claimed_by_host, claimed_by_pid FROM deliveries WHERE "
                             "certificate_id = ?1 AND milestone = ?2 AND recipient_id = ?3 AND channel = ?4");
        if (existing->has_value()) {
            const auto& row = **existing;
            if (row.state == DeliveryState::sent) {
                return false;
            }
            if (row.state == DeliveryState::pending) {
                if (!claimed_by.ok()) {
                    return m_impl->failure("cannot claim a delivery");
                }
                claimed_by.bind(1, key.certificate_id);
                claimed_by.bind(2, key.milestone);
                claimed_by.bind(3, key.recipient_id);
                claimed_by.bind(4, key.channel);
                if (claimed_by.step() != SQLITE_ROW) {
                    return m_impl->failure("cannot claim a delivery");
                }
                const bool same_host = claimed_by.text(0) == m_impl->host;
                const bool owner_gone = same_host && !process_alive(claimed_by.integer(1));
                const bool lease_over = !row.claimed_at || *row.claimed_at + lease < now;
                if (!owner_gone && !lease_over) {
                    return false;
                }
            }
        }
        Statement statement(m_impl->db,
                            "INSERT INTO deliveries (certificate_id, milestone, recipient_id, channel, milestone_date, "
                            "state, attempts, last_error, claimed_at, claimed_by_host, claimed_by_pid) VALUES "
                            "(?1, ?2, ?3, ?4, ?5, 'pending', 0, '', ?6, ?7, ?8) ON CONFLICT (certificate_id, "
                            "milestone, recipient_id, channel) DO UPDATE SET state = 'pending', claimed_at = ?6, "
                            "claimed_by_host = ?7, claimed_by_pid = ?8");
        if (!statement.ok()) {
            return m_impl->failure("cannot claim a delivery");
        }
        statement.bind(1, key.certificate_id);
        statement.bind(2, key.milestone);
        statement.bind(3, key.recipient_id);
        statement.bind(4, key.channel);
        statement.bind(5, milestone_date);
        statement.bind(6, to_epoch(now));
        statement.bind(7, m_impl->host);
        statement.bind(8, static_cast<std::int64_t>(getpid()));
        if (statement.step() != SQLITE_DONE) {
            return m_impl->failure("cannot claim a delivery");
        }
        return true;
    });
}

namespace {

Result<void> update_delivery(Store::Impl& impl, const DeliveryKey& key, const char* sql,
                             const std::function<void(Statement&)>& bind_extra)
{
    return impl.transaction("cannot record a delivery", [&]() -> Result<void> {
        Statement statement(impl.db, sql);
        if (!statement.ok()) {
            return impl.failure("cannot record a delivery");
        }
        statement.bind(1, key.certificate_id);
        statement.bind(2, key.milestone);
        statement.bind(3, key.recipient_id);
        statement.bind(4, key.channel);
        bind_extra(statement);
        if (statement.step() != SQLITE_DONE) {
            return impl.failure("cannot record a delivery");
        }
        return {};
    });
}

} // namespace

Result<void> Store::mark_sent(const DeliveryKey& key, Instant at)
{
    return update_delivery(*m_impl, key,
                           "UPDATE deliveries SET state = 'sent', attempts = attempts + 1, last_error = '', "
                           "sent_at = ?5 WHERE certificate_id = ?1 AND milestone = ?2 AND recipient_id = ?3 AND "
                           "channel = ?4",
                           [&](Statement& statement) { statement.bind(5, to_epoch(at)); });
}

Result<void> Store::mark_failed(const DeliveryKey& key, std::string_view error)
{
    return update_delivery(*m_impl, key,
                           "UPDATE deliveries SET state = 'failed', attempts = attempts + 1, last_error = ?5 "
                           "WHERE certificate_id = ?1 AND milestone = ?2 AND recipient_id = ?3 AND channel = ?4",
                           [&](Statement& statement) { statement.bind(5, error); });
}

namespace {

constexpr const char* k_delivery_columns = "SELECT certificate_id, milestone, recipient_id, channel, milestone_date, "
                                           "state, attempts, last_error, claimed_at, sent_at FROM deliveries ";

Delivery read_delivery(const Statement& statement)
{
    Delivery row;
    row.key = {statement.text(0), statement.text(1), statement.text(2), statement.text(3)};
    row.milestone_date = statement.text(4);
    row.state = parse_delivery_state(statement.text(5));
    row.attempts = static_cast<int>(statement.integer(6));
    row.last_error = statement.text(7);
    row.claimed_at = statement.instant(8);
    row.sent_at = statement.instant(9);
    return row;
}

} // namespace

Result<std::optional<Delivery>> Store::find_delivery(const DeliveryKey& key)
{
    const std::string sql = std::string(k_delivery_columns) +
                            "WHERE certificate_id = ?1 AND milestone = ?2 AND recipient_id = ?3 AND channel = ?4";
    Statement statement(m_impl->db, sql.c_str());
    if (!statement.ok()) {
        return m_impl->failure("cannot read deliveries");
    }
    statement.bind(1, key.certificate_id);
    statement.bind(2, key.milestone);
    statement.bind(3, key.recipient_id);
    statement.bind(4, key.channel);
    const int rc = statement.step();
    if (rc == SQLITE_DONE) {
        return std::optional<Delivery>{};
    }
    if (rc != SQLITE_ROW) {
        return m_impl->failure("cannot read deliveries");
    }
    return std::optional<Delivery>{read_delivery(statement)};
}

Result<std::vector<Delivery>> Store::list_deliveries()
{
    const std::string sql =
        std::string(k_delivery_columns) + "ORDER BY certificate_id, milestone_date, recipient_id, channel";
    Statement statement(m_impl->db, sql.c_str());
    if (!statement.ok()) {
        return m_impl->failure("cannot read deliveries");
    }
    std::vector<Delivery> rows;
    int rc = SQLITE_ROW;
    while ((rc = statement.step()) == SQLITE_ROW) {
        rows.push_back(read_delivery(statement));
    }
    if (rc != SQLITE_DONE) {
        return m_impl->failure("cannot read deliveries");
    }
    return rows;
}

Result<std::optional<bool>> Store::toggle_at_expiry(std::string_view certificate_id)
{
    Statement statement(m_impl->db, "SELECT enabled FROM toggle_at_expiry WHERE certificate_id = ?1");
    if (!statement.ok()) {
        return m_impl->failure("cannot read toggles");
    }
    statement.bind(1, certificate_id);
    const int rc = statement.step();
    if (rc == SQLITE_DONE) {
        return std::optional<bool>{};
    }
    if (rc != SQLITE_ROW) {
        return m_impl->failure("cannot read toggles");
    }
    return std::optional<bool>{statement.integer(0) != 0};
}

Result<void> Store::record_toggle_at_expiry(std::string_view certificate_id, bool enabled)
{
    return m_impl->transaction("cannot record a toggle", [&]() -> Result<void> {
        Statement statement(m_impl->db, "INSERT INTO toggle_at_expiry (certificate_id, enabled) VALUES (?1, ?2) "
                                        "ON CONFLICT (certificate_id) DO NOTHING");
        if (!statement.ok()) {
            return m_impl->failure("cannot record a toggle");
        }
        statement.bind(1, certificate_id);
        statement.bind(2, std::int64_t{enabled ? 1 : 0});
        if (statement.step() != SQLITE_DONE) {
            return m_impl->failure("cannot record a toggle");
        }
        return {};
    });
}

Result<std::optional<AppliedToggle>> Store::applied_toggle(std::string_view certificate_id)
{
    Statement statement(m_impl->db, "SELECT enabled, applied_at FROM applied_toggles WHERE certificate_id = ?1");
    if (!statement.ok()) {
        return m_impl->failure("cannot read toggles");
    }
    statement.bind(1, certificate_id);
    const int rc = statement.step();
    if (rc == SQLITE_DONE) {
        return std::optional<AppliedToggle>{};
    }
    if (rc != SQLITE_ROW) {
        return m_impl->failure("cannot read toggles");
    }
    return std::optional<AppliedToggle>{AppliedToggle{statement.integer(0) != 0, from_epoch(statement.integer(1))}};
}

Result<void> Store::set_applied_toggle(std::string_view certificate_id, bool enabled, Instant applied_at)
{
    return m_impl->transaction("cannot record a toggle", [&]() -> Result<void> {
        Statement statement(m_impl->db, "INSERT INTO applied_toggles (certificate_id, enabled, applied_at) VALUES "
                                        "(?1, ?2, ?3) ON CONFLICT (certificate_id) DO UPDATE SET enabled = ?2, "
                                        "applied_at = ?3");
        if (!statement.ok()) {
            return m_impl->failure("cannot record a toggle");
        }
        statement.bind(1, certificate_id);
        statement.bind(2, std::int64_t{enabled ? 1 : 0});
        statement.bind(3, to_epoch(applied_at));
        if (statement.step() != SQLITE_DONE) {
            return m_impl->failure("cannot record a toggle");
        }
        return {};
    });
}

} // namespace certgate::store
