// certgate check: the CI gate.

#include "bounded_option.hpp"
#include "command_support.hpp"

#include "certgate/app/check_command.hpp"
#include "certgate/cli/cli_support.hpp"
#include "certgate/core/version.hpp"

#include <boost/program_options.hpp>

#include <iostream>
#include <unistd.h>

namespace certgate::cli {
namespace {

namespace po = boost::program_options;

struct CheckFlags {
    std::vector<std::string> inputs;
    std::optional<std::string> now;
    PolicyFlags policy;
    std::vector<std::string> formats;
    std::vector<std::string> outputs;
    std::string color = "auto";
    bool fail_on_unknown = false;
    bool ignore_unreachable = false;
    bool leaf_only = false;
    std::optional<std::string> pkcs12_password_env;
    std::vector<std::string> hosts;
    std::optional<std::string> hosts_file;
    TimeoutMs connect_timeout_ms = 5000;
    TimeoutMs deadline_ms = 15000;
    Bounded<1, 1024> concurrency = 32;
    Bounded<0, 1024> jobs = 0; // 0: one per core
    std::optional<std::string> starttls;
    std::optional<std::string> ca_file;
    bool insecure_skip_verify = false;
    std::optional<std::string> huaweicloud;
    std::optional<std::string> endpoint;
    std::optional<std::string> huaweicloud_expire_zone;
};

po::options_description check_options(CheckFlags& flags)
{
    po::options_description options("certgate check [INPUT...] [OPTIONS]\n\n"
                                    "INPUT is a file, a directory (searched recursively) or - for stdin: PEM, DER, "
                                    "PKCS#12 or terraform show -json output.\n\noptions");
    options.add_options()("help,h", "print this help")("now", optional_string(flags.now),
                                                       "evaluate as of this instant (RFC 3339 or YYYY-MM-DD); default: "
                                                       "$CERTGATE_NOW, else the clock");
    add_policy_options(options, flags.policy);
    options.add_options()("format", po::value(&flags.formats)->composing(),
                          "report format, repeatable: text, json, junit, sarif, github, markdown, prometheus, gitlab")(
        "output", po::value(&flags.outputs)->composing(),
        "write the --format given just before to this file, repeatable")("color", po::value(&flags.color),
                                                                         "text colour: auto, always, never")(
        "fail-on-unknown", po::bool_switch(&flags.fail_on_unknown), "fail the gate on values known only after apply")(
        "ignore-unreachable", po::bool_switch(&flags.ignore_unreachable),
        "do not fail the gate on sources that could not be evaluated")(
        "leaf-only", po::bool_switch(&flags.leaf_only), "report only the first certificate of each bundle or chain")(
        "pkcs12-password-env", optional_string(flags.pkcs12_password_env),
        "name of the environment variable holding the PKCS#12 password")(
        "host", po::value(&flags.hosts)->composing(), "check a live TLS endpoint HOST[:PORT], repeatable")(
        "hosts-file", optional_string(flags.hosts_file), "file of endpoints, one \"host[:port] [sni]\" a line")(
        "connect-timeout", po::value(&flags.connect_timeout_ms), "TCP connect timeout in milliseconds (5000)")(
        "deadline", po::value(&flags.deadline_ms), "overall per-host deadline in milliseconds (15000)")(
        "concurrency", po::value(&flags.concurrency), "endpoints probed at once (32)")(
        "jobs", po::value(&flags.jobs), "threads decoding input files (default: one per core)")(
        "starttls", optional_string(flags.starttls), "STARTTLS protocol: smtp, imap, pop3, ftp")(
        "ca-file", optional_string(flags.ca_file), "verify served chains against this CA bundle")(
        "insecure-skip-verify", po::bool_switch(&flags.insecure_skip_verify),
        "do not fail on an untrusted chain or a name mismatch (dates are still checked)")(
        "huaweicloud", optional_string(flags.huaweicloud), "check the certificates of a Huawei Cloud region")(
        "endpoint", optional_string(flags.endpoint), "Huawei Cloud API endpoint URL override")(
        "huaweicloud-expire-zone", optional_string(flags.huaweicloud_expire_zone),
        "time zone of Huawei Cloud's zoneless expire_time (UTC)");
    return options;
}

// The --format and --output flags in command-line order: only the parsed
// options keep it.
std::vector<app::ReportFlag> report_flags(const std::vector<po::option>& given)
{
    std::vector<app::ReportFlag> flags;
    for (const po::option& option : given) {
        if (option.value.empty()) {
            continue;
        }
        if (option.string_key == "format") {
            flags.push_back({app::ReportFlag::Kind::format, option.value.front()});
        } else if (option.string_key == "output") {
            flags.push_back({app::ReportFlag::Kind::output, option.value.front()});
        }
    }
    return flags;
}

app::CheckCommand command_from(const CheckFlags& flags, const std::vector<po::option>& given)
{
    app::CheckCommand command;
    command.inputs = flags.inputs;
    command.now = flags.now;
    command.policy = policy_sources(flags.policy);
    command.reports = report_flags(given);
    command.fail_on_unknown = flags.fail_on_unknown;
    command.ignore_unreachable = flags.ignore_unreachable;
    command.leaf_only = flags.leaf_only;
    command.pkcs12_password_env = flags.pkcs12_password_env;
    command.hosts.hosts = flags.hosts;
    command.hosts.hosts_file = flags.hosts_file;
    command.hosts.connect_timeout = std::chrono::milliseconds{flags.connect_timeout_ms};
    command.hosts.deadline = std::chrono::milliseconds{flags.deadline_ms};
    command.hosts.concurrency = flags.concurrency;
    command.hosts.starttls = flags.starttls;
    command.hosts.ca_file = flags.ca_file;
    command.hosts.verification =
        flags.insecure_skip_verify ? app::TlsVerification::skipped : app::TlsVerification::required;
    command.jobs = flags.jobs;
    command.huaweicloud.region = flags.huaweicloud;
    command.huaweicloud.endpoint = flags.endpoint;
    if (flags.huaweicloud_expire_zone) {
        command.huaweicloud.expire_time_zone = *flags.huaweicloud_expire_zone;
    }
    command.style.color = flags.color == "always"  ? app::ColorChoice::always
                          : flags.color == "never" ? app::ColorChoice::never
                                                   : app::ColorChoice::automatic;
    command.style.stdout_is_terminal = ::isatty(STDOUT_FILENO) == 1;
    command.style.tool_version = std::string(k_version);
    return command;
}

} // namespace

int run_check_command(const std::vector<std::string>& args, Streams streams, const app::Environment& environment)
{
    CheckFlags flags;
    auto options = check_options(flags);
    po::variables_map values;
    std::vector<po::option> given;
    if (const auto done = parse_options(args, options, values, streams, "check",
                                        "exit status: 0 gate passed, 1 gate failed, 2 bad usage or unreadable input",
                                        {.values = &flags.inputs, .hidden = nullptr, .usage = {}, .given = &given})) {
        return *done;
    }
    if (flags.color != "auto" && flags.color != "always" && flags.color != "never") {
        streams.err << error_line("certgate", make_error(ErrorCode::usage,
                                                         "invalid value \"" + flags.color +
                                                             "\", expected one of: auto, always, never",
                                                         "--color"))
                    << "\n";
        return k_exit_usage;
    }
    const app::CheckRun run = app::run_check_command(command_from(flags, given), environment);
    for (const Error& error : run.errors) {
        streams.err << error_line("certgate", error) << "\n";
    }
    streams.out << run.standard_output;
    return run.exit_status;
}

} // namespace certgate::cli
