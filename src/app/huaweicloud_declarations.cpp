#include "certgate/app/huaweicloud_declarations.hpp"

#include "certgate/adapters/files/input_files.hpp"
#include "certgate/adapters/huaweicloud/api_model.hpp"

#include <algorithm>
#include <sstream>

namespace certgate::app {
namespace {

Error fail(const std::string& where, const std::string& address, const std::string& message)
{
    return make_error(ErrorCode::input, message, address.empty() ? where : where + ": " + address);
}

// The toggle of one notification data source; nullopt when it names no Huawei id.
Result<std::optional<DeclaredToggle>> toggle_of(const terraform::InstanceRecord& source, const std::string& where)
{
    const auto& query = source.external->query;
    const std::string& address = source.address;
    const auto text = [&](std::string_view key) -> Result<std::optional<std::string>> {
        const auto value = query.find(std::string(key));
        if (value == query.end()) {
            return std::optional<std::string>{};
        }
        if (!value->second) {
            return fail(where, address, "query key \"" + std::string(key) + "\": expected a string");
        }
        return std::optional<std::string>{*value->second};
    };
    auto id = text(k_huaweicloud_id_key);
    if (!id) {
        return id.error();
    }
    if (!*id || (*id)->empty()) {
        return std::optional<DeclaredToggle>{};
    }
    DeclaredToggle toggle;
    toggle.address = address;
    toggle.huaweicloud_id = **id;
    const bool valid_id =
        toggle.huaweicloud_id.size() <= huaweicloud::k_max_certificate_id &&
        std::all_of(toggle.huaweicloud_id.begin(), toggle.huaweicloud_id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        });
    if (!valid_id) {
        return fail(where, address,
                    "query key \"" + std::string(k_huaweicloud_id_key) + "\": invalid id " +
                        quote_for_message(toggle.huaweicloud_id, 80) +
                        ", expected a Huawei Cloud certificate id such as \"scs1554192131150\"");
    }
    auto certificate = text("certificate");
    if (!certificate) {
        return certificate.error();
    }
    toggle.certificate = certificate->value_or("");
    auto status = text("status");
    if (!status) {
        return status.error();
    }
    if (*status && !(*status)->empty()) {
        auto parsed = parse_status(**status);
        if (!parsed) {
            return fail(where, address, "query key \"status\": " + parsed.error().message);
        }
        toggle.status = *parsed;
    }
    auto enabled = text("enabled");
    if (!enabled) {
        return enabled.error();
    }
    if (*enabled && !(*enabled)->empty()) {
        if (**enabled != "true" && **enabled != "false") {
            return fail(where, address,
                        "query key \"enabled\": invalid value " + quote_for_message(**enabled, 40) +
                            ", expected \"true\" or \"false\"");
        }
        toggle.enabled = **enabled == "true";
    }
    return std::optional<DeclaredToggle>{std::move(toggle)};
}

} // namespace

Result<std::vector<DeclaredToggle>> toggles_from_records(std::span<const terraform::InstanceRecord> sources,
                                                         const std::string& where)
{
    std::vector<DeclaredToggle> found;
    for (const terraform::InstanceRecord& source : sources) {
        if (!source.external || source.external->kind != "notification") {
            continue;
        }
        auto toggle = toggle_of(source, where);
        if (!toggle) {
            return toggle.error();
        }
        if (*toggle) {
            found.push_back(std::move(**toggle));
        }
    }
    std::stable_sort(found.begin(), found.end(), [](const DeclaredToggle& a, const DeclaredToggle& b) {
        return a.huaweicloud_id < b.huaweicloud_id;
    });
    std::vector<DeclaredToggle> unique;
    for (DeclaredToggle& toggle : found) {
        if (!unique.empty() && unique.back().huaweicloud_id == toggle.huaweicloud_id) {
            const DeclaredToggle& first = unique.back();
            if (first.enabled != toggle.enabled || first.status != toggle.status) {
                return fail(where, toggle.address,
                            "certificate \"" + toggle.huaweicloud_id + "\" is also declared by " + first.address +
                                " with different settings; declare it once");
            }
            continue;
        }
        unique.push_back(std::move(toggle));
    }
    return unique;
}

Result<std::vector<DeclaredToggle>> parse_declared_toggles(std::string_view text, const std::string& where)
{
    std::istringstream in{std::string(text)};
    auto sources = terraform::read_external_data_sources(in, where);
    if (!sources) {
        return sources.error();
    }
    return toggles_from_records(*sources, where);
}

Result<std::vector<DeclaredToggle>> read_declared_toggles(const std::string& path, std::uint64_t max_bytes)
{
    auto content = files::read_file(path, max_bytes);
    if (!content) {
        return content.error();
    }
    return parse_declared_toggles(*content, path);
}

} // namespace certgate::app
