#include "gatherers.hpp"

namespace certgate::app::detail {

// Placeholder until the TLS probe lands.
void gather_hosts(const CheckRequest&, Gathered& out)
{
    out.errors.push_back(make_error(ErrorCode::usage, "--host is not built yet"));
}

} // namespace certgate::app::detail
