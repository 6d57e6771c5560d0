// certgate: the checker and notifier command line.

#include "commands.hpp"

#include "certgate/cli/cli_support.hpp"
#include "certgate/core/version.hpp"

#include <csignal>
#include <exception>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

constexpr const char* k_usage = R"(usage: certgate COMMAND [OPTIONS]

commands:
  check        evaluate certificates in files, Terraform JSON and live endpoints; exit 1 when the gate fails
  notify       send milestone notifications to verified recipients
  status       print the console view of declared certificates
  recipients   list recipients and verify their contact details
  huaweicloud  push notification toggles to Huawei Cloud Certificate Manager
  store        migrate the store's schema or show its state (SQLite or PostgreSQL)
  serve        serve the read-only certificate console (list, reminders, recipients, JSON API, metrics)

Run "certgate COMMAND --help" for a command's options.
exit status: 0 gate passed, 1 gate failed, 2 bad usage or unreadable input
)";

} // namespace

int main(int argc, char** argv)
{
    // A peer or a reader of stdout that goes away must give a write error,
    // not kill the program (every subcommand writes to sockets or pipes).
    std::signal(SIGPIPE, SIG_IGN);
    using namespace certgate::cli;
    const std::vector<std::string> args(argv + 1, argv + argc);
    Streams streams{std::cout, std::cerr};
    const std::map<std::string, Command> commands{
        {"check", run_check_command},
        {"notify", run_notify_command},
        {"status", run_status_command},
        {"recipients", run_recipients_command},
        {"huaweicloud", run_huaweicloud_command},
        {"store", run_store_command},
        {"serve", run_serve_command},
    };
    try {
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            (args.empty() ? std::cerr : std::cout) << k_usage;
            return args.empty() ? k_exit_usage : k_exit_pass;
        }
        if (args[0] == "--version") {
            std::cout << "certgate " << certgate::k_version << "\n";
            return k_exit_pass;
        }
        const auto command = commands.find(args[0]);
        if (command == commands.end()) {
            std::cerr << error_line("certgate", certgate::make_error(certgate::ErrorCode::usage,
                                                                     "unknown command \"" + args[0] +
                                                                         "\", expected one of: check, notify, status, "
                                                                         "recipients, huaweicloud, store, serve"))
                      << "\n";
            return k_exit_usage;
        }
        const int status = command->second({args.begin() + 1, args.end()}, streams, process_environment());
        std::cout.flush();
        return status;
    } catch (const std::exception& failure) {
        std::cerr << "certgate: error: internal error: " << failure.what() << "\n";
        return k_exit_usage;
    }
}
