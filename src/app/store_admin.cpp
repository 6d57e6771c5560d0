#include "certgate/app/store_admin.hpp"

namespace certgate::app {

namespace {

std::string describe(const std::string& where, const store::StoreStatus& status)
{
    const int supported = status.back_end == "postgresql" ? store::k_postgres_schema_version : store::k_schema_version;
    std::string text;
    text += "store: " + where + "\n";
    text += "back end: " + status.back_end + "\n";
    text += "schema version: " + std::to_string(status.schema_version) + " (this certgate writes " +
            std::to_string(supported) + ")\n";
    text += "recipients: " + std::to_string(status.recipients_pending) + " pending, " +
            std::to_string(status.recipients_verified) + " verified\n";
    text += "deliveries: " + std::to_string(status.deliveries_pending) + " pending, " +
            std::to_string(status.deliveries_sent) + " sent, " + std::to_string(status.deliveries_failed) +
            " failed, " + std::to_string(status.deliveries_refused) + " refused\n";
    text += "toggles recorded at expiry: " + std::to_string(status.toggles_at_expiry) + "\n";
    text += "toggles applied to the cloud: " + std::to_string(status.applied_toggles) + "\n";
    return text;
}

} // namespace

Result<std::string> run_store_admin(const StoreAdminRequest& request, const Environment& environment)
{
    auto path = store::resolve_store_path(store_location(request.store, environment));
    if (!path) {
        return path.error();
    }
    const bool migrate = request.action == StoreAction::migrate;
    auto opened = store::open_store(*path, migrate ? store::OpenMode::read_write : store::OpenMode::read_only);
    if (!opened) {
        return opened.error();
    }
    auto status = opened->status();
    if (!status) {
        return status.error();
    }
    const std::string header =
        migrate ? "migrated: the store is at schema version " + std::to_string(status->schema_version) + "\n" : "";
    return header + describe(opened->path(), *status);
}

} // namespace certgate::app
