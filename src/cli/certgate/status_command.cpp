#include "commands.hpp"

#include <ostream>

namespace certgate::cli {

// Placeholder until this command lands.
int run_status_command(const std::vector<std::string>&, Streams streams)
{
    streams.err << "certgate: error: status: not built yet\n";
    return 2;
}

} // namespace certgate::cli
