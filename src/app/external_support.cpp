#include "external_support.hpp"

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/adapters/external/json_values.hpp"
#include "certgate/adapters/files/input_files.hpp"
#include "certgate/adapters/tz/zone_database.hpp"
#include "certgate/app/policy.hpp"
#include "certgate/core/timestamp.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <unordered_set>

namespace certgate::app::external_support {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// A key is quoted in messages only when it is short and printable, so a
// mistaken key holding a secret is not echoed.
std::string quoted_key(std::string_view key)
{
    const bool printable = std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '.';
    });
    return printable && key.size() <= 64 ? "\"" + std::string(key) + "\"" : "(a key that is not a name)";
}

} // namespace

std::vector<std::string> policy_keys()
{
    std::vector<std::string> keys = config::setting_names();
    keys.emplace_back("policy_file");
    keys.emplace_back("now");
    return keys;
}

Result<void> check_keys(const Query& query, const std::vector<std::string>& allowed)
{
    for (const auto& [key, value] : query) {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) {
            continue;
        }
        std::string best;
        std::size_t best_distance = std::string::npos;
        for (const std::string& candidate : allowed) {
            const std::size_t distance = edit_distance(key, candidate);
            if (distance < best_distance) {
                best_distance = distance;
                best = candidate;
            }
        }
        std::string message = "unknown query key " + quoted_key(key);
        if (best_distance <= std::max<std::size_t>(2, best.size() / 3)) {
            message += "; did you mean \"" + best + "\"?";
        } else {
            std::vector<std::string> sorted = allowed;
            std::sort(sorted.begin(), sorted.end());
            message += "; expected one of: ";
            for (std::size_t i = 0; i < sorted.size(); ++i) {
                message += (i == 0 ? "" : ", ") + sorted[i];
            }
        }
        return make_error(ErrorCode::usage, message, quoted_key(key) == "(a key that is not a name)" ? "query" : key);
    }
    return {};
}

std::optional<std::string> value_of(const Query& query, std::string_view key)
{
    const auto found = query.find(std::string(key));
    if (found == query.end()) {
        return std::nullopt;
    }
    return found->second;
}

Result<std::optional<bool>> boolean_of(const Query& query, std::string_view key)
{
    const auto value = value_of(query, key);
    if (!value) {
        return std::optional<bool>{};
    }
    if (*value == "true") {
        return std::optional<bool>{true};
    }
    if (*value == "false") {
        return std::optional<bool>{false};
    }
    return make_error(ErrorCode::usage, "expected \"true\" or \"false\"", std::string(key));
}

Result<std::vector<std::string>> split_list(const std::string& text, const std::string& key)
{
    const auto trim = [](std::string_view item) {
        const auto first = item.find_first_not_of(" \t");
        const auto last = item.find_last_not_of(" \t");
        return first == std::string_view::npos ? std::string() : std::string(item.substr(first, last - first + 1));
    };
    std::vector<std::string> items;
    std::unordered_set<std::string> seen; // linear, however long the list
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        std::string item =
            trim(std::string_view(text).substr(start, comma == std::string::npos ? comma : comma - start));
        if (item.empty()) {
            return make_error(ErrorCode::usage, "empty item in the comma-separated list", key);
        }
        if (!seen.insert(item).second) {
            return make_error(ErrorCode::usage, "\"" + item.substr(0, 64) + "\" is listed twice", key);
        }
        items.push_back(std::move(item));
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return items;
}

std::string text_of(bool value)
{
    return value ? "true" : "false";
}

Result<void> check_display_text(std::string_view text, std::string_view key, std::size_t max_characters)
{
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7F) {
            return make_error(ErrorCode::usage, "control characters (such as line breaks) are not allowed",
                              std::string(key));
        }
        if ((byte & 0xC0) != 0x80) {
            ++characters;
        }
    }
    if (characters > max_characters) {
        return make_error(ErrorCode::usage,
                          "too long: " + std::to_string(characters) + " characters, at most " +
                              std::to_string(max_characters) + " allowed",
                          std::string(key));
    }
    return {};
}

std::string resolve_path(const std::string& path, const ExternalEnvironment& environment)
{
    const std::filesystem::path given(path);
    if (given.is_absolute() || environment.working_directory.empty()) {
        return path;
    }
    return (std::filesystem::path(environment.working_directory) / given).string();
}

Result<std::string> read_query_file(const std::string& path, std::string_view key,
                                    const ExternalEnvironment& environment, std::uintmax_t max_bytes)
{
    if (path.empty()) {
        return make_error(ErrorCode::usage, "empty path; give the file's path (relative to the working directory)",
                          std::string(key));
    }
    if (path.find('\0') != std::string::npos) {
        return make_error(ErrorCode::usage, "the path holds a NUL character", std::string(key));
    }
    auto content = files::read_file(resolve_path(path, environment), max_bytes);
    if (!content) {
        Error error = content.error();
        // files::read_file names the resolved path; show the path as given.
        error.message = "\"" + path + "\": " + error.message;
        error.where = std::string(key);
        return error;
    }
    return std::move(content).value();
}

Result<Policy> policy_of(const Query& query, const ExternalEnvironment& environment)
{
    PolicySources sources;
    if (const auto file = value_of(query, "policy_file")) {
        if (file->empty()) {
            return make_error(ErrorCode::usage, "empty path; give the policy file's path", "policy_file");
        }
        sources.file = resolve_path(*file, environment);
        sources.file_where = "policy_file";
    }
    for (const std::string& name : config::setting_names()) {
        if (auto value = value_of(query, name)) {
            // holidays_file and the like are paths: relative to the working directory.
            if (name.ends_with("_file") && !value->empty()) {
                value = resolve_path(*value, environment);
            }
            sources.settings.push_back({name, std::move(*value), name});
        }
    }
    auto assembled = assemble_policy(sources);
    if (!assembled) {
        return assembled.error();
    }
    return std::move(assembled).value().policy;
}

Result<Instant> now_of(const Query& query, const Policy& policy, const ExternalEnvironment& environment)
{
    std::optional<std::string> text = value_of(query, "now");
    std::string where = "now";
    if (!text && environment.now_variable) {
        text = environment.now_variable;
        where = "CERTGATE_NOW";
    }
    if (!text) {
        return environment.clock;
    }
    auto moment = parse_instant_or_date(*text);
    if (!moment) {
        return make_error(ErrorCode::usage,
                          "invalid instant; expected RFC 3339 such as \"2026-11-26T08:00:00Z\" or a date such as "
                          "\"2026-11-26\"",
                          where);
    }
    return resolve_instant(*moment, *policy.time_zone);
}

Result<DeclaredInputs> declared_inputs_of(const Query& query, const ExternalEnvironment& environment,
                                          bool allow_expired, std::string_view toggle_key)
{
    auto policy = policy_of(query, environment);
    if (!policy) {
        return policy.error();
    }
    auto now = now_of(query, *policy, environment);
    if (!now) {
        return now.error();
    }
    auto status = status_of(query, allow_expired);
    if (!status) {
        return status.error();
    }
    auto toggle = boolean_of(query, toggle_key);
    if (!toggle) {
        return toggle.error();
    }
    return DeclaredInputs{std::move(*policy), *now, *status, *toggle};
}

Result<CertificateStatus> status_of(const Query& query, bool allow_expired)
{
    const auto text = value_of(query, "status");
    if (!text) {
        return CertificateStatus::uploaded;
    }
    auto status = parse_status(*text, allow_expired);
    if (!status) {
        return make_error(ErrorCode::usage, status.error().message, "status");
    }
    return *status;
}

Result<std::unique_ptr<ExternalState>> state_of(const ExternalEnvironment& environment)
{
    if (!environment.store_path || environment.store_path->empty()) {
        return std::unique_ptr<ExternalState>{};
    }
    auto opened = environment.open_state ? environment.open_state(*environment.store_path)
                                         : open_store_state(*environment.store_path);
    if (!opened) {
        return make_error(opened.error().code, opened.error().describe(), "CERTGATE_STORE");
    }
    return std::move(opened).value();
}

std::string schedule_json(const std::vector<MilestoneDate>& schedule)
{
    std::vector<external::JsonFields> objects;
    objects.reserve(schedule.size());
    for (const MilestoneDate& entry : schedule) {
        objects.push_back({{"milestone", entry.milestone.label()}, {"date", format_date(entry.date)}});
    }
    return external::encode_object_list(objects);
}

void put_evaluation(Output& output, const Evaluation& evaluation, const Policy& policy, Instant now)
{
    output["now"] = format_rfc3339(now);
    output["timezone"] = policy.time_zone->name();
    output["today"] = format_date(evaluation.today);
    output["expiry_date"] = format_date(evaluation.expiry_date);
    output["expired"] = text_of(evaluation.expired);
    output["not_yet_valid"] = text_of(evaluation.not_yet_valid);
    output["days_remaining"] = std::to_string(evaluation.days_remaining);
    output["seconds_remaining"] = std::to_string(evaluation.seconds_remaining);
    output["working_days_remaining"] = std::to_string(evaluation.working_days_remaining.count);
    output["in_renewal_window"] = text_of(evaluation.in_renewal_window);
    output["renewal_window_start"] = format_date(evaluation.renewal_window_start);
    output["renew_by"] = format_date(evaluation.renew_by);
    output["next_milestone"] = evaluation.next_milestone ? evaluation.next_milestone->milestone.label() : "";
    output["next_milestone_date"] = evaluation.next_milestone ? format_date(evaluation.next_milestone->date) : "";
    output["last_milestone"] = evaluation.last_milestone ? evaluation.last_milestone->milestone.label() : "";
    output["last_milestone_date"] = evaluation.last_milestone ? format_date(evaluation.last_milestone->date) : "";
    output["severity"] = std::string(to_string(evaluation.severity));
    output["schedule"] = schedule_json(evaluation.schedule);
    output["fail_on"] = std::string(to_string(policy.fail_on));
    output["gate"] = at_or_above(evaluation.severity, policy.fail_on) ? "fail" : "pass";
}

Result<void> put_lifecycle(Output& output, CertificateStatus declared, std::optional<bool> declared_toggle,
                           const Evaluation& evaluation, const Policy& policy, std::optional<bool> value_at_expiry)
{
    auto toggle = resolve_toggle(ToggleRequest{declared, declared_toggle, value_at_expiry}, evaluation);
    if (!toggle) {
        return toggle.error();
    }
    output["status"] = std::string(to_string(declared));
    output["effective_status"] = std::string(to_string(effective_status(declared, evaluation)));
    output["console_reminder"] = text_of(console_reminder_due(declared, evaluation, policy));
    output["notifications"] = text_of(message_notifications_apply(declared, *toggle));
    output["expiration_notification"] = text_of(toggle->enabled);
    output["toggle_locked"] = text_of(toggle->locked);
    return {};
}

Result<Instant> parse_timestamp(std::string_view text, std::string_view key, const TimeZone& zone)
{
    auto instant = certgate::parse_timestamp(text, zone, BareDate::start_of_day);
    if (instant) {
        return instant;
    }
    if (timestamp_problem(instant.error()) == TimestampProblem::epoch_digits) {
        return make_error(ErrorCode::usage, instant.error().message, std::string(key));
    }
    return make_error(ErrorCode::usage,
                      "invalid timestamp; expected RFC 3339 (\"2027-01-01T00:00:00Z\"), "
                      "\"yyyy-MM-dd HH:mm:ss.S\" (read in not_after_timezone), a date (\"2027-01-01\") or an "
                      "epoch in seconds or milliseconds",
                      std::string(key));
}

} // namespace certgate::app::external_support
