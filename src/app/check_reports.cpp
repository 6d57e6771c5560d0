#include "certgate/app/check_reports.hpp"

#include "certgate/app/output_file.hpp"

#include <algorithm>
#include <fstream>

namespace certgate::app {
namespace {

constexpr int k_exit_unwritten = 2;

// GitHub Actions shows what a step appends to $GITHUB_STEP_SUMMARY on the run page.
Result<void> append_step_summary(const Report& report, const Environment& environment)
{
    if (!environment.step_summary || environment.step_summary->empty()) {
        return {};
    }
    const std::string& path = *environment.step_summary;
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << report::render_github_summary(report);
    if (!out.flush()) {
        return make_error(ErrorCode::input, "cannot append the job summary", path);
    }
    return {};
}

bool use_color(const ReportStyle& style, const Environment& environment)
{
    if (style.color == ColorChoice::always) {
        return true;
    }
    if (style.color == ColorChoice::never || environment.no_color) {
        return false;
    }
    return style.stdout_is_terminal;
}

} // namespace

Result<std::vector<ReportTarget>> report_targets(const std::vector<ReportFlag>& flags)
{
    std::vector<ReportTarget> targets;
    bool last_has_output = true;
    for (const ReportFlag& flag : flags) {
        if (flag.kind == ReportFlag::Kind::format) {
            auto format = report::parse_format(flag.value);
            if (!format) {
                return make_error(ErrorCode::usage, format.error().message, "--format");
            }
            targets.push_back({*format, std::nullopt});
            last_has_output = false;
        } else {
            if (targets.empty()) {
                targets.push_back({report::Format::text, std::nullopt});
            } else if (last_has_output) {
                return make_error(ErrorCode::usage,
                                  "\"" + flag.value +
                                      "\" has no --format of its own; give each --output after its --format",
                                  "--output");
            }
            targets.back().path = flag.value;
            last_has_output = true;
        }
    }
    if (targets.empty()) {
        targets.push_back({report::Format::text, std::nullopt});
    }
    const auto to_stdout = std::count_if(targets.begin(), targets.end(), [](const ReportTarget& t) { return !t.path; });
    if (to_stdout > 1) {
        return make_error(ErrorCode::usage, "only one --format can go to standard output; give the others an --output",
                          "--format");
    }
    return targets;
}

CheckRun run_check_command(const CheckRequest& request, const std::vector<ReportTarget>& targets,
                           const ReportStyle& style, const Environment& environment)
{
    const CheckOutcome outcome = run_check(request);
    CheckRun run;
    run.errors = outcome.report.input_errors;
    run.exit_status = exit_status(outcome);
    for (const ReportTarget& target : targets) {
        report::RenderOptions render_options;
        render_options.color = !target.path && target.format == report::Format::text && use_color(style, environment);
        render_options.tool_version = style.tool_version;
        if (target.path) {
            // Streamed into the file: a report of 20,000 findings is never held whole (issue 14).
            const auto produce = [&](const report::Sink& sink) {
                report::render_to(outcome.report, target.format, render_options, sink);
            };
            if (auto written = write_output_file(*target.path, produce); !written) {
                run.errors.push_back(written.error());
                run.exit_status = k_exit_unwritten;
            }
        } else {
            run.standard_output += report::render(outcome.report, target.format, render_options);
        }
        if (target.format == report::Format::github) {
            if (auto written = append_step_summary(outcome.report, environment); !written) {
                run.errors.push_back(written.error());
                run.exit_status = k_exit_unwritten;
            }
        }
    }
    return run;
}

} // namespace certgate::app
