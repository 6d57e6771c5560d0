// certgate status: the console view of declared certificates.

#include "command_support.hpp"

#include "certgate/app/status.hpp"
#include "certgate/cli/cli_support.hpp"

#include <boost/program_options.hpp>

#include <ostream>

namespace certgate::cli {
namespace {

namespace po = boost::program_options;

} // namespace

int run_status_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment)
{
    app::StatusRequest request;
    app::DeclarationInputs& inputs = request.inputs;
    PolicyFlags policy_flags;
    std::string format = "text";
    po::options_description options("certgate status (--state FILE | --declarations FILE) [OPTIONS]\n\n"
                                    "Prints each declared certificate with its severity, expiry, next milestone and "
                                    "the console reminder (issued and hosted certificates, 30 days by default).\n\n"
                                    "options");
    options.add_options()("help,h", "print this help");
    add_declaration_input_options(options, inputs);
    options.add_options()("store", optional_string(request.store),
                          "the store, for toggles recorded at expiry (read only; optional)")(
        "now", optional_string(request.now),
        "as of this instant (RFC 3339 or YYYY-MM-DD)")("format", po::value(&format), "text (default) or json");
    add_policy_options(options, policy_flags);
    po::variables_map values;
    if (const auto done = parse_options(args, options, values, streams, "status",
                                        "exit status: 0 printed, 1 with --fail-on: a certificate at or above it, 2 bad "
                                        "usage or unreadable declarations")) {
        return *done;
    }
    if (format != "text" && format != "json") {
        return fail(streams, make_error(ErrorCode::usage,
                                        "unknown format \"" + format + "\", expected one of: text, json", "--format"));
    }
    inputs.policy = policy_sources(policy_flags);
    request.format = format == "json" ? app::StatusFormat::json : app::StatusFormat::text;
    // A gate only when asked for: status is a view, its exit status stays 0 otherwise.
    request.gate = policy_flags.fail_on.has_value();
    auto outcome = app::run_status(request, environment);
    if (!outcome) {
        return fail(streams, outcome.error());
    }
    streams.out << outcome->text;
    return outcome->gate_failed ? k_exit_gate_failed : k_exit_pass;
}

} // namespace certgate::cli
