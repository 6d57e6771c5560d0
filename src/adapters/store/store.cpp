// The store's one front: picks the back end from the location and forwards
// every call to it.

#include "certgate/adapters/store/store.hpp"

#include "backends.hpp"
#include "certgate/core/enum_names.hpp"

#include <array>
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

namespace {

constexpr std::array<EnumName<VerificationState>, 3> k_verification_names{{
    {VerificationState::unknown, "unknown"},
    {VerificationState::pending, "pending"},
    {VerificationState::verified, "verified"},
}};
static_assert(lists_in_order(k_verification_names));

constexpr std::array<EnumName<DeliveryState>, 4> k_delivery_state_names{{
    {DeliveryState::pending, "pending"},
    {DeliveryState::sent, "sent"},
    {DeliveryState::failed, "failed"},
    {DeliveryState::refused, "refused"},
}};
static_assert(lists_in_order(k_delivery_state_names));

} // namespace

std::string_view to_string(VerificationState state)
{
    return name_of(k_verification_names, state);
}

std::string_view to_string(DeliveryState state)
{
    return name_of(k_delivery_state_names, state);
}

std::optional<VerificationState> parse_verification(std::string_view text)
{
    // "unknown" is what a recipient without a row is, never a stored state.
    auto state = value_named(k_verification_names, text);
    if (state == VerificationState::unknown) {
        return std::nullopt;
    }
    return state;
}

DeliveryState parse_delivery_state(std::string_view text)
{
    return value_named(k_delivery_state_names, text).value_or(DeliveryState::pending);
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
    auto marked = m_backend->mark_verified(recipient_id, at, code_hash);
    if (!marked) {
        return marked.error();
    }
    if (*marked != 1) {
        return make_error(ErrorCode::usage,
                          "recipient \"" + std::string(recipient_id) +
                              "\" has no such pending code (it was reset or replaced meanwhile)",
                          m_backend->name());
    }
    return {};
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
