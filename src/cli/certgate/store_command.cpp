// certgate store: migrate the store's schema, or show its state.

#include "command_support.hpp"

#include "certgate/app/store_admin.hpp"
#include "certgate/cli/cli_support.hpp"

#include <boost/program_options.hpp>

#include <ostream>

namespace certgate::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* k_usage =
    "usage: certgate store migrate [--store FILE|URI]   bring the schema up to date (one host at a time is not "
    "needed: hosts take an advisory lock)\n"
    "       certgate store status [--store FILE|URI]    schema version and row counts (read only)\n";

} // namespace

int run_store_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment)
{
    app::StoreAdminRequest request;
    std::vector<std::string> positional_args;
    po::options_description options("options");
    options.add_options()("help,h", "print this help")(
        "store", optional_string(request.store),
        "an SQLite file or a postgresql:// URI (default $CERTGATE_STORE, else the state folder)");
    po::variables_map values;
    if (const auto done = parse_options(
            args, options, values, streams, "store", "exit status: 0 done, 2 bad usage or an unusable store",
            {.values = &positional_args, .hidden = nullptr, .usage = k_usage, .given = nullptr})) {
        return *done;
    }
    const std::string subcommand = positional_args.empty() ? "" : positional_args[0];
    if (positional_args.size() != 1 || (subcommand != "migrate" && subcommand != "status")) {
        streams.err << error_line("certgate", make_error(ErrorCode::usage,
                                                         positional_args.empty()
                                                             ? "missing subcommand, expected one of: migrate, status"
                                                             : "unknown subcommand \"" + subcommand +
                                                                   "\", expected one of: migrate, status",
                                                         "store"))
                    << "\n"
                    << k_usage;
        return k_exit_usage;
    }
    request.action = subcommand == "migrate" ? app::StoreAction::migrate : app::StoreAction::status;
    auto outcome = app::run_store_admin(request, environment);
    if (!outcome) {
        return fail(streams, outcome.error());
    }
    streams.out << *outcome;
    return k_exit_pass;
}

} // namespace certgate::cli
