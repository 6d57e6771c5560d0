// The PostgreSQL back end, the only user of libpq (loaded on demand, see
// libpq.hpp). Several notifier hosts share one database: claims lock their
// row and are stamped by the server's clock, migrations run under an
// advisory lock, and a transaction that lost a serialization race or a
// deadlock is tried again a bounded number of times.

#include "backends.hpp"
#include "libpq.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <unistd.h>
#include <utility>

namespace certgate::store {

namespace {

// Migrations, one per schema version: k_migrations[i] takes the schema from
// version i to i + 1. Instants are epoch seconds as in the SQLite store,
// except claimed_at, which the server stamps with its own clock.
constexpr const char* k_migrations[] = {
    R"sql(
CREATE TABLE recipients (
    id text PRIMARY KEY,
    state text NOT NULL CHECK (state IN ('pending', 'verified')),
    code_hash text NOT NULL DEFAULT '',
    code_salt text NOT NULL DEFAULT '',
    code_expires_at bigint,
    verified_at bigint,
    contacts text NOT NULL DEFAULT '',
    code_attempts integer NOT NULL DEFAULT 0
);
CREATE TABLE deliveries (
    certificate_id text NOT NULL,
    milestone text NOT NULL,
    recipient_id text NOT NULL,
    channel text NOT NULL,
    milestone_date text NOT NULL,
    state text NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'refused')),
    attempts integer NOT NULL DEFAULT 0,
    last_error text NOT NULL DEFAULT '',
    claimed_at timestamptz,
    claimed_by_host text NOT NULL DEFAULT '',
    claimed_by_pid bigint NOT NULL DEFAULT 0,
    sent_at bigint,
    PRIMARY KEY (certificate_id, milestone, recipient_id, channel)
);
CREATE INDEX deliveries_by_recipient ON deliveries (recipient_id);
CREATE TABLE toggle_at_expiry (
    certificate_id text PRIMARY KEY,
    enabled boolean NOT NULL
);
CREATE TABLE applied_toggles (
    certificate_id text PRIMARY KEY,
    enabled boolean NOT NULL,
    applied_at bigint NOT NULL
);
)sql",
};
static_assert(std::size(k_migrations) == k_postgres_schema_version);

// Every certgate host takes this advisory lock to migrate ("certgate" in ASCII).
constexpr const char* k_migration_lock = "SELECT pg_advisory_xact_lock(6359708734010550628)";

// A transaction that failed on a serialization race or a deadlock is run
// again, at most this many times in all.
constexpr int k_transaction_attempts = 5;

// What a query waits for a row lock or for the server before it fails.
constexpr std::chrono::seconds k_statement_timeout{30};

struct ResultDeleter {
    void operator()(PGresult* result) const { libpq().PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnectionDeleter {
    void operator()(PGconn* connection) const { libpq().PQfinish(connection); }
};
using PgConnection = std::unique_ptr<PGconn, ConnectionDeleter>;

struct OptionsDeleter {
    void operator()(PQconninfoOption* options) const { libpq().PQconninfoFree(options); }
};

std::int64_t to_epoch(Instant instant)
{
    return instant.time_since_epoch().count();
}

std::int64_t parse_integer(const char* text)
{
    std::int64_t value = 0;
    std::from_chars(text, text + std::char_traits<char>::length(text), value);
    return value;
}

/// One query's parameters as libpq takes them: text, or null.
class Parameters {
public:
    void add(std::string_view text) { m_values.emplace_back(std::string(text)); }
    void add(std::int64_t value) { m_values.emplace_back(std::to_string(value)); }
    void add(bool value) { m_values.emplace_back(value ? "t" : "f"); }
    void add(Instant value) { add(to_epoch(value)); }
    void add(std::chrono::seconds value) { add(static_cast<std::int64_t>(value.count())); }
    void add(const std::optional<Instant>& value)
    {
        if (value) {
            add(*value);
        } else {
            m_values.emplace_back(std::nullopt);
        }
    }
    void add(const DeliveryKey& key)
    {
        add(key.certificate_id);
        add(key.milestone);
        add(key.recipient_id);
        add(to_string(key.channel));
    }

    [[nodiscard]] int count() const { return static_cast<int>(m_values.size()); }
    [[nodiscard]] std::vector<const char*> pointers() const
    {
        std::vector<const char*> pointers;
        for (const auto& value : m_values) {
            pointers.push_back(value ? value->c_str() : nullptr);
        }
        return pointers;
    }

private:
    std::vector<std::optional<std::string>> m_values;
};

/// A result's rows, read by column.
class Rows {
public:
    explicit Rows(PgResult result) : m_result(std::move(result)) {}
    [[nodiscard]] int size() const { return libpq().PQntuples(m_result.get()); }
    [[nodiscard]] int changed() const { return static_cast<int>(parse_integer(libpq().PQcmdTuples(m_result.get()))); }
    [[nodiscard]] bool null(int row, int column) const { return libpq().PQgetisnull(m_result.get(), row, column) == 1; }
    [[nodiscard]] std::string text(int row, int column) const
    {
        return libpq().PQgetvalue(m_result.get(), row, column);
    }
    [[nodiscard]] std::int64_t integer(int row, int column) const
    {
        return parse_integer(libpq().PQgetvalue(m_result.get(), row, column));
    }
    [[nodiscard]] bool boolean(int row, int column) const { return text(row, column) == "t"; }
    [[nodiscard]] std::optional<Instant> instant(int row, int column) const
    {
        if (null(row, column)) {
            return std::nullopt;
        }
        return Instant{std::chrono::seconds{integer(row, column)}};
    }

private:
    PgResult m_result;
};

/// The parts of a connection URI that may be shown: host, port, database.
struct ShownParts {
    std::string host;
    std::string port;
    std::string database;
    std::string password; ///< never shown: only to blank it out of libpq's messages
};

/// Reads the URI with libpq's own parser. Its error message is not passed
/// on: it may quote the URI, password included.
std::optional<ShownParts> parse_location(const std::string& location)
{
    char* message = nullptr;
    std::unique_ptr<PQconninfoOption, OptionsDeleter> options(libpq().PQconninfoParse(location.c_str(), &message));
    libpq().PQfreemem(message);
    if (!options) {
        return std::nullopt;
    }
    ShownParts parts;
    for (const auto* option = options.get(); option->keyword != nullptr; ++option) {
        const std::string value = option->val == nullptr ? "" : option->val;
        const std::string_view keyword = option->keyword;
        if (keyword == "host" || (keyword == "hostaddr" && parts.host.empty())) {
            parts.host = value;
        } else if (keyword == "port") {
            parts.port = value;
        } else if (keyword == "dbname") {
            parts.database = value;
        } else if (keyword == "password") {
            parts.password = value;
        }
    }
    return parts;
}

/// postgresql://host:port/database as the connection sees it (libpq filled
/// in what the URI left out from PG* variables and its defaults).
std::string shown_name(const PGconn* connection, const ShownParts& parts)
{
    auto pick = [](const char* live, const std::string& parsed, const char* fallback) {
        if (live != nullptr && *live != '\0') {
            return std::string(live);
        }
        return parsed.empty() ? std::string(fallback) : parsed;
    };
    std::string host = pick(connection == nullptr ? nullptr : libpq().PQhost(connection), parts.host, "localhost");
    if (host.find(':') != std::string::npos && host.front() != '/') {
        host = "[" + host + "]";
    }
    const std::string port = pick(connection == nullptr ? nullptr : libpq().PQport(connection), parts.port, "5432");
    const std::string database = pick(connection == nullptr ? nullptr : libpq().PQdb(connection), parts.database, "");
    return "postgresql://" + host + ":" + port + "/" + database;
}

/// libpq's message, on one line, without the password and without the
/// "connection to server at … failed:" preamble that the location repeats.
std::string clean_message(const char* raw, const std::string& password)
{
    std::string message = raw == nullptr ? "" : raw;
    if (!password.empty()) {
        for (auto at = message.find(password); at != std::string::npos; at = message.find(password, at)) {
            message.replace(at, password.size(), "***");
        }
    }
    if (const auto failed = message.rfind("failed: "); failed != std::string::npos) {
        message.erase(0, failed + 8);
    }
    std::replace(message.begin(), message.end(), '\n', ' ');
    while (message.find("  ") != std::string::npos) {
        message.erase(message.find("  "), 1);
    }
    while (!message.empty() && message.back() == ' ') {
        message.pop_back();
    }
    return message.empty() ? "no detail from the server" : message;
}

/// What the user can do about a failure, by SQLSTATE or connection state.
std::string failure_hint(std::string_view sqlstate, bool connection_lost, std::string_view message)
{
    if (sqlstate == "25006") {
        return " (the server accepts only reads: it is a hot standby or default_transaction_read_only is on; "
               "point the store at the primary)";
    }
    if (sqlstate == "28P01" || sqlstate == "28000" || message.find("password") != std::string_view::npos) {
        return " (the server refused the credentials; check the user and the password in PGPASSWORD, "
               "~/.pgpass or the connection URI)";
    }
    if (sqlstate == "3D000") {
        return " (the database does not exist; create it, or fix the database name in the connection URI)";
    }
    if (sqlstate == "55P03" || sqlstate == "57014") {
        return " (another certgate host holds a lock for too long; try again when it has finished)";
    }
    if (sqlstate == "40001" || sqlstate == "40P01") {
        return " (conflicting transactions of other certgate hosts; try again)";
    }
    if (connection_lost) {
        return " (the connection to the server is gone or cannot be made; check that the server runs and is "
               "reachable, then run again)";
    }
    return {};
}

void ignore_notice(void*, const char*) {}

class PostgresStore final : public Backend {
public:
    PostgresStore(std::string location, ShownParts parts, OpenMode mode)
        : m_location(std::move(location)), m_parts(std::move(parts)), m_mode(mode)
    {
    }

    [[nodiscard]] const std::string& name() const override { return m_name; }

    /// Connects (again); fails with a message that names only host, port
    /// and database.
    [[nodiscard]] Result<void> connect(std::chrono::milliseconds busy_timeout)
    {
        const auto connect_seconds = std::to_string(
            std::max<std::int64_t>(2, std::chrono::duration_cast<std::chrono::seconds>(busy_timeout).count()));
        m_busy_timeout = busy_timeout;
        // Defaults first: what the URI says overrides them (expand_dbname).
        const char* keywords[] = {"connect_timeout",  "application_name", "keepalives_idle", "keepalives_interval",
                                  "keepalives_count", "tcp_user_timeout", "dbname",          nullptr};
        const char* values[] = {connect_seconds.c_str(), "certgate", "10", "5", "3", "30000",
                                m_location.c_str(),      nullptr};
        m_connection.reset(libpq().PQconnectdbParams(keywords, values, 1));
        m_name = shown_name(m_connection.get(), m_parts);
        if (!m_connection || libpq().PQstatus(m_connection.get()) != CONNECTION_OK) {
            const std::string message = clean_message(
                m_connection ? libpq().PQerrorMessage(m_connection.get()) : "out of memory", m_parts.password);
            m_name = shown_name(nullptr, m_parts);
            m_connection.reset();
            return make_error(ErrorCode::store,
                              "cannot connect to the store: " + message + failure_hint("", true, message), m_name);
        }
        // Server notices ("relation … already exists, skipping") are not for
        // the user: libpq would print them to stderr.
        libpq().PQsetNoticeProcessor(m_connection.get(), ignore_notice, nullptr);
        const auto settings =
            "SET lock_timeout = " + std::to_string(busy_timeout.count()) +
            "; SET statement_timeout = " + std::to_string(std::chrono::milliseconds{k_statement_timeout}.count()) +
            (m_mode == OpenMode::read_only ? "; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY" : "");
        return command("cannot connect to the store", settings.c_str());
    }

    /// Whether the server takes writes (not a hot standby, not
    /// default_transaction_read_only).
    [[nodiscard]] Result<bool> writable()
    {
        auto read_only = query("cannot connect to the store", "SHOW transaction_read_only");
        if (!read_only) {
            return read_only.error();
        }
        return read_only->size() == 1 && read_only->text(0, 0) == "off";
    }

    /// The schema version, 0 when certgate's tables are not there yet.
    [[nodiscard]] Result<int> schema_version()
    {
        auto exists = query("cannot read the schema version", "SELECT to_regclass('certgate_schema') IS NOT NULL");
        if (!exists) {
            return exists.error();
        }
        if (!exists->boolean(0, 0)) {
            return 0;
        }
        auto version = query("cannot read the schema version", "SELECT max(version) FROM certgate_schema");
        if (!version) {
            return version.error();
        }
        return version->null(0, 0) ? 0 : static_cast<int>(version->integer(0, 0));
    }

    /// Brings the schema to k_postgres_schema_version, in one transaction
    /// under the advisory lock, so hosts starting together migrate once.
    [[nodiscard]] Result<void> migrate()
    {
        return transaction("cannot migrate the store", [&]() -> Result<void> {
            if (auto locked = command("cannot migrate the store", k_migration_lock); !locked) {
                return locked;
            }
            if (auto table = command("cannot migrate the store",
                                     "CREATE TABLE IF NOT EXISTS certgate_schema (version integer NOT NULL)");
                !table) {
                return table;
            }
            auto version = schema_version();
            if (!version) {
                return version.error();
            }
            if (*version > k_postgres_schema_version) {
                return newer_schema_error(*version, k_postgres_schema_version, m_name);
            }
            for (int next = *version; next < k_postgres_schema_version; ++next) {
                if (auto step = command("cannot migrate the store", k_migrations[next]); !step) {
                    return step;
                }
            }
            if (*version < k_postgres_schema_version) {
                if (auto cleared = command("cannot migrate the store", "DELETE FROM certgate_schema"); !cleared) {
                    return cleared;
                }
                auto set = execute("cannot migrate the store", "INSERT INTO certgate_schema (version) VALUES ($1)",
                                   std::int64_t{k_postgres_schema_version});
                if (!set) {
                    return set.error();
                }
            }
            return {};
        });
    }

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

    [[nodiscard]] const std::string& host() const { return m_host; }

    /// Runs one statement with $1, $2, … bound to `params`; any failure is
    /// an Error saying `what` could not be done.
    template <typename... Params>
    [[nodiscard]] Result<Rows> query(std::string_view what, const char* sql, const Params&... params)
    {
        if (!m_connection) {
            return failure(what, nullptr);
        }
        Parameters bound;
        (bound.add(params), ...);
        const auto pointers = bound.pointers();
        PgResult result(bound.count() == 0 ? libpq().PQexec(m_connection.get(), sql)
                                           : libpq().PQexecParams(m_connection.get(), sql, bound.count(), nullptr,
                                                                  pointers.data(), nullptr, nullptr, 0));
        const auto status = result ? libpq().PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            return failure(what, result.get());
        }
        return Rows(std::move(result));
    }

    /// query() for a statement that changes rows; returns how many it changed.
    template <typename... Params>
    [[nodiscard]] Result<int> execute(std::string_view what, const char* sql, const Params&... params)
    {
        auto rows = query(what, sql, params...);
        if (!rows) {
            return rows.error();
        }
        return rows->changed();
    }

    /// query() without parameters for its success only (several statements
    /// may be given).
    [[nodiscard]] Result<void> command(std::string_view what, const char* sql)
    {
        auto rows = query(what, sql);
        if (!rows) {
            return rows.error();
        }
        return {};
    }

    /// Runs `body` in BEGIN … COMMIT. A serialization failure or deadlock is
    /// tried again (k_transaction_attempts in all, with a growing pause); a
    /// lost connection is made again once and the transaction run again,
    /// which every body here allows (each is idempotent or re-decides from
    /// the rows it reads).
    template <typename Body> auto transaction(std::string_view what, Body&& body) -> decltype(body())
    {
        bool reconnected = false;
        for (int attempt = 1;; ++attempt) {
            m_last_sqlstate.clear();
            m_connection_lost = false;
            auto result = attempt_transaction(what, body);
            if (result) {
                return result;
            }
            const bool conflict = m_last_sqlstate == "40001" || m_last_sqlstate == "40P01";
            if (conflict && attempt < k_transaction_attempts) {
                std::this_thread::sleep_for(std::chrono::milliseconds{10 * attempt + (getpid() % 10)});
                continue;
            }
            if (m_connection_lost && !reconnected) {
                reconnected = true;
                if (auto again = connect(m_busy_timeout); again) {
                    continue;
                }
            }
            return result;
        }
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

private:
    template <typename Body> auto attempt_transaction(std::string_view what, Body& body) -> decltype(body())
    {
        if (auto begun = command(what, "BEGIN"); !begun) {
            return begun.error();
        }
        auto result = body();
        if (!result) {
            rollback();
            return result;
        }
        if (auto committed = command(what, "COMMIT"); !committed) {
            rollback();
            return committed.error();
        }
        return result;
    }

    void rollback()
    {
        if (m_connection && libpq().PQstatus(m_connection.get()) == CONNECTION_OK) {
            PgResult ignored(libpq().PQexec(m_connection.get(), "ROLLBACK"));
        }
    }

    [[nodiscard]] Error failure(std::string_view what, const PGresult* result)
    {
        const char* sqlstate = result == nullptr ? nullptr : libpq().PQresultErrorField(result, PG_DIAG_SQLSTATE);
        m_last_sqlstate = sqlstate == nullptr ? "" : sqlstate;
        m_connection_lost = !m_connection || libpq().PQstatus(m_connection.get()) != CONNECTION_OK;
        const char* raw = result != nullptr && *libpq().PQresultErrorMessage(result) != '\0'
                              ? libpq().PQresultErrorMessage(result)
                          : m_connection ? libpq().PQerrorMessage(m_connection.get())
                                         : "not connected";
        const std::string message = clean_message(raw, m_parts.password);
        return make_error(
            ErrorCode::store,
            std::string(what) + ": " + message + failure_hint(m_last_sqlstate, m_connection_lost, message), m_name);
    }

    std::string m_location;
    ShownParts m_parts;
    OpenMode m_mode;
    std::string m_name;
    PgConnection m_connection;
    std::chrono::milliseconds m_busy_timeout{k_default_busy_timeout};
    std::string m_host = host_name();
    std::string m_last_sqlstate;
    bool m_connection_lost = false;
};

constexpr const char* k_recipient_columns = "SELECT id, state, code_hash, code_salt, code_expires_at, verified_at, "
                                            "contacts, code_attempts FROM recipients ";

std::vector<RecipientVerification> read_recipients(const Rows& rows)
{
    std::vector<RecipientVerification> records;
    for (int row = 0; row < rows.size(); ++row) {
        RecipientVerification record;
        record.recipient_id = rows.text(row, 0);
        record.state = parse_verification(rows.text(row, 1)).value_or(VerificationState::unknown);
        record.code_hash = rows.text(row, 2);
        record.code_salt = rows.text(row, 3);
        record.code_expires_at = rows.instant(row, 4);
        record.verified_at = rows.instant(row, 5);
        record.contacts = rows.text(row, 6);
        record.code_attempts = static_cast<int>(rows.integer(row, 7));
        records.push_back(std::move(record));
    }
    return records;
}

constexpr const char* k_delivery_columns =
    "SELECT certificate_id, milestone, recipient_id, channel, milestone_date, state, attempts, last_error, "
    "floor(extract(epoch FROM claimed_at))::bigint, sent_at FROM deliveries ";

std::vector<Delivery> read_deliveries(const Rows& rows)
{
    std::vector<Delivery> deliveries;
    for (int row = 0; row < rows.size(); ++row) {
        Delivery delivery;
        // As in the SQLite store: a channel certgate did not write is read
        // as email rather than dropped.
        delivery.key = {rows.text(row, 0), rows.text(row, 1), rows.text(row, 2),
                        parse_channel(rows.text(row, 3)).value_or(Channel::email)};
        delivery.milestone_date = rows.text(row, 4);
        delivery.state = parse_delivery_state(rows.text(row, 5));
        delivery.attempts = static_cast<int>(rows.integer(row, 6));
        delivery.last_error = rows.text(row, 7);
        delivery.claimed_at = rows.instant(row, 8);
        delivery.sent_at = rows.instant(row, 9);
        deliveries.push_back(std::move(delivery));
    }
    return deliveries;
}

constexpr const char* k_where_key =
    "WHERE certificate_id = $1 AND milestone = $2 AND recipient_id = $3 AND channel = $4";

} // namespace

Result<std::optional<RecipientVerification>> PostgresStore::find_recipient(std::string_view id)
{
    const auto text = std::string(k_recipient_columns) + "WHERE id = $1";
    auto rows = query("cannot read recipients", text.c_str(), id);
    if (!rows) {
        return rows.error();
    }
    auto records = read_recipients(*rows);
    if (records.empty()) {
        return std::optional<RecipientVerification>{};
    }
    if (records.front().state == VerificationState::unknown) {
        return make_error(
            ErrorCode::store,
            "recipient \"" + records.front().recipient_id + "\" has an unknown state; the store is damaged", m_name);
    }
    return std::optional<RecipientVerification>{std::move(records.front())};
}

Result<std::vector<RecipientVerification>> PostgresStore::list_recipients()
{
    const auto text = std::string(k_recipient_columns) + "ORDER BY id";
    auto rows = query("cannot read recipients", text.c_str());
    if (!rows) {
        return rows.error();
    }
    return read_recipients(*rows);
}

Result<bool> PostgresStore::start_verification(const RecipientVerification& record, Instant now)
{
    // One statement decides and writes, so two hosts cannot both start it:
    // the conflicting insert waits for the other's row and re-checks.
    return transaction("cannot write recipients", [&]() -> Result<bool> {
        auto written = execute(
            "cannot write recipients",
            "INSERT INTO recipients AS r (id, state, code_hash, code_salt, code_expires_at, verified_at, contacts, "
            "code_attempts) VALUES ($1, 'pending', $2, $3, $4, NULL, $5, 0) ON CONFLICT (id) DO UPDATE SET "
            "state = 'pending', code_hash = $2, code_salt = $3, code_expires_at = $4, verified_at = NULL, "
            "contacts = $5, code_attempts = 0 WHERE r.contacts <> $5 OR (r.state = 'pending' AND "
            "(r.code_expires_at IS NULL OR r.code_expires_at < $6))",
            record.recipient_id, record.code_hash, record.code_salt, record.code_expires_at, record.contacts, now);
        if (!written) {
            return written.error();
        }
        return *written == 1;
    });
}

Result<void> PostgresStore::forget_recipient(std::string_view id)
{
    return transaction("cannot write recipients", [&]() -> Result<void> {
        if (auto forgotten = execute("cannot write recipients", "DELETE FROM recipients WHERE id = $1", id);
            !forgotten) {
            return forgotten.error();
        }
        // Once it verifies again, the messages it refused are due again.
        if (auto freed = execute("cannot write recipients",
                                 "DELETE FROM deliveries WHERE recipient_id = $1 AND state = 'refused'", id);
            !freed) {
            return freed.error();
        }
        return {};
    });
}

Result<std::optional<RecipientVerification>> PostgresStore::count_code_attempt(std::string_view id)
{
    return transaction("cannot write recipients", [&]() -> Result<std::optional<RecipientVerification>> {
        auto counted =
            execute("cannot write recipients",
                    "UPDATE recipients SET code_attempts = code_attempts + 1 WHERE id = $1 AND state = 'pending'", id);
        if (!counted) {
            return counted.error();
        }
        return find_recipient(id);
    });
}

Result<void> PostgresStore::void_code(std::string_view id)
{
    return write("cannot write recipients",
                 "UPDATE recipients SET code_hash = '', code_expires_at = NULL WHERE id = $1 AND state = 'pending'",
                 id);
}

Result<int> PostgresStore::mark_verified(std::string_view id, Instant at, std::string_view code_hash)
{
    return transaction("cannot write recipients", [&]() -> Result<int> {
        return execute("cannot write recipients",
                       "UPDATE recipients SET state = 'verified', code_hash = '', code_salt = '', "
                       "code_expires_at = NULL, code_attempts = 0, verified_at = $2 WHERE id = $1 "
                       "AND state = 'pending' AND code_hash = $3 AND code_hash <> ''",
                       id, at, code_hash);
    });
}

Result<bool> PostgresStore::claim_delivery(const DeliveryKey& key, std::string_view milestone_date, Instant,
                                           std::chrono::seconds lease)
{
    const auto pid = static_cast<std::int64_t>(getpid());
    return transaction("cannot claim a delivery", [&]() -> Result<bool> {
        // The row stays locked until COMMIT: a second host waits here and
        // then sees this claim. The lease is judged by the server's clock.
        const auto select =
            std::string("SELECT state, claimed_by_host, claimed_by_pid, claimed_at IS NULL OR claimed_at + "
                        "make_interval(secs => $5) < clock_timestamp() FROM deliveries ") +
            k_where_key + " FOR UPDATE";
        auto existing = query("cannot claim a delivery", select.c_str(), key, lease);
        if (!existing) {
            return existing.error();
        }
        if (existing->size() == 0) {
            auto inserted = execute(
                "cannot claim a delivery",
                "INSERT INTO deliveries (certificate_id, milestone, recipient_id, channel, milestone_date, state, "
                "attempts, last_error, claimed_at, claimed_by_host, claimed_by_pid) VALUES ($1, $2, $3, $4, $5, "
                "'pending', 0, '', clock_timestamp(), $6, $7) ON CONFLICT DO NOTHING",
                key, milestone_date, m_host, pid);
            if (!inserted) {
                return inserted.error();
            }
            // Nothing inserted: another host inserted it meanwhile and holds it.
            return *inserted == 1;
        }
        const auto state = parse_delivery_state(existing->text(0, 0));
        if (state == DeliveryState::sent || state == DeliveryState::refused) {
            return false;
        }
        if (state == DeliveryState::pending) {
            const bool owner_gone = existing->text(0, 1) == m_host && !process_alive(existing->integer(0, 2));
            const bool lease_over = existing->boolean(0, 3);
            if (!owner_gone && !lease_over) {
                return false;
            }
        }
        const auto update = std::string("UPDATE deliveries SET state = 'pending', claimed_at = clock_timestamp(), "
                                        "claimed_by_host = $5, claimed_by_pid = $6 ") +
                            k_where_key;
        auto claimed = execute("cannot claim a delivery", update.c_str(), key, m_host, pid);
        if (!claimed) {
            return claimed.error();
        }
        return true;
    });
}

Result<void> PostgresStore::mark_sent(const DeliveryKey& key, Instant at)
{
    const auto text =
        std::string("UPDATE deliveries SET state = 'sent', attempts = attempts + 1, last_error = '', sent_at = $5 ") +
        k_where_key;
    return write("cannot record a delivery", text.c_str(), key, at);
}

namespace {

Result<void> record_failure(PostgresStore& store, const DeliveryKey& key, DeliveryState state, std::string_view error)
{
    // Only the run that holds the claim records a failure (as in SQLite).
    const auto text = std::string("UPDATE deliveries SET state = $5, attempts = attempts + 1, last_error = $6 ") +
                      k_where_key + " AND state = 'pending' AND claimed_by_host = $7 AND claimed_by_pid = $8";
    return store.write("cannot record a delivery", text.c_str(), key, to_string(state), error, store.host(),
                       static_cast<std::int64_t>(getpid()));
}

} // namespace

Result<void> PostgresStore::mark_failed(const DeliveryKey& key, std::string_view error)
{
    return record_failure(*this, key, DeliveryState::failed, error);
}

Result<void> PostgresStore::mark_refused(const DeliveryKey& key, std::string_view error)
{
    return record_failure(*this, key, DeliveryState::refused, error);
}

Result<std::optional<Delivery>> PostgresStore::find_delivery(const DeliveryKey& key)
{
    const auto text = std::string(k_delivery_columns) + k_where_key;
    auto rows = query("cannot read deliveries", text.c_str(), key);
    if (!rows) {
        return rows.error();
    }
    auto deliveries = read_deliveries(*rows);
    if (deliveries.empty()) {
        return std::optional<Delivery>{};
    }
    return std::optional<Delivery>{std::move(deliveries.front())};
}

Result<std::vector<Delivery>> PostgresStore::list_deliveries()
{
    // COLLATE "C": the byte order SQLite sorts in, whatever the database's locale.
    const auto text = std::string(k_delivery_columns) +
                      "ORDER BY certificate_id COLLATE \"C\", milestone_date COLLATE \"C\", recipient_id COLLATE "
                      "\"C\", channel COLLATE \"C\"";
    auto rows = query("cannot read deliveries", text.c_str());
    if (!rows) {
        return rows.error();
    }
    return read_deliveries(*rows);
}

Result<std::optional<bool>> PostgresStore::toggle_at_expiry(std::string_view certificate_id)
{
    auto rows =
        query("cannot read toggles", "SELECT enabled FROM toggle_at_expiry WHERE certificate_id = $1", certificate_id);
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<bool>{};
    }
    return std::optional<bool>{rows->boolean(0, 0)};
}

Result<void> PostgresStore::record_toggle_at_expiry(std::string_view certificate_id, bool enabled)
{
    return write("cannot record a toggle",
                 "INSERT INTO toggle_at_expiry (certificate_id, enabled) VALUES ($1, $2) ON CONFLICT (certificate_id) "
                 "DO NOTHING",
                 certificate_id, enabled);
}

Result<std::optional<AppliedToggle>> PostgresStore::applied_toggle(std::string_view certificate_id)
{
    auto rows = query("cannot read toggles",
                      "SELECT enabled, applied_at FROM applied_toggles WHERE certificate_id = $1", certificate_id);
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<AppliedToggle>{};
    }
    return std::optional<AppliedToggle>{AppliedToggle{rows->boolean(0, 0), *rows->instant(0, 1)}};
}

Result<void> PostgresStore::set_applied_toggle(std::string_view certificate_id, bool enabled, Instant applied_at)
{
    return write("cannot record a toggle",
                 "INSERT INTO applied_toggles (certificate_id, enabled, applied_at) VALUES ($1, $2, $3) ON CONFLICT "
                 "(certificate_id) DO UPDATE SET enabled = $2, applied_at = $3",
                 certificate_id, enabled, applied_at);
}

Result<StoreStatus> PostgresStore::status()
{
    StoreStatus status;
    status.back_end = "postgresql";
    auto version = schema_version();
    if (!version) {
        return version.error();
    }
    status.schema_version = *version;
    auto rows = query("cannot count the store's rows", k_count_rows_sql);
    if (!rows) {
        return rows.error();
    }
    for (std::size_t column = 0; column < std::size(k_status_counts); ++column) {
        status.*k_status_counts[column] = static_cast<int>(rows->integer(0, static_cast<int>(column)));
    }
    return status;
}

Result<std::unique_ptr<Backend>> open_postgres_store(const std::string& location, OpenMode mode,
                                                     std::chrono::milliseconds busy_timeout)
{
    if (auto loaded = load_libpq(); !loaded) {
        return loaded.error();
    }
    auto parts = parse_location(location);
    if (!parts) {
        return make_error(ErrorCode::usage,
                          "the store location is not a valid PostgreSQL connection URI (expected "
                          "postgresql://[user@]host[:port]/database[?param=value…]; the URI is not shown, it may "
                          "hold a password)",
                          "--store");
    }
    auto store = std::make_unique<PostgresStore>(location, std::move(*parts), mode);
    if (auto connected = store->connect(busy_timeout); !connected) {
        return connected.error();
    }
    if (mode == OpenMode::read_write) {
        auto writable = store->writable();
        if (!writable) {
            return writable.error();
        }
        if (!*writable) {
            return make_error(ErrorCode::store, "cannot write the store" + failure_hint("25006", false, ""),
                              store->name());
        }
        if (auto migrated = store->migrate(); !migrated) {
            return migrated.error();
        }
        return std::unique_ptr<Backend>(std::move(store));
    }
    auto version = store->schema_version();
    if (!version) {
        return version.error();
    }
    if (*version == 0) {
        // Nothing migrated yet: read as an empty store, as a missing SQLite file is.
        return open_empty_store(store->name(), "postgresql");
    }
    if (*version > k_postgres_schema_version) {
        return newer_schema_error(*version, k_postgres_schema_version, store->name());
    }
    if (*version < k_postgres_schema_version) {
        return older_schema_error(*version, "certgate store migrate", store->name());
    }
    return std::unique_ptr<Backend>(std::move(store));
}

} // namespace certgate::store
