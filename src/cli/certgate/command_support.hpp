#pragma once
// Helpers the subcommands of `certgate` share.

#include "commands.hpp"

#include "certgate/app/notify_inputs.hpp"
#include "certgate/app/policy.hpp"
#include "certgate/cli/cli_support.hpp"
#include "certgate/core/result.hpp"

#include <boost/program_options.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::cli {

/// A string option that leaves `target` nullopt unless it is given.
inline boost::program_options::typed_value<std::string>* optional_string(std::optional<std::string>& target)
{
    return boost::program_options::value<std::string>()->notifier(
        [&target](const std::string& value) { target = value; });
}

/// Adds --state and --declarations, the two ways to give the commands that
/// act on declarations their input (app::DeclarationInputs).
inline void
add_declaration_input_options(boost::program_options::options_description& options, app::DeclarationInputs& inputs,
                              const char* state_help = "terraform show -json output of a state or plan ('-' = stdin)")
{
    options.add_options()("state", optional_string(inputs.state), state_help)(
        "declarations", optional_string(inputs.declarations), "declarations file (schemas/declarations.schema.json)");
}

/// The policy flags every subcommand takes, in the order they apply: the
/// --config file, then each flag (see app::assemble_policy).
struct PolicyFlags {
    std::optional<std::string> config;
    std::optional<std::string> fail_on;
    std::optional<std::string> timezone;
    std::optional<std::string> holidays_file;
    std::optional<std::string> extra_working_days_file;
};

/// Adds the policy flags to a subcommand's option table: one table, so every
/// subcommand spells and documents them alike.
inline void add_policy_options(boost::program_options::options_description& options, PolicyFlags& flags)
{
    options.add_options()("config", optional_string(flags.config), "policy file (schemas/policy.schema.json)")(
        "fail-on", optional_string(flags.fail_on),
        "lowest severity that fails the gate: notice, warning, renew (default), critical, expired")(
        "timezone", optional_string(flags.timezone), "policy time zone: UTC, +08:00, Asia/Shanghai")(
        "holidays-file", optional_string(flags.holidays_file),
        "holidays to add to the policy: an iCalendar (.ics) file or a list of YYYY-MM-DD dates")(
        "extra-working-days-file", optional_string(flags.extra_working_days_file),
        "extra working days (weekend days worked): an .ics file or a list of dates");
}

/// The policy flags as app::assemble_policy reads them; errors name the flag.
inline app::PolicySources policy_sources(const PolicyFlags& flags)
{
    app::PolicySources sources;
    sources.file = flags.config;
    const std::vector<std::pair<const std::optional<std::string>*, app::PolicySetting>> settings{
        {&flags.timezone, {"timezone", "", "--timezone"}},
        {&flags.holidays_file, {"holidays_file", "", "--holidays-file"}},
        {&flags.extra_working_days_file, {"extra_working_days_file", "", "--extra-working-days-file"}},
        {&flags.fail_on, {"fail_on", "", "--fail-on"}},
    };
    for (const auto& [given, setting] : settings) {
        if (*given) {
            app::PolicySetting applied = setting;
            applied.value = **given;
            sources.settings.push_back(std::move(applied));
        }
    }
    return sources;
}

/// Prints `certgate: error: …` and returns the usage exit status.
inline int fail(Streams streams, const Error& error)
{
    streams.err << error_line("certgate", error) << "\n";
    return k_exit_usage;
}

/// What parse_options does with a command line's arguments besides its
/// options; by default a command takes none.
struct ArgumentsForm {
    /// Where the arguments go, in order; nullptr: arguments are refused.
    std::vector<std::string>* values = nullptr;
    /// Options taken but not listed by --help.
    const boost::program_options::options_description* hidden = nullptr;
    /// Printed by --help before the options (it ends its own lines).
    std::string_view usage;
    /// Receives the options as given, in order, for options whose order
    /// matters (check's --format/--output pairs).
    std::vector<boost::program_options::option>* given = nullptr;
};

/// Parses `args` into `values` (and the arguments as `form` says). Returns
/// the exit status when the command is done: 2 after printing a bad option
/// (the error names `command`), 0 after printing --help (form.usage, the
/// options, then `exit_statuses`); nullopt when the command should run.
inline std::optional<int> parse_options(const std::vector<std::string>& args,
                                        const boost::program_options::options_description& options,
                                        boost::program_options::variables_map& values, Streams streams,
                                        const std::string& command, std::string_view exit_statuses,
                                        const ArgumentsForm& form = {})
{
    namespace po = boost::program_options;
    po::options_description all;
    all.add(options);
    if (form.hidden != nullptr) {
        all.add(*form.hidden);
    }
    po::positional_options_description positional;
    if (form.values != nullptr) {
        all.add_options()("arguments", po::value(form.values)->composing());
        positional.add("arguments", -1);
    }
    try {
        po::command_line_parser parser(args);
        parser.options(all);
        if (form.values != nullptr) {
            parser.positional(positional);
        }
        auto parsed = parser.run();
        po::store(parsed, values);
        po::notify(values);
        if (form.given != nullptr) {
            *form.given = std::move(parsed.options);
        }
    } catch (const po::error& failure) {
        return fail(streams, make_error(ErrorCode::usage, failure.what(), command));
    }
    if (values.count("help") != 0U) {
        if (!form.usage.empty()) {
            streams.out << form.usage << "\n";
        }
        streams.out << options << "\n" << exit_statuses << "\n";
        return k_exit_pass;
    }
    return std::nullopt;
}

} // namespace certgate::cli
