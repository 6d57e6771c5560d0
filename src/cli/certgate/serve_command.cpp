// certgate serve: the read-only certificate console (docs/console.md).

#include "command_support.hpp"

#include "certgate/app/serve.hpp"
#include "certgate/cli/cli_support.hpp"

#include <boost/program_options.hpp>

#include <ostream>

namespace certgate::cli {

int run_serve_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment)
{
    namespace po = boost::program_options;
    app::ServeRequest request;
    app::DeclarationInputs& inputs = request.inputs;
    PolicyFlags policy_flags;
    po::options_description options(
        "certgate serve (--state FILE | --declarations FILE) [OPTIONS]\n\n"
        "Serves the read-only certificate console: the certificate list with the console reminder, each "
        "certificate's milestones and toggle, the recipients, a JSON API (/api/...) and /metrics. The input file is "
        "re-read when it changes. Stops on SIGINT or SIGTERM.\n\n"
        "options");
    options.add_options()("help,h", "print this help");
    add_declaration_input_options(options, inputs, "terraform show -json output of a state or plan (a file)");
    options.add_options()("store", optional_string(request.store),
                          "the store, for verification states and sent milestones (read only)")(
        "listen", po::value(&request.listen),
        "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 = any free port; a warning when not loopback)")(
        "now", optional_string(request.now), "as of this instant (RFC 3339 or YYYY-MM-DD)");
    add_policy_options(options, policy_flags);
    po::variables_map values;
    if (const auto done = parse_options(args, options, values, streams, "serve",
                                        "exit status: 0 stopped by SIGINT or SIGTERM, 2 bad usage, unreadable "
                                        "declarations or an address that cannot be bound")) {
        return *done;
    }
    inputs.policy = policy_sources(policy_flags);
    request.say = [&streams](const std::string& line) { streams.err << line << std::endl; };
    auto served = app::run_serve(request, environment);
    if (!served) {
        return fail(streams, served.error());
    }
    return k_exit_pass;
}

} // namespace certgate::cli
