#include "settings.hpp"

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/adapters/store/store.hpp"
#include "certgate/app/policy.hpp"
#include "kinds.hpp"

#include <filesystem>

namespace certgate::app::provider {

namespace {

std::string resolved(const std::string& path, const ProviderEnvironment& environment)
{
    if (environment.working_directory.empty() || std::filesystem::path(path).is_absolute()) {
        return path;
    }
    return (std::filesystem::path(environment.working_directory) / path).string();
}

tv::Diagnostic setting_error(const std::string& name, const std::string& message)
{
    const auto clause = message.find("; ");
    return {tv::Severity::error, clause == std::string::npos ? message : message.substr(0, clause),
            "provider certgate: " + name + ": " + message, tv::attribute_path(name)};
}

} // namespace

tv::Diagnostics read_settings(const tv::Value& config, const ProviderEnvironment& environment, Settings& settings)
{
    tv::Diagnostics diagnostics;
    external::StringMap given;
    if (!add_inputs(provider_block(), config, given, diagnostics)) {
        return diagnostics;
    }
    if (const auto store = given.extract("store")) {
        if (store.mapped().empty()) {
            diagnostics.push_back(setting_error("store", "empty path; give the store's path or leave store out"));
        }
        settings.store = store.mapped();
    }
    if (const auto mode = given.extract("gate_failures")) {
        if (mode.mapped() != "warning" && mode.mapped() != "error") {
            diagnostics.push_back(setting_error("gate_failures", "expected one of: warning, error"));
        }
        settings.gate_failures_are_errors = mode.mapped() == "error";
    }
    if (const auto now = given.extract("now")) {
        if (!parse_instant_or_date(now.mapped())) {
            diagnostics.push_back(setting_error("now", "invalid instant; expected RFC 3339 such as "
                                                       "\"2026-11-26T08:00:00Z\" or a date such as \"2026-11-26\""));
        }
        settings.now = now.mapped();
    }
    // The policy defaults are checked now, through the one assembly every
    // command uses, so a bad default fails at configure, not in each read.
    PolicySources sources;
    if (const auto file = given.find("policy_file"); file != given.end()) {
        sources.file = resolved(file->second, environment);
        sources.file_where = "policy_file";
    }
    for (const std::string& name : config::setting_names()) {
        if (const auto value = given.find(name); value != given.end()) {
            sources.settings.push_back(
                {name, name.ends_with("_file") ? resolved(value->second, environment) : value->second, name});
        }
    }
    if (auto assembled = assemble_policy(sources); !assembled) {
        const Error& error = assembled.error();
        diagnostics.push_back(setting_error(error.where.empty() ? "policy_file" : error.where, error.message));
    }
    settings.policy = std::move(given);
    return diagnostics;
}

ExternalEnvironment external_environment(const ProviderEnvironment& environment, const Settings& settings)
{
    ExternalEnvironment external;
    external.working_directory = environment.working_directory;
    external.now_variable = settings.now ? settings.now : environment.now_variable;
    external.clock = environment.clock;
    external.store_path = settings.store ? settings.store : environment.store_variable;
    if (settings.store && !store::is_postgres_location(*settings.store)) {
        external.store_path = resolved(*settings.store, environment);
    }
    if (external.store_path && external.store_path->empty()) {
        external.store_path.reset();
    }
    return external;
}

Result<std::string> resource_store_path(const ProviderEnvironment& environment, const Settings& settings)
{
    store::StoreLocation location;
    location.flag = settings.store;
    location.variable = environment.store_variable;
    location.state_home = environment.state_home;
    location.home = environment.home;
    auto path = store::resolve_store_path(location);
    if (!path) {
        return path.error();
    }
    return store::is_postgres_location(*path) ? *path : resolved(*path, environment);
}

} // namespace certgate::app::provider
