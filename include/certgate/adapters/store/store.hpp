#pragma once
// The store holds only runtime facts — recipient verification, delivered
// notifications, the notification toggle each certificate had when it
// expired, and toggles applied to Huawei Cloud. Declarations (certificates,
// recipients, settings) never live here. Two back ends sit behind one Store:
// an SQLite file (the default, for one host) and a PostgreSQL database that
// several notifier hosts share (a postgresql:// or postgres:// location).

#include "certgate/core/channel.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::store {

/// The schema version this build writes to an SQLite store (PRAGMA user_version).
inline constexpr int k_schema_version = 3;

/// The schema version this build writes to a PostgreSQL store (the one row
/// of the certgate_schema table).
inline constexpr int k_postgres_schema_version = 1;

class Store;
class Backend;

/// Whether a store location names a PostgreSQL database (postgresql://… or
/// postgres://…, libpq's connection URIs) rather than an SQLite file.
[[nodiscard]] bool is_postgres_location(std::string_view location);

/// How open_store opens the database.
enum class OpenMode { read_write, read_only };

/// How long a store operation waits for another process's lock by default.
inline constexpr std::chrono::milliseconds k_default_busy_timeout{5000};

/// Opens the store at `path`, waiting up to `busy_timeout` for locks held by
/// concurrent users.
/// read_write: creates the file (and its parent folder) if missing, turns on
/// WAL and migrates the schema to k_schema_version.
/// read_only: never writes; a missing file opens as an empty store (nothing
/// verified, nothing recorded), so a plan works before the first notify run.
/// Fails with ErrorCode::store when the file is not an SQLite database, is
/// corrupted, stays locked past the timeout, or has a newer schema.
/// A PostgreSQL location (is_postgres_location) is a libpq connection URI;
/// libpq's PG* variables and ~/.pgpass fill in what it leaves out.
/// read_write migrates the database to k_postgres_schema_version in one
/// transaction under an advisory lock; read_only never writes, and a
/// database without certgate's tables reads as an empty store. Fails with
/// ErrorCode::store when the server cannot be reached, refuses the
/// credentials, or has a newer schema; the message names the host, port and
/// database only.
[[nodiscard]] Result<Store> open_store(const std::string& path, OpenMode mode = OpenMode::read_write,
                                       std::chrono::milliseconds busy_timeout = k_default_busy_timeout);

/// Where the store is looked for, as the caller read it: the --store flag and
/// the values of CERTGATE_STORE, XDG_STATE_HOME and HOME (an empty variable
/// counts as unset). The store never reads the environment itself.
struct StoreLocation {
    std::optional<std::string> flag;       ///< --store; "" is refused
    std::optional<std::string> variable;   ///< CERTGATE_STORE
    std::optional<std::string> state_home; ///< XDG_STATE_HOME
    std::optional<std::string> home;       ///< HOME
};

/// Where the store lives when neither --store nor CERTGATE_STORE says:
/// XDG_STATE_HOME/certgate/certgate.db, else HOME/.local/state/certgate/certgate.db.
/// Fails (ErrorCode::usage) when neither is set.
[[nodiscard]] Result<std::string> default_store_path(const StoreLocation& location);

/// The store path to use: the flag if given, else CERTGATE_STORE if set and
/// non-empty, else default_store_path().
[[nodiscard]] Result<std::string> resolve_store_path(const StoreLocation& location);

/// Whether a recipient has confirmed its contact details.
enum class VerificationState { unknown, pending, verified };

/// "unknown", "pending", "verified".
[[nodiscard]] std::string_view to_string(VerificationState state);

/// A recipient's verification record.
struct RecipientVerification {
    std::string recipient_id;
    VerificationState state = VerificationState::unknown;
    /// delivery::hash_code of the code under code_salt; empty once verified
    /// or once the code is void.
    std::string code_hash;
    std::string code_salt;
    /// The real time the code expires (never --now).
    std::optional<Instant> code_expires_at;
    /// Tries of `certgate recipients verify` against the current code.
    int code_attempts = 0;
    std::optional<Instant> verified_at;
    /// The contacts the code was sent to (a JSON text); a change of contact
    /// details starts verification again.
    std::string contacts;
};

/// The state of one claimed delivery: claimed and being sent, sent, failed
/// for now (the next run retries it), or refused for good by the server
/// (delivery::is_permanent_failure; no run retries it until the recipient is
/// reset).
enum class DeliveryState { pending, sent, failed, refused };

/// "pending", "sent", "failed", "refused".
[[nodiscard]] std::string_view to_string(DeliveryState state);

/// What a delivery is about; (certificate_id, milestone, recipient_id,
/// channel) is unique.
struct DeliveryKey {
    std::string certificate_id;
    /// A milestone label ("2mo" … "0d"), or "verification" for a code.
    std::string milestone;
    std::string recipient_id;
    Channel channel = Channel::email;
    friend bool operator==(const DeliveryKey&, const DeliveryKey&) = default;
};

/// One delivery row.
struct Delivery {
    DeliveryKey key;
    /// The milestone date (YYYY-MM-DD); empty for verification messages.
    std::string milestone_date;
    DeliveryState state = DeliveryState::pending;
    int attempts = 0;
    std::string last_error;
    /// When the current claim was taken (a claim older than the lease may be
    /// taken over by another run).
    std::optional<Instant> claimed_at;
    std::optional<Instant> sent_at;
};

/// A toggle applied to a cloud certificate manager.
struct AppliedToggle {
    bool enabled = true;
    Instant applied_at;
};

/// What `certgate store status` shows: the back end, its schema version and
/// how many rows of each kind the store holds.
struct StoreStatus {
    std::string back_end; ///< "sqlite" or "postgresql"
    int schema_version = 0;
    int recipients_pending = 0;
    int recipients_verified = 0;
    int deliveries_pending = 0;
    int deliveries_sent = 0;
    int deliveries_failed = 0;
    int deliveries_refused = 0;
    int toggles_at_expiry = 0;
    int applied_toggles = 0;
};

/// An open store. Move-only; closes the database on destruction. Every
/// method fails with ErrorCode::store when the database cannot be read or
/// written (corrupted, locked for longer than the busy timeout, read-only,
/// the PostgreSQL server gone). Not for concurrent use from several threads;
/// several processes, on one host or several, are fine.
class Store {
public:
    /// A store over an opened back end (open_store makes these).
    explicit Store(std::unique_ptr<Backend> backend);
    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// The path the store was opened from; for PostgreSQL
    /// postgresql://host:port/database, without user or password.
    [[nodiscard]] const std::string& path() const;

    /// The back end, schema version and row counts.
    [[nodiscard]] Result<StoreStatus> status();

    // --- recipient verification ---------------------------------------

    /// The verification record of a recipient, or nullopt when the store
    /// has never seen it.
    [[nodiscard]] Result<std::optional<RecipientVerification>> find_recipient(std::string_view recipient_id);

    /// pending or verified; `unknown` when the store has never seen it.
    [[nodiscard]] Result<VerificationState> recipient_verification(std::string_view recipient_id);

    /// Every recipient the store knows, ordered by id.
    [[nodiscard]] Result<std::vector<RecipientVerification>> list_recipients();

    /// Starts (or restarts) verification in one transaction, so two runs do
    /// not both send codes: stores the hashed code, its salt, expiry and the
    /// contacts and makes the state pending — only when the store has never
    /// seen the recipient, its contacts changed, or it is pending with a code
    /// that expired before `now`. Returns true when the record was written
    /// (the caller then sends the code).
    [[nodiscard]] Result<bool> start_verification(const RecipientVerification& record, Instant now);

    /// Forgets a recipient's verification (when its code could not be sent,
    /// or on `certgate recipients reset`), so the next run sends a new code,
    /// and its refused deliveries, so that they are due again once it has
    /// verified again. One transaction.
    [[nodiscard]] Result<void> forget_recipient(std::string_view recipient_id);

    /// Counts one try against a pending recipient's code, in one transaction
    /// (so concurrent tries cannot exceed a limit), and returns the record
    /// with the count included; nullopt when the store has never seen it. A
    /// verified recipient is returned unchanged.
    [[nodiscard]] Result<std::optional<RecipientVerification>> count_code_attempt(std::string_view recipient_id);

    /// Voids a pending recipient's code (too many wrong tries): it stays
    /// pending, and only `certgate recipients reset` gets it a new code.
    [[nodiscard]] Result<void> void_code(std::string_view recipient_id);

    /// Marks a recipient verified at `at` and forgets its code, provided its
    /// code hash is still `code_hash` (a code replaced meanwhile does not
    /// count). Fails with ErrorCode::usage when it is not.
    [[nodiscard]] Result<void> mark_verified(std::string_view recipient_id, Instant at, std::string_view code_hash);

    // --- deliveries -----------------------------------------------------

    /// Claims a delivery for this run in one transaction: inserts a pending
    /// row if none exists, or takes over a failed row, or a pending row whose
    /// claim is older than `lease` or whose claiming process (same host) no
    /// longer runs. Returns true when this caller now owns the delivery and
    /// must send it; false when it is sent, refused or claimed by another live run.
    /// `now` is the real time of this claim (read just before the call, never
    /// a run's start time nor --now): it is stamped on the row, and another
    /// run may take the claim over only once `now + lease` has passed.
    /// PostgreSQL ignores `now` and stamps the database server's clock
    /// (clock_timestamp()), so hosts whose clocks disagree cannot take each
    /// other's claims early; the row is locked while it is decided.
    [[nodiscard]] Result<bool> claim_delivery(const DeliveryKey& key, std::string_view milestone_date, Instant now,
                                              std::chrono::seconds lease);

    /// Marks a claimed delivery sent at `at`.
    [[nodiscard]] Result<void> mark_sent(const DeliveryKey& key, Instant at);

    /// Marks a claimed delivery failed with `error` (attempts += 1); the next
    /// run retries it. Does nothing when this process no longer holds the
    /// claim (another run took it over, or it was sent meanwhile). `error`
    /// is stored as given: pass only text that is safe to keep (no URL tokens).
    [[nodiscard]] Result<void> mark_failed(const DeliveryKey& key, std::string_view error);

    /// Like mark_failed, for a message the server refused for good: the row
    /// becomes `refused`, and claim_delivery never hands it out again until
    /// forget_recipient frees it.
    [[nodiscard]] Result<void> mark_refused(const DeliveryKey& key, std::string_view error);

    /// The row for `key`, if any.
    [[nodiscard]] Result<std::optional<Delivery>> find_delivery(const DeliveryKey& key);

    /// Every delivery row, ordered by certificate, milestone date, recipient
    /// and channel.
    [[nodiscard]] Result<std::vector<Delivery>> list_deliveries();

    // --- toggle at expiry -------------------------------------------------

    /// The notification toggle value recorded when the certificate expired.
    [[nodiscard]] Result<std::optional<bool>> toggle_at_expiry(std::string_view certificate_id);

    /// Records the toggle value at expiry; the first value recorded wins
    /// (later calls do not change it).
    [[nodiscard]] Result<void> record_toggle_at_expiry(std::string_view certificate_id, bool enabled);

    // --- toggles applied to the cloud (Huawei sync) -----------------------

    /// The toggle last applied to the cloud for a certificate.
    [[nodiscard]] Result<std::optional<AppliedToggle>> applied_toggle(std::string_view certificate_id);

    /// Records the toggle applied to the cloud (replaces the previous one).
    [[nodiscard]] Result<void> set_applied_toggle(std::string_view certificate_id, bool enabled, Instant applied_at);

private:
    std::unique_ptr<Backend> m_backend;
};

} // namespace certgate::store
