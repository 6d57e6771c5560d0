#pragma once
// What every store back end implements: the SQLite file (the default) and a
// PostgreSQL database shared by several notifier hosts. Store forwards each
// call to its back end; callers use Store (store.hpp), never this directly.

#include "certgate/adapters/store/store.hpp"

namespace certgate::store {

/// One store back end. Each method behaves as the Store method of the same
/// name documents; a back end reports its own failures as ErrorCode::store
/// errors whose `where` is name().
class Backend {
public:
    Backend() = default;
    virtual ~Backend() = default;
    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;

    /// The file path, or for PostgreSQL postgresql://host:port/database
    /// (never the user or password).
    [[nodiscard]] virtual const std::string& name() const = 0;

    [[nodiscard]] virtual Result<std::optional<RecipientVerification>> find_recipient(std::string_view id) = 0;
    [[nodiscard]] virtual Result<std::vector<RecipientVerification>> list_recipients() = 0;
    [[nodiscard]] virtual Result<bool> start_verification(const RecipientVerification& record, Instant now) = 0;
    [[nodiscard]] virtual Result<void> forget_recipient(std::string_view id) = 0;
    [[nodiscard]] virtual Result<std::optional<RecipientVerification>> count_code_attempt(std::string_view id) = 0;
    [[nodiscard]] virtual Result<void> void_code(std::string_view id) = 0;
    /// Unlike Store::mark_verified, returns how many recipients it marked (0
    /// or 1): the rule that exactly one must be is Store's, for every back end.
    [[nodiscard]] virtual Result<int> mark_verified(std::string_view id, Instant at, std::string_view code_hash) = 0;

    [[nodiscard]] virtual Result<bool> claim_delivery(const DeliveryKey& key, std::string_view milestone_date,
                                                      Instant now, std::chrono::seconds lease) = 0;
    [[nodiscard]] virtual Result<void> mark_sent(const DeliveryKey& key, Instant at) = 0;
    [[nodiscard]] virtual Result<void> mark_failed(const DeliveryKey& key, std::string_view error) = 0;
    [[nodiscard]] virtual Result<void> mark_refused(const DeliveryKey& key, std::string_view error) = 0;
    [[nodiscard]] virtual Result<std::optional<Delivery>> find_delivery(const DeliveryKey& key) = 0;
    [[nodiscard]] virtual Result<std::vector<Delivery>> list_deliveries() = 0;

    [[nodiscard]] virtual Result<std::optional<bool>> toggle_at_expiry(std::string_view certificate_id) = 0;
    [[nodiscard]] virtual Result<void> record_toggle_at_expiry(std::string_view certificate_id, bool enabled) = 0;
    [[nodiscard]] virtual Result<std::optional<AppliedToggle>> applied_toggle(std::string_view certificate_id) = 0;
    [[nodiscard]] virtual Result<void> set_applied_toggle(std::string_view certificate_id, bool enabled,
                                                          Instant applied_at) = 0;

    [[nodiscard]] virtual Result<StoreStatus> status() = 0;
};

} // namespace certgate::store
