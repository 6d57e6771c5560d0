#include "certgate/report/formats.hpp"

namespace certgate::report {

// Placeholder until the report layer lands.
const std::vector<std::string>& format_names()
{
    static const std::vector<std::string> names{"text", "json", "junit", "sarif", "github", "markdown", "prometheus", "gitlab"};
    return names;
}

Result<Format> parse_format(std::string_view name)
{
    const auto& names = format_names();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) {
            return static_cast<Format>(i);
        }
    }
    return make_error(ErrorCode::usage, "unknown format \"" + std::string(name) +
                                            "\", expected one of: text, json, junit, sarif, github, markdown, "
                                            "prometheus, gitlab");
}

std::string render(const Report& report, Format, const RenderOptions&)
{
    return std::to_string(report.findings.size()) + " findings\n";
}

} // namespace certgate::report
