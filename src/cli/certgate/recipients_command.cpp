// certgate recipients: list recipients and verify their contact details.

#include "command_support.hpp"

#include "certgate/app/recipients.hpp"
#include "certgate/cli/cli_support.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cerrno>
#include <ostream>
#include <termios.h>
#include <unistd.h>

namespace certgate::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* k_usage = "usage: certgate recipients list [--state FILE | --declarations FILE] [--store FILE]\n"
                                "       certgate recipients verify ID [--store FILE]   (reads the code from stdin, "
                                "or asks for it on a terminal)\n"
                                "       certgate recipients reset ID [--store FILE]   (the next notify run sends a "
                                "new code)\n";

/// Reads a line of at most `limit` bytes from stdin; on a terminal, asks for
/// it on stderr and does not echo it.
std::optional<std::string> read_secret_line(std::ostream& prompt_stream, const std::string& prompt, std::size_t limit)
{
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal) {
        prompt_stream << prompt << std::flush;
        if (::tcgetattr(STDIN_FILENO, &saved) == 0) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    std::string line;
    char byte = 0;
    bool complete = false;
    while (line.size() <= limit) {
        const auto got = ::read(STDIN_FILENO, &byte, 1);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0 || byte == '\n') {
            complete = got > 0 || !line.empty();
            break;
        }
        line.push_back(byte);
    }
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        prompt_stream << "\n";
    }
    if (!complete || line.size() > limit) {
        return std::nullopt;
    }
    return line;
}

/// The verification code, from stdin or a prompt: eight digits, spaces and a
/// trailing CR ignored. Never taken from argv, where `ps` and shell history
/// would keep it.
Result<std::string> read_code(std::ostream& prompt_stream, const std::string& recipient_id)
{
    const auto line = read_secret_line(prompt_stream, "verification code for " + recipient_id + ": ", 64);
    std::string code;
    if (line) {
        for (const char c : *line) {
            if (c != ' ' && c != '\t' && c != '\r') {
                code.push_back(c);
            }
        }
    }
    if (code.size() != 8 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return make_error(ErrorCode::usage,
                          "expected the 8-digit verification code on stdin (one line), or typed at the prompt",
                          "recipients verify");
    }
    return code;
}

} // namespace

int run_recipients_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment)
{
    app::RecipientsRequest request;
    app::DeclarationInputs& inputs = request.inputs;
    PolicyFlags policy_flags;
    std::vector<std::string> positional_args;
    po::options_description options("options");
    options.add_options()("help,h", "print this help");
    add_declaration_input_options(options, inputs, "terraform show -json output (list: show declared recipients)");
    options.add_options()("store", optional_string(request.store),
                          "the store (default $CERTGATE_STORE, else the state folder)");
    add_policy_options(options, policy_flags);
    po::options_description hidden;
    hidden.add_options()("now", optional_string(request.now));
    po::variables_map values;
    if (const auto done =
            parse_options(args, options, values, streams, "recipients",
                          "exit status: 0 done, 1 wrong or expired code, 2 bad usage or unreadable store",
                          {.values = &positional_args, .hidden = &hidden, .usage = k_usage, .given = nullptr})) {
        return *done;
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
    if (verify && positional_args.size() == 3) {
        // Not echoed: the argument is the code.
        return fail(streams, make_error(ErrorCode::usage,
                                        "the code is read from stdin or asked for, never taken from the command "
                                        "line (other users and the shell history would see it); run: certgate "
                                        "recipients verify ID",
                                        "recipients verify"));
    }
    const std::size_t wanted = verify || reset ? 2 : 1;
    if (positional_args.size() != wanted) {
        return fail(streams, make_error(ErrorCode::usage,
                                        verify  ? "expected: certgate recipients verify ID (the code on stdin)"
                                        : reset ? "expected: certgate recipients reset ID"
                                                : "expected no arguments after list",
                                        "recipients " + subcommand));
    }
    inputs.policy = policy_sources(policy_flags);
    const std::string& recipient_id = positional_args.size() > 1 ? positional_args[1] : subcommand;
    if (reset) {
        if (auto forgotten = app::reset_recipient(request, recipient_id, environment); !forgotten) {
            return fail(streams, forgotten.error());
        }
        streams.out << "reset " << recipient_id
                    << "; the next certgate notify run sends a new code, and the messages it refused are sent "
                       "again once it has verified\n";
        return k_exit_pass;
    }
    if (verify) {
        auto verified = app::verify_recipient_code(
            request, recipient_id, [&] { return read_code(streams.err, recipient_id); }, environment);
        if (!verified) {
            return fail(streams, verified.error());
        }
        if (!verified->verified) {
            streams.err << error_line("certgate", verified->refusal) << "\n";
            return k_exit_gate_failed;
        }
        streams.out << "verified " << recipient_id << "\n";
        return k_exit_pass;
    }
    auto table = app::list_recipients(request, environment);
    if (!table) {
        return fail(streams, table.error());
    }
    streams.out << *table;
    return k_exit_pass;
}

} // namespace certgate::cli
