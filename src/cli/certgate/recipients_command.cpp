// certgate recipients: list recipients and verify their contact details.

#include "command_support.hpp"

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/notify_inputs.hpp"
#include "certgate/app/notify_recipients.hpp"
#include "certgate/cli/cli_support.hpp"

#include <boost/program_options.hpp>

#include <ostream>

namespace certgate::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* k_usage = "usage: certgate recipients list [--state FILE | --declarations FILE] [--store FILE]\n"
                                "       certgate recipients verify ID CODE [--store FILE] [--now INSTANT]\n"
                                "       certgate recipients reset ID [--store FILE]   (the next notify run sends a "
                                "new code)\n";

} // namespace

int run_recipients_command(const std::vector<std::string>& args, Streams streams)
{
    app::DeclarationInputs inputs;
    PolicyFlags policy_flags;
    std::optional<std::string> now_flag;
    std::optional<std::string> store_flag;
    std::vector<std::string> positional_args;
    po::options_description options("options");
    options.add_options()("help,h", "print this help")("state", optional_string(inputs.state),
                                                       "terraform show -json output (list: show declared recipients)")(
        "declarations", optional_string(inputs.declarations), "declarations file")(
        "store", optional_string(store_flag), "the store (default $CERTGATE_STORE, else the state folder)")(
        "now", optional_string(now_flag), "as of this instant (code expiry)");
    add_policy_options(options, policy_flags);
    po::options_description hidden;
    hidden.add_options()("args", po::value(&positional_args)->composing());
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("args", -1);
    po::variables_map values;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
        po::notify(values);
    } catch (const po::error& failure) {
        return fail(streams, make_error(ErrorCode::usage, failure.what(), "recipients"));
    }
    if (values.count("help") != 0U) {
        streams.out << k_usage << "\n"
                    << options << "\nexit status: 0 done, 1 wrong or expired code, 2 bad usage or unreadable store\n";
        return k_exit_pass;
    }
    const std::string subcommand = positional_args.empty() ? "" : positional_args[0];
    if (subcommand != "list" && subcommand != "verify" && subcommand != "reset") {
        streams.err << error_line("certgate",
                                  make_error(ErrorCode::usage,
                                             positional_args.empty()
                                                 ? "missing subcommand, expected one of: list, verify, reset"
                                                 : "unknown subcommand \"" + positional_args[0] +
                                                       "\", expected one of: list, verify, reset",
                                             "recipients"))
                    << "\n"
                    << k_usage;
        return k_exit_usage;
    }
    const bool verify = subcommand == "verify";
    const bool reset = subcommand == "reset";
    const std::size_t wanted = verify ? 3 : reset ? 2 : 1;
    if (positional_args.size() != wanted) {
        return fail(streams, make_error(ErrorCode::usage,
                                        verify  ? "expected: certgate recipients verify ID CODE"
                                        : reset ? "expected: certgate recipients reset ID"
                                                : "expected no arguments after list",
                                        "recipients " + subcommand));
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
    auto path = store::resolve_store_path(store_flag);
    if (!path) {
        return fail(streams, path.error());
    }
    auto opened = store::open_store(*path, verify || reset ? store::OpenMode::read_write : store::OpenMode::read_only);
    if (!opened) {
        return fail(streams, opened.error());
    }
    if (reset) {
        if (auto forgotten = opened->forget_recipient(positional_args[1]); !forgotten) {
            return fail(streams, forgotten.error());
        }
        streams.out << "reset " << positional_args[1] << "; the next certgate notify run sends a new code\n";
        return k_exit_pass;
    }
    if (verify) {
        auto verified = app::verify_recipient(*opened, positional_args[1], positional_args[2], *now);
        if (!verified) {
            streams.err << error_line("certgate", verified.error()) << "\n";
            return verified.error().code == ErrorCode::usage ? k_exit_gate_failed : k_exit_usage;
        }
        streams.out << "verified " << positional_args[1] << "\n";
        return k_exit_pass;
    }
    auto declarations = app::load_declarations(inputs, false);
    if (!declarations) {
        return fail(streams, declarations.error());
    }
    auto rows = app::recipient_rows(*opened, *declarations);
    if (!rows) {
        return fail(streams, rows.error());
    }
    streams.out << app::format_recipient_rows(*rows, *now);
    return k_exit_pass;
}

} // namespace certgate::cli
