#include "gatherers.hpp"

namespace certgate::app::detail {

// Placeholder until the Terraform adapter lands.
void gather_terraform(files::OpenedInput& input, const CheckRequest&, Gathered& out)
{
    out.errors.push_back(make_error(ErrorCode::input, "Terraform JSON input is not built yet", input.path));
}

} // namespace certgate::app::detail
