#include "certgate/report/formats.hpp"

#include "certgate/report/writers.hpp"

#include <array>
#include <utility>

namespace certgate::report {
namespace {

// The one registry of formats: name and enumerator, in help-text order.
constexpr std::array<std::pair<Format, std::string_view>, 8> k_formats{{
    {Format::text, "text"},
    {Format::json, "json"},
    {Format::junit, "junit"},
    {Format::sarif, "sarif"},
    {Format::github, "github"},
    {Format::markdown, "markdown"},
    {Format::prometheus, "prometheus"},
    {Format::gitlab, "gitlab"},
}};

} // namespace

const std::vector<std::string>& format_names()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        out.reserve(k_formats.size());
        for (const auto& entry : k_formats) {
            out.emplace_back(entry.second);
        }
        return out;
    }();
    return names;
}

std::string_view format_name(Format format)
{
    for (const auto& entry : k_formats) {
        if (entry.first == format) {
            return entry.second;
        }
    }
    return "text";
}

Result<Format> parse_format(std::string_view name)
{
    std::string expected;
    for (const auto& entry : k_formats) {
        if (entry.second == name) {
            return entry.first;
        }
        expected += expected.empty() ? "" : ", ";
        expected += entry.second;
    }
    return make_error(ErrorCode::usage, "unknown format \"" + std::string(name) + "\", expected one of: " + expected);
}

void render_to(const Report& report, Format format, const RenderOptions& options, const Sink& sink)
{
    switch (format) {
    case Format::json:
        write_json(report, sink);
        return;
    case Format::sarif:
        write_sarif(report, options, sink);
        return;
    case Format::gitlab:
        write_gitlab(report, sink);
        return;
    default:
        sink(render(report, format, options));
        return;
    }
}

std::string render(const Report& report, Format format, const RenderOptions& options)
{
    switch (format) {
    case Format::text:
        return render_text(report, options);
    case Format::json:
        return render_json(report);
    case Format::junit:
        return render_junit(report);
    case Format::sarif:
        return render_sarif(report, options);
    case Format::github:
        return render_github(report);
    case Format::markdown:
        return render_markdown(report);
    case Format::prometheus:
        return render_prometheus(report);
    case Format::gitlab:
        return render_gitlab(report);
    }
    return render_text(report, options);
}

} // namespace certgate::report
