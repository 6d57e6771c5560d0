#include "certgate/app/environment.hpp"

#include <chrono>

namespace certgate::app {

std::optional<std::string> Environment::lookup(std::string_view name) const
{
    return variable ? variable(name) : std::nullopt;
}

Result<Instant> resolve_now(const std::optional<std::string>& flag, const Environment& environment,
                            const TimeZone& zone, Instant clock)
{
    std::optional<std::string> text = flag;
    std::string where = "--now";
    if (!text && environment.now && !environment.now->empty()) {
        text = environment.now;
        where = "CERTGATE_NOW";
    }
    if (!text) {
        return clock;
    }
    auto moment = parse_instant_or_date(*text);
    if (!moment) {
        return make_error(ErrorCode::usage, moment.error().message, where);
    }
    return resolve_instant(*moment, zone);
}

store::StoreLocation store_location(const std::optional<std::string>& flag, const Environment& environment)
{
    return store::StoreLocation{flag, environment.store, environment.state_home, environment.home};
}

Instant system_now()
{
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

Result<std::optional<store::Store>> open_named_store_read_only(const std::optional<std::string>& flag,
                                                               const Environment& environment)
{
    if (!flag && (!environment.store || environment.store->empty())) {
        return std::optional<store::Store>{};
    }
    auto path = store::resolve_store_path(store_location(flag, environment));
    if (!path) {
        return path.error();
    }
    auto opened = store::open_store(*path, store::OpenMode::read_only);
    if (!opened) {
        return opened.error();
    }
    return std::optional<store::Store>{std::move(*opened)};
}

} // namespace certgate::app
