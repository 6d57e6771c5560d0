// certgate huaweicloud sync: push declared notification toggles to Huawei
// Cloud Certificate Manager.

#include "command_support.hpp"

#include "certgate/app/huaweicloud_sync.hpp"
#include "certgate/cli/cli_support.hpp"

#include <boost/program_options.hpp>

#include <array>
#include <iomanip>
#include <ostream>

namespace certgate::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* k_usage = "usage: certgate huaweicloud sync --state FILE [OPTIONS]\n\n"
                                "Push the expiration-notification toggles declared through certgate-external\n"
                                "(notification data sources with huaweicloud_certificate_id) to Huawei Cloud\n"
                                "Certificate Manager. Prints the plan; changes nothing without --apply.\n"
                                "Credentials: HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN; region: --region or "
                                "HW_REGION_NAME.\n";

po::options_description sync_options(app::HuaweiCloudSyncCommand& flags)
{
    po::options_description options("options");
    // clang-format off
    options.add_options()
        ("help,h", "print this help")
        ("state", optional_string(flags.state_path), "terraform show -json output of the state (or a plan)")
        ("region", optional_string(flags.region), "Huawei Cloud region, e.g. cn-north-4 (default: $HW_REGION_NAME)")
        ("endpoint", optional_string(flags.endpoint), "API endpoint URL (default: https://scm.REGION.myhuaweicloud.com)")
        ("ca-file", optional_string(flags.ca_file), "CA bundle to trust for the endpoint instead of the system's")
        ("store", optional_string(flags.store), "store file (default: $CERTGATE_STORE, else "
                                                "$XDG_STATE_HOME/certgate/certgate.db)")
        ("now", optional_string(flags.now), "decide expiry as of this instant (RFC 3339 or YYYY-MM-DD)")
        ("expire-zone", optional_string(flags.expire_zone), "time zone of zoneless API timestamps (UTC)")
        ("apply", po::bool_switch(&flags.apply), "send the changes and record them in the store");
    // clang-format on
    return options;
}

void print_plan(const app::SyncOutcome& outcome, bool apply, std::ostream& out)
{
    out << "huaweicloud sync: region " << outcome.region << ", " << outcome.plan.size() << " declared certificate"
        << (outcome.plan.size() == 1 ? "" : "s") << "\n";
    std::array<int, 6> counts{};
    for (const app::PlannedToggle& entry : outcome.plan) {
        ++counts.at(static_cast<std::size_t>(entry.action));
        out << "  " << std::left << std::setw(10) << to_string(entry.action) << " " << entry.declared.huaweicloud_id
            << "  " << entry.declared.address << "  (" << entry.reason << ")\n";
    }
    out << "plan: " << counts[0] << " to enable, " << counts[1] << " to disable, " << counts[2] << " unchanged, "
        << counts[3] << " locked, " << counts[4] << " without toggle, " << counts[5] << " refused\n";
    if (outcome.refused > 0) {
        return;
    }
    if (outcome.applied) {
        out << "applied: " << counts[0] << " enabled, " << counts[1] << " disabled; recorded in " << outcome.store_path
            << "\n";
    } else if (outcome.changes() > 0 && !apply) {
        out << "nothing sent; run again with --apply to apply these changes\n";
    } else if (outcome.changes() == 0) {
        out << "nothing to change\n";
    }
}

int run_sync(const std::vector<std::string>& args, Streams streams, const app::Environment& environment)
{
    app::HuaweiCloudSyncCommand command;
    const auto options = sync_options(command);
    po::variables_map values;
    if (const auto done = parse_options(args, options, values, streams, "huaweicloud sync",
                                        "exit status: 0 planned or applied, 1 a declared change is refused (nothing "
                                        "applied), 2 bad usage, unreadable state, API or store error",
                                        {.values = nullptr, .hidden = nullptr, .usage = k_usage, .given = nullptr})) {
        return *done;
    }
    auto outcome = app::run_huaweicloud_sync_command(command, environment);
    if (!outcome) {
        streams.err << error_line("certgate", outcome.error()) << "\n";
        return k_exit_usage;
    }
    if (outcome->plan.empty()) {
        streams.out << "huaweicloud sync: no certgate-external notification data source in \"" << *command.state_path
                    << "\" declares huaweicloud_certificate_id; nothing to do\n";
        return k_exit_pass;
    }
    print_plan(*outcome, command.apply, streams.out);
    if (outcome->refused > 0) {
        streams.err << error_line("certgate", make_error(ErrorCode::usage,
                                                         std::to_string(outcome->refused) + " declared toggle" +
                                                             (outcome->refused == 1 ? " is" : "s are") +
                                                             " refused by the lifecycle rules; nothing was applied",
                                                         "huaweicloud sync"))
                    << "\n";
        return k_exit_gate_failed;
    }
    return k_exit_pass;
}

} // namespace

int run_huaweicloud_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment)
{
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        (args.empty() ? streams.err : streams.out) << k_usage
                                                   << "\nRun \"certgate huaweicloud sync --help\" for the "
                                                      "options.\n";
        return args.empty() ? k_exit_usage : k_exit_pass;
    }
    if (args[0] != "sync") {
        streams.err << error_line("certgate",
                                  make_error(ErrorCode::usage, "unknown subcommand \"" + args[0] + "\", expected: sync",
                                             "huaweicloud"))
                    << "\n";
        return k_exit_usage;
    }
    return run_sync({args.begin() + 1, args.end()}, streams, environment);
}

} // namespace certgate::cli
