#pragma once
// Helpers the subcommands of `certgate` share.

#include "commands.hpp"

#include "certgate/cli/cli_support.hpp"
#include "certgate/core/result.hpp"

#include <boost/program_options.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace certgate::cli {

/// A string option that leaves `target` nullopt unless it is given.
inline boost::program_options::typed_value<std::string>* optional_string(std::optional<std::string>& target)
{
    return boost::program_options::value<std::string>()->notifier(
        [&target](const std::string& value) { target = value; });
}

/// Prints `certgate: error: …` and returns the usage exit status.
inline int fail(Streams streams, const Error& error)
{
    streams.err << error_line("certgate", error) << "\n";
    return k_exit_usage;
}

} // namespace certgate::cli
