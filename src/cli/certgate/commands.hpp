#pragma once
// The subcommands of `certgate`. Each parses its own options and returns the
// process exit status; errors escape as exceptions only for bugs.

#include <iosfwd>
#include <string>
#include <vector>

namespace certgate::cli {

/// The streams a command writes to.
struct Streams {
    std::ostream& out;
    std::ostream& err;
};

int run_check_command(const std::vector<std::string>& args, Streams streams);
int run_notify_command(const std::vector<std::string>& args, Streams streams);
int run_status_command(const std::vector<std::string>& args, Streams streams);
int run_recipients_command(const std::vector<std::string>& args, Streams streams);
int run_huaweicloud_command(const std::vector<std::string>& args, Streams streams);

} // namespace certgate::cli
