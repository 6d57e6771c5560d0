#pragma once
// The store's back ends as open_store sees them, and what they share.

#include "certgate/adapters/store/backend.hpp"

#include <cstdint>
#include <memory>

namespace certgate::store {

/// The SQLite back end at `path` (open_store's documentation holds).
[[nodiscard]] Result<std::unique_ptr<Backend>> open_sqlite_store(const std::string& path, OpenMode mode,
                                                                 std::chrono::milliseconds busy_timeout);

/// An SQLite back end in memory, named `name`: what a read-only open of a
/// store that holds nothing yet reads (nothing verified, nothing recorded).
/// Its status() says schema version 0 of `back_end`.
[[nodiscard]] Result<std::unique_ptr<Backend>> open_empty_store(const std::string& name, std::string_view back_end);

/// The PostgreSQL back end for the connection URI `location`.
[[nodiscard]] Result<std::unique_ptr<Backend>> open_postgres_store(const std::string& location, OpenMode mode,
                                                                   std::chrono::milliseconds busy_timeout);

/// This host's name, as claims record it.
[[nodiscard]] std::string host_name();

/// Whether process `pid` of this host still runs.
[[nodiscard]] bool process_alive(std::int64_t pid);

/// The stored forms of the states ("pending", …); nullopt for anything else.
[[nodiscard]] std::optional<VerificationState> parse_verification(std::string_view text);
[[nodiscard]] DeliveryState parse_delivery_state(std::string_view text);

/// The "newer than this certgate understands" and "run … to migrate it"
/// failures of a schema version check.
[[nodiscard]] Error newer_schema_error(int found, int supported, const std::string& where);
[[nodiscard]] Error older_schema_error(int found, std::string_view how_to_migrate, const std::string& where);

/// One row of counts for StoreStatus, the same SQL on both back ends; column
/// i fills k_status_counts[i].
inline constexpr const char* k_count_rows_sql =
    "SELECT (SELECT count(*) FROM recipients WHERE state = 'pending'), "
    "(SELECT count(*) FROM recipients WHERE state = 'verified'), "
    "(SELECT count(*) FROM deliveries WHERE state = 'pending'), "
    "(SELECT count(*) FROM deliveries WHERE state = 'sent'), "
    "(SELECT count(*) FROM deliveries WHERE state = 'failed'), "
    "(SELECT count(*) FROM deliveries WHERE state = 'refused'), "
    "(SELECT count(*) FROM toggle_at_expiry), (SELECT count(*) FROM applied_toggles)";
inline constexpr int StoreStatus::*k_status_counts[] = {
    &StoreStatus::recipients_pending, &StoreStatus::recipients_verified, &StoreStatus::deliveries_pending,
    &StoreStatus::deliveries_sent,    &StoreStatus::deliveries_failed,   &StoreStatus::deliveries_refused,
    &StoreStatus::toggles_at_expiry,  &StoreStatus::applied_toggles,
};

} // namespace certgate::store
