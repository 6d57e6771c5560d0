#include "gatherers.hpp"

namespace certgate::app::detail {

// Placeholder until the Huawei Cloud source lands.
void gather_huaweicloud(const CheckRequest&, Gathered& out)
{
    out.errors.push_back(make_error(ErrorCode::usage, "--huaweicloud is not built yet"));
}

} // namespace certgate::app::detail
