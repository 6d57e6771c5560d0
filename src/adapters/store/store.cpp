// The store's one front: picks the back end from the location and forwards
// every call to it.

#include "certgate/adapters/store/store.hpp"

#include "backends.hpp"

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace certgate::store {

bool is_postgres_location(std::string_view location)
{
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<std::string> default_store_path(const StoreLocation& location)
{
    if (location.state_home && !location.state_home->empty()) {
        return *location.state_home + "/certgate/certgate.db";
    }
    if (location.home && !location.home->empty()) {
        return *location.home + "/.local/state/certgate/certgate.db";
    }
    return make_error(ErrorCode::usage, "no store path: set --store, CERTGATE_STORE, XDG_STATE_HOME or HOME",
                      "--store");
}

Result<std::string> resolve_store_path(const StoreLocation& location)
{
    if (location.flag) {
        if (location.flag->empty()) {
            return make_error(ErrorCode::usage, "expected a file path, got \"\"", "--store");
        }
        return *location.flag;
    }
    if (location.variable && !location.variable->empty()) {
        return *location.variable;
    }
    return default_store_path(location);
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
    case DeliveryState::refused:
        return "refused";
    case DeliveryState::pending:
        break;
    }
    return "pending";
}

std::optional<VerificationState> parse_verification(std::string_view text)
{
    if (text == "pending") {
        return VerificationState::pending;
    }
    if (text == "verified") {
        return VerificationState::verified;
    }
    return std::nullopt;
}

DeliveryState parse_delivery_state(std::string_view text)
{
    if (text == "sent") {
        return DeliveryState::sent;
    }
    if (text == "failed") {
        return DeliveryState::failed;
    }
    if (text == "refused") {
        return DeliveryState::refused;
    }
    return DeliveryState::pending;
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

Error newer_schema_error(int found, int supported, const std::string& where)
{
    return make_error(ErrorCode::store,
                      "the store has schema version " + std::to_string(found) +
                          ", newer than this certgate understands (" + std::to_string(supported) +
                          "); upgrade certgate",
                      where);
}

Error older_schema_error(int found, std::string_view how_to_migrate, const std::string& where)
{
    return make_error(ErrorCode::store,
                      "the store has schema version " + std::to_string(found) + "; run " + std::string(how_to_migrate) +
                          " to migrate it",
                      where);
}

Result<Store> open_store(const std::string& path, OpenMode mode, std::chrono::milliseconds busy_timeout)
{
    auto backend = is_postgres_location(path) ? open_postgres_store(path, mode, busy_timeout)
                                              : open_sqlite_store(path, mode, busy_timeout);
    if (!backend) {
        return backend.error();
    }
    return Store(std::move(*backend));
}

Store::Store(std::unique_ptr<Backend> backend) : m_backend(std::move(backend)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const
{
    return m_backend->name();
}

Result<StoreStatus> Store::status()
{
    return m_backend->status();
}

Result<std::optional<RecipientVerification>> Store::find_recipient(std::string_view recipient_id)
{
    return m_backend->find_recipient(recipient_id);
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
    return m_backend->list_recipients();
}

Result<bool> Store::start_verification(const RecipientVerification& record, Instant now)
{
    return m_backend->start_verification(record, now);
}

Result<void> Store::forget_recipient(std::string_view recipient_id)
{
    return m_backend->forget_recipient(recipient_id);
}

Result<std::optional<RecipientVerification>> Store::count_code_attempt(std::string_view recipient_id)
{
    return m_backend->count_code_attempt(recipient_id);
}

Result<void> Store::void_code(std::string_view recipient_id)
{
    return m_backend->void_code(recipient_id);
}

Result<void> Store::mark_verified(std::string_view recipient_id, Instant at, std::string_view code_hash)
{
    return m_backend->mark_verified(recipient_id, at, code_hash);
}

Result<bool> Store::claim_delivery(const DeliveryKey& key, std::string_view milestone_date, Instant now,
                                   std::chrono::seconds lease)
{
    return m_backend->claim_delivery(key, milestone_date, now, lease);
}

Result<void> Store::mark_sent(const DeliveryKey& key, Instant at)
{
    return m_backend->mark_sent(key, at);
}

Result<void> Store::mark_failed(const DeliveryKey& key, std::string_view error)
{
    return m_backend->mark_failed(key, error);
}

Result<void> Store::mark_refused(const DeliveryKey& key, std::string_view error)
{
    return m_backend->mark_refused(key, error);
}

Result<std::optional<Delivery>> Store::find_delivery(const DeliveryKey& key)
{
    return m_backend->find_delivery(key);
}

Result<std::vector<Delivery>> Store::list_deliveries()
{
    return m_backend->list_deliveries();
}

Result<std::optional<bool>> Store::toggle_at_expiry(std::string_view certificate_id)
{
    return m_backend->toggle_at_expiry(certificate_id);
}

Result<void> Store::record_toggle_at_expiry(std::string_view certificate_id, bool enabled)
{
    return m_backend->record_toggle_at_expiry(certificate_id, enabled);
}

Result<std::optional<AppliedToggle>> Store::applied_toggle(std::string_view certificate_id)
{
    return m_backend->applied_toggle(certificate_id);
}

Result<void> Store::set_applied_toggle(std::string_view certificate_id, bool enabled, Instant applied_at)
{
    return m_backend->set_applied_toggle(certificate_id, enabled, applied_at);
}

} // namespace certgate::store
