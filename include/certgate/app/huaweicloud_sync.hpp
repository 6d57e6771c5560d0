#pragma once
// `certgate huaweicloud sync`: push the declared expiration-notification
// toggles to Huawei Cloud Certificate Manager. The API cannot read a toggle
// back, so what was applied is recorded in the store and compared next time.

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/environment.hpp"
#include "certgate/app/huaweicloud.hpp"
#include "certgate/app/huaweicloud_declarations.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace certgate::app {

/// What a sync is asked to do.
struct HuaweiCloudSyncRequest {
    std::string state_path;           ///< terraform show -json output
    HuaweiCloudConnection connection; ///< region "" = HW_REGION_NAME
    store::StoreLocation store;       ///< --store, CERTGATE_STORE, else the default path
    bool apply = false;               ///< false: plan only, nothing is sent or recorded
    Instant now{};                    ///< decides which certificates have expired
    std::string time_zone = "UTC";    ///< zone of zoneless API timestamps
    std::uint64_t max_state_bytes = k_max_state_bytes;
};

/// What sync does with one declared certificate.
enum class ToggleAction {
    enable,    ///< POST /v3/scm/notification/enable
    disable,   ///< POST /v3/scm/notification/disable
    unchanged, ///< the store records the declared value as applied
    locked,    ///< expired: the toggle can no longer change, and nothing asks it to
    no_toggle, ///< uploaded, or a status without a toggle (PAID, CHECKING, …)
    refused,   ///< a change the lifecycle rules forbid (an expired certificate)
};

/// "enable", "disable", "unchanged", "locked", "no-toggle", "refused".
[[nodiscard]] std::string_view to_string(ToggleAction action);

/// One line of the plan.
struct PlannedToggle {
    DeclaredToggle declared;
    std::string huaweicloud_status; ///< raw status from the API
    bool desired = true;            ///< the value the toggle should have
    std::optional<bool> recorded;   ///< last value applied, from the store
    ToggleAction action = ToggleAction::unchanged;
    std::string reason; ///< why, for the printed plan
};

/// The plan and what happened to it.
struct SyncOutcome {
    std::vector<PlannedToggle> plan;
    std::string region;     ///< the region used ("" when nothing was declared)
    std::string store_path; ///< the store read (and written with apply)
    bool applied = false;   ///< changes were sent and recorded
    int refused = 0;        ///< entries with ToggleAction::refused (nothing is applied then)
    [[nodiscard]] int changes() const;
};

/// Reads the declarations; when some are found, asks the API for each certificate's status and
/// validity, compares with the store and, with `apply`, sends the changes
/// (batched per direction) and records them. Nothing is applied when any
/// entry is refused. Fails on unreadable state, bad credentials, API or
/// store errors; changes already sent before a failure stay recorded.
[[nodiscard]] Result<SyncOutcome> run_huaweicloud_sync(const HuaweiCloudSyncRequest& request);

/// `certgate huaweicloud sync` as the command line gives it: the one input
/// of run_huaweicloud_sync_command.
struct HuaweiCloudSyncCommand {
    std::optional<std::string> state_path;  ///< --state (required)
    std::optional<std::string> region;      ///< --region; else HW_REGION_NAME
    std::optional<std::string> endpoint;    ///< --endpoint
    std::optional<std::string> ca_file;     ///< --ca-file
    std::optional<std::string> store;       ///< --store
    std::optional<std::string> now;         ///< --now; else CERTGATE_NOW, else the clock
    std::optional<std::string> expire_zone; ///< --expire-zone; else UTC
    bool apply = false;                     ///< --apply
};

/// Resolves `now` (UTC) and the store from `command` and `environment`, then
/// run_huaweicloud_sync. Fails as that does, on a bad --now and without
/// --state (ErrorCode::usage).
[[nodiscard]] Result<SyncOutcome> run_huaweicloud_sync_command(const HuaweiCloudSyncCommand& command,
                                                               const Environment& environment);

} // namespace certgate::app
