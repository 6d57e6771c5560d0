// certgate status: the console view of declared certificates.

#include "command_support.hpp"

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/notify_inputs.hpp"
#include "certgate/app/notify_status.hpp"
#include "certgate/cli/cli_support.hpp"

#include <boost/program_options.hpp>

#include <cstdlib>
#include <ostream>

namespace certgate::cli {
namespace {

namespace po = boost::program_options;

} // namespace

int run_status_command(const std::vector<std::string>& args, Streams streams)
{
    app::DeclarationInputs inputs;
    PolicyFlags policy_flags;
    std::optional<std::string> now_flag;
    std::optional<std::string> store_flag;
    std::string format = "text";
    po::options_description options("certgate status (--state FILE | --declarations FILE) [OPTIONS]\n\n"
                                    "Prints each declared certificate with its severity, expiry, next milestone and "
                                    "the console reminder (issued and hosted certificates, 30 days by default).\n\n"
                                    "options");
    options.add_options()("help,h", "print this help")("state", optional_string(inputs.state),
                                                       "terraform show -json output of a state or plan ('-' = stdin)")(
        "declarations", optional_string(inputs.declarations), "declarations file (schemas/declarations.schema.json)")(
        "store", optional_string(store_flag), "the store, for toggles recorded at expiry (read only; optional)")(
        "now", optional_string(now_flag), "as of this instant (RFC 3339 or YYYY-MM-DD)")("format", po::value(&format),
                                                                                         "text (default) or json");
    add_policy_options(options, policy_flags);
    po::variables_map values;
    try {
        po::store(po::command_line_parser(args).options(options).run(), values);
        po::notify(values);
    } catch (const po::error& failure) {
        return fail(streams, make_error(ErrorCode::usage, failure.what(), "status"));
    }
    if (values.count("help") != 0U) {
        streams.out << options
                    << "\nexit status: 0 printed, 1 with --fail-on: a certificate at or above it, 2 bad usage or "
                       "unreadable declarations\n";
        return k_exit_pass;
    }
    if (format != "text" && format != "json") {
        return fail(streams, make_error(ErrorCode::usage,
                                        "unknown format \"" + format + "\", expected one of: text, json", "--format"));
    }
    inputs.policy = policy_sources(policy_flags);
    auto policy = app::load_policy(inputs);
    if (!policy) {
        return fail(streams, policy.error());
    }
    auto now = resolve_now(now_flag, *policy->time_zone);
    if (!now) {
        return fail(streams, now.error());
    }
    auto declarations = app::load_declarations(inputs, true);
    if (!declarations) {
        return fail(streams, declarations.error());
    }
    std::optional<store::Store> store;
    const char* env_store = std::getenv("CERTGATE_STORE");
    if (store_flag || (env_store != nullptr && *env_store != '\0')) {
        auto path = store::resolve_store_path(store_flag);
        if (!path) {
            return fail(streams, path.error());
        }
        auto opened = store::open_store(*path, store::OpenMode::read_only);
        if (!opened) {
            return fail(streams, opened.error());
        }
        store.emplace(std::move(*opened));
    }
    auto rows = app::status_rows(*declarations, *policy, *now, store ? &*store : nullptr);
    if (!rows) {
        return fail(streams, rows.error());
    }
    streams.out << (format == "json" ? app::format_status_json(*rows, *now) : app::format_status(*rows, *policy, *now));
    // A gate only when asked for: status is a view, its exit status stays 0 otherwise.
    if (policy_flags.fail_on && app::any_fails_gate(*rows, policy->fail_on)) {
        return k_exit_gate_failed;
    }
    return k_exit_pass;
}

} // namespace certgate::cli
