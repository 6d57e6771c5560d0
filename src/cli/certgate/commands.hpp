#pragma once
// The subcommands of `certgate`. Each parses its own options, calls one app
// use case with the environment main read once, and returns the process exit
// status; errors escape as exceptions only for bugs.

#include "certgate/app/environment.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace certgate::cli {

/// The streams a command writes to.
struct Streams {
    std::ostream& out;
    std::ostream& err;
};

/// A subcommand: its arguments (after the command name), the streams and the
/// environment main read once.
using Command = int (*)(const std::vector<std::string>& args, Streams streams, const app::Environment& environment);

int run_check_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment);
int run_notify_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment);
int run_status_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment);
int run_recipients_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment);
int run_huaweicloud_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment);
int run_serve_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment);
int run_store_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment);

} // namespace certgate::cli
