#include "certgate/app/huaweicloud_declarations.hpp"

#include "certgate/adapters/huaweicloud/api_model.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace certgate::app {
namespace {

using nlohmann::json;

constexpr int k_max_module_depth = 64;

struct Walker {
    std::string where;
    std::vector<DeclaredToggle> found;

    Error fail(const std::string& address, const std::string& message) const
    {
        return make_error(ErrorCode::input, message, address.empty() ? where : where + ": " + address);
    }

    static bool is_certgate_notification(const json& values)
    {
        const auto program = values.find("program");
        if (program == values.end() || !program->is_array() || program->size() < 2 || !(*program)[0].is_string() ||
            !(*program)[1].is_string()) {
            return false;
        }
        const std::string executable = (*program)[0].get<std::string>();
        const std::string base =
            executable.substr(executable.find_last_of('/') == std::string::npos ? 0 : executable.find_last_of('/') + 1);
        return base == "certgate-external" && (*program)[1].get<std::string>() == "notification";
    }

    Result<void> resource(const json& item)
    {
        if (!item.is_object() || item.value("mode", "") != "data" || item.value("type", "") != "external") {
            return {};
        }
        const std::string address = item.value("address", "");
        const auto values = item.find("values");
        if (values == item.end() || !values->is_object() || !is_certgate_notification(*values)) {
            return {};
        }
        const auto query = values->find("query");
        if (query == values->end() || !query->is_object()) {
            return {};
        }
        const auto text = [&](const char* key) -> Result<std::optional<std::string>> {
            const auto value = query->find(key);
            if (value == query->end() || value->is_null()) {
                return std::optional<std::string>{};
            }
            if (!value->is_string()) {
                return fail(address, "query key \"" + std::string(key) + "\": expected a string");
            }
            return std::optional<std::string>{value->get<std::string>()};
        };
        auto id = text(std::string(k_huaweicloud_id_key).c_str());
        if (!id) {
            return id.error();
        }
        if (!*id || (*id)->empty()) {
            return {};
        }
        DeclaredToggle toggle;
        toggle.address = address;
        toggle.huaweicloud_id = **id;
        const bool valid_id = toggle.huaweicloud_id.size() <= huaweicloud::k_max_certificate_id &&
                              std::all_of(toggle.huaweicloud_id.begin(), toggle.huaweicloud_id.end(), [](char c) {
                                  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                         c == '-' || c == '_';
                              });
        if (!valid_id) {
            return fail(address, "query key \"" + std::string(k_huaweicloud_id_key) + "\": invalid id " +
                                     huaweicloud::quote_for_message(toggle.huaweicloud_id, 80) +
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
                return fail(address, "query key \"status\": " + parsed.error().message);
            }
            toggle.status = *parsed;
        }
        auto enabled = text("enabled");
        if (!enabled) {
            return enabled.error();
        }
        if (*enabled && !(*enabled)->empty()) {
            if (**enabled != "true" && **enabled != "false") {
                return fail(address, "query key \"enabled\": invalid value " +
                                         huaweicloud::quote_for_message(**enabled, 40) +
                                         ", expected \"true\" or \"false\"");
            }
            toggle.enabled = **enabled == "true";
        }
        found.push_back(std::move(toggle));
        return {};
    }

    Result<void> module(const json& node, int depth)
    {
        if (!node.is_object()) {
            return {};
        }
        if (depth > k_max_module_depth) {
            return fail("", "modules nested deeper than " + std::to_string(k_max_module_depth) + " levels");
        }
        if (const auto resources = node.find("resources"); resources != node.end() && resources->is_array()) {
            for (const json& item : *resources) {
                if (auto result = resource(item); !result) {
                    return result;
                }
            }
        }
        if (const auto children = node.find("child_modules"); children != node.end() && children->is_array()) {
            for (const json& child : *children) {
                if (auto result = module(child, depth + 1); !result) {
                    return result;
                }
            }
        }
        return {};
    }
};

} // namespace

Result<std::vector<DeclaredToggle>> parse_declared_toggles(std::string_view text, const std::string& where)
{
    const json document = json::parse(text.begin(), text.end(), nullptr, false);
    if (document.is_discarded()) {
        return make_error(ErrorCode::input, "not valid JSON; expected the output of terraform show -json", where);
    }
    const json* root = nullptr;
    if (document.is_object()) {
        for (const char* key : {"values", "planned_values"}) {
            const auto found = document.find(key);
            if (found != document.end() && found->is_object()) {
                const auto module = found->find("root_module");
                if (module != found->end() && module->is_object()) {
                    root = &*module;
                    break;
                }
            }
        }
        if (root == nullptr && document.contains("format_version") && !document.contains("values") &&
            !document.contains("planned_values")) {
            return std::vector<DeclaredToggle>{}; // an empty state
        }
    }
    if (root == nullptr) {
        return make_error(ErrorCode::input,
                          "expected the output of terraform show -json of a state (\"values\") or a plan "
                          "(\"planned_values\")",
                          where);
    }
    Walker walker{where, {}};
    if (auto walked = walker.module(*root, 0); !walked) {
        return walked.error();
    }
    std::stable_sort(walker.found.begin(), walker.found.end(), [](const DeclaredToggle& a, const DeclaredToggle& b) {
        return a.huaweicloud_id < b.huaweicloud_id;
    });
    std::vector<DeclaredToggle> unique;
    for (DeclaredToggle& toggle : walker.found) {
        if (!unique.empty() && unique.back().huaweicloud_id == toggle.huaweicloud_id) {
            const DeclaredToggle& first = unique.back();
            if (first.enabled != toggle.enabled || first.status != toggle.status) {
                return walker.fail(toggle.address, "certificate \"" + toggle.huaweicloud_id +
                                                       "\" is also declared by " + first.address +
                                                       " with different settings; declare it once");
            }
            continue;
        }
        unique.push_back(std::move(toggle));
    }
    return unique;
}

Result<std::vector<DeclaredToggle>> read_declared_toggles(const std::string& path, std::uint64_t max_bytes)
{
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        return make_error(ErrorCode::input, "cannot read the file: " + error.message(), path);
    }
    if (size > max_bytes) {
        return make_error(ErrorCode::limit,
                          "file of " + std::to_string(size) + " bytes is larger than the limit of " +
                              std::to_string(max_bytes) + " bytes",
                          path);
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in.good() && !in.eof()) {
        return make_error(ErrorCode::input, "cannot read the file", path);
    }
    return parse_declared_toggles(content.str(), path);
}

} // namespace certgate::app
