#include "certgate/app/huaweicloud_sync.hpp"

#include "certgate/adapters/huaweicloud/api_model.hpp"
#include "certgate/adapters/huaweicloud/scm_client.hpp"
#include "certgate/adapters/store/store.hpp"
#include "certgate/adapters/tz/zone_database.hpp"
#include "certgate/core/enum_names.hpp"

namespace certgate::app {
namespace {

constexpr std::size_t k_batch_size = 50;

Error with_where(Error error, const std::string& where)
{
    if (error.where.empty()) {
        error.where = where;
    }
    return error;
}

const char* on_off(bool enabled)
{
    return enabled ? "on" : "off";
}

// Decides one entry; `details` come from the API, `recorded` from the store.
Result<PlannedToggle> plan_one(const DeclaredToggle& declared, const huaweicloud::CertificateDetails& details,
                               const TimeZone& zone, Instant now, std::optional<bool> recorded,
                               std::optional<bool> at_expiry)
{
    PlannedToggle entry;
    entry.declared = declared;
    entry.huaweicloud_status = details.status;
    entry.recorded = recorded;
    const auto api_status = map_scm_status(details.status);

    bool expired = api_status == CertificateStatus::expired;
    if (!details.not_after.empty()) {
        auto not_after = huaweicloud::parse_api_time(details.not_after, zone);
        if (!not_after) {
            return make_error(ErrorCode::remote, "not_after: " + not_after.error().message,
                              "certificate \"" + declared.huaweicloud_id + "\"");
        }
        expired = expired || now > *not_after;
    }
    std::optional<CertificateStatus> status = declared.status;
    if (!status) {
        if (!api_status) {
            entry.action = ToggleAction::no_toggle;
            entry.reason = "Huawei Cloud status " + quote_for_message(details.status, 40) +
                           " has no expiration-notification toggle";
            return entry;
        }
        status = *api_status == CertificateStatus::expired ? CertificateStatus::issued : *api_status;
    }
    Evaluation evaluation;
    evaluation.expired = expired;
    const std::optional<bool> value_at_expiry = at_expiry ? at_expiry : recorded;
    ToggleRequest toggle_request{*status, declared.enabled, expired ? value_at_expiry : std::nullopt};
    auto toggle = resolve_toggle(toggle_request, evaluation);
    if (!toggle) {
        entry.action = ToggleAction::refused;
        entry.desired = declared.enabled.value_or(true);
        entry.reason = toggle.error().message;
        return entry;
    }
    entry.desired = toggle->enabled;
    if (*status == CertificateStatus::uploaded && !expired) {
        entry.action = ToggleAction::no_toggle;
        entry.reason = "declared uploaded: no toggle, always notified";
        return entry;
    }
    if (toggle->locked) {
        entry.action = ToggleAction::locked;
        entry.reason = value_at_expiry ? std::string("expired; the toggle stays ") + on_off(*value_at_expiry)
                                       : std::string("expired; the toggle can no longer change");
        return entry;
    }
    if (recorded && *recorded == entry.desired) {
        entry.action = ToggleAction::unchanged;
        entry.reason = std::string("applied earlier: ") + on_off(*recorded);
        return entry;
    }
    entry.action = entry.desired ? ToggleAction::enable : ToggleAction::disable;
    entry.reason =
        recorded ? std::string("applied earlier: ") + on_off(*recorded) : std::string("never applied by certgate");
    return entry;
}

Result<void> apply_direction(huaweicloud::ScmClient& client, store::Store& store, const SyncOutcome& outcome,
                             ToggleAction action)
{
    std::vector<std::string> ids;
    for (const PlannedToggle& entry : outcome.plan) {
        if (entry.action == action) {
            ids.push_back(entry.declared.huaweicloud_id);
        }
    }
    const bool enabled = action == ToggleAction::enable;
    for (std::size_t start = 0; start < ids.size(); start += k_batch_size) {
        const std::vector<std::string> batch(
            ids.begin() + static_cast<std::ptrdiff_t>(start),
            ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + k_batch_size)));
        if (auto sent = client.set_notification(batch, enabled); !sent) {
            return sent.error();
        }
        const Instant applied_at = huaweicloud::system_clock_now();
        for (const std::string& id : batch) {
            if (auto recorded = store.set_applied_toggle(applied_toggle_key(id), enabled, applied_at); !recorded) {
                return recorded.error();
            }
        }
    }
    return {};
}

} // namespace

std::string_view to_string(ToggleAction action)
{
    constexpr std::array<EnumName<ToggleAction>, 6> k_actions{{
        {ToggleAction::enable, "enable"},
        {ToggleAction::disable, "disable"},
        {ToggleAction::unchanged, "unchanged"},
        {ToggleAction::locked, "locked"},
        {ToggleAction::no_toggle, "no-toggle"},
        {ToggleAction::refused, "refused"},
    }};
    static_assert(lists_in_order(k_actions));
    return name_of(k_actions, action);
}

int SyncOutcome::changes() const
{
    int count = 0;
    for (const PlannedToggle& entry : plan) {
        count += entry.action == ToggleAction::enable || entry.action == ToggleAction::disable ? 1 : 0;
    }
    return count;
}

Result<SyncOutcome> run_huaweicloud_sync(const HuaweiCloudSyncRequest& request)
{
    auto zone = tz::load_time_zone(request.time_zone);
    if (!zone) {
        return make_error(ErrorCode::usage, zone.error().message, "--expire-zone");
    }
    auto declared = read_declared_toggles(request.state_path, request.max_state_bytes);
    if (!declared) {
        return declared.error();
    }
    SyncOutcome outcome;
    if (declared->empty()) {
        return outcome;
    }
    HuaweiCloudConnection connection = request.connection;
    if (connection.region.empty()) {
        auto region = huaweicloud::region_from_environment(connection.variables);
        if (!region) {
            return make_error(ErrorCode::usage, "no region; give --region or set HW_REGION_NAME", "--region");
        }
        connection.region = *region;
    }
    auto options = huaweicloud_client_options(connection);
    if (!options) {
        return options.error();
    }
    const std::string source = huaweicloud_source(connection.region);
    auto store_path = store::resolve_store_path(request.store);
    if (!store_path) {
        return store_path.error();
    }
    auto store =
        store::open_store(*store_path, request.apply ? store::OpenMode::read_write : store::OpenMode::read_only);
    if (!store) {
        return store.error();
    }
    outcome.region = connection.region;
    outcome.store_path = *store_path;
    huaweicloud::ScmClient client(std::move(*options));
    for (const DeclaredToggle& toggle : *declared) {
        auto details = client.show_certificate(toggle.huaweicloud_id);
        if (!details) {
            return with_where(details.error(), source + ": " + toggle.address);
        }
        auto recorded = store->applied_toggle(applied_toggle_key(toggle.huaweicloud_id));
        if (!recorded) {
            return recorded.error();
        }
        std::optional<bool> at_expiry;
        if (!toggle.certificate.empty()) {
            auto value = store->toggle_at_expiry(toggle.certificate);
            if (!value) {
                return value.error();
            }
            at_expiry = *value;
        }
        const std::optional<bool> last_applied = *recorded ? std::optional<bool>((*recorded)->enabled) : std::nullopt;
        auto entry = plan_one(toggle, *details, **zone, request.now, last_applied, at_expiry);
        if (!entry) {
            return with_where(entry.error(), source + ": " + toggle.address);
        }
        outcome.refused += entry->action == ToggleAction::refused ? 1 : 0;
        outcome.plan.push_back(std::move(*entry));
    }
    if (!request.apply || outcome.refused > 0 || outcome.changes() == 0) {
        return outcome;
    }
    for (const ToggleAction action : {ToggleAction::enable, ToggleAction::disable}) {
        if (auto applied = apply_direction(client, *store, outcome, action); !applied) {
            return with_where(applied.error(), source);
        }
    }
    outcome.applied = true;
    return outcome;
}

Result<SyncOutcome> run_huaweicloud_sync_command(const HuaweiCloudSyncCommand& command, const Environment& environment)
{
    if (!command.state_path) {
        return make_error(ErrorCode::usage, "missing; give the output of terraform show -json", "--state");
    }
    auto now = resolve_now(command.now, environment, *utc_zone(), system_now());
    if (!now) {
        return now.error();
    }
    HuaweiCloudSyncRequest request;
    request.state_path = *command.state_path;
    request.connection =
        HuaweiCloudConnection{command.region.value_or(""), command.endpoint, command.ca_file, environment.variable};
    request.store = store_location(command.store, environment);
    request.apply = command.apply;
    request.now = *now;
    request.time_zone = command.expire_zone.value_or("UTC");
    return run_huaweicloud_sync(request);
}

} // namespace certgate::app
