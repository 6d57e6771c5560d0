#include "gatherers.hpp"
#include "parallel.hpp"

#include "certgate/adapters/terraform/plan_reader.hpp"
#include "certgate/adapters/tz/zone_database.hpp"

namespace certgate::app::detail {

void gather_terraform(files::OpenedInput& input, const CheckRequest& request, Gathered& out)
{
    terraform::ReadOptions options;
    auto zone = tz::load_time_zone(request.huaweicloud.expire_time_zone);
    if (!zone) {
        Error error = zone.error();
        error.where = "huaweicloud expire_time zone";
        out.errors.push_back(std::move(error));
        return;
    }
    options.huaweicloud_zone = *zone;
    if (out.jobs > 1) {
        options.decode_pool = [jobs = out.jobs](std::size_t count, const std::function<void(std::size_t)>& task) {
            for_each_index(count, jobs, task);
        };
    }
    auto discovery = terraform::read_terraform_json(*input.stream, input.path, options);
    if (!discovery) {
        out.errors.push_back(discovery.error());
        return;
    }
    move_append(out.findings, std::move(discovery->findings));
}

} // namespace certgate::app::detail
