// certgate_certificate and certgate_expiry: certgate-external's answer, typed.

#include "certgate/core/severity.hpp"
#include "kinds.hpp"
#include "types.hpp"

namespace certgate::app::provider {

namespace {

std::string field_text(const external::StringMap& result, const std::string& key)
{
    const auto found = result.find(key);
    return found == result.end() ? std::string() : found->second;
}

// The attribute a finding is about: where the certificate was declared.
tv::AttributePath declared_at(const Kind& kind, const tv::Value& config)
{
    if (&kind == &expiry_kind()) {
        return tv::attribute_path("not_after");
    }
    return tv::attribute_path(is_set(config, "certificate_file") ? "certificate_file" : "certificate");
}

std::string finding_detail(const external::StringMap& result)
{
    std::string detail = "Severity " + field_text(result, "severity") + " (fail_on " + field_text(result, "fail_on") +
                         ": the gate would " + field_text(result, "gate") + "). Not after " +
                         field_text(result, "not_after") + ", " + field_text(result, "days_remaining") +
                         " days left; the renewal window opens " + field_text(result, "renewal_window_start") + ".";
    if (const std::string next = field_text(result, "next_milestone"); !next.empty()) {
        detail += " Next milestone " + next + " on " + field_text(result, "next_milestone_date") + ".";
    }
    return detail;
}

} // namespace

std::string finding_message(const external::StringMap& result)
{
    std::string name = field_text(result, "name");
    if (name.empty()) {
        name = "the certificate expiring " + field_text(result, "not_after");
    }
    if (field_text(result, "expired") == "true") {
        return name + " expired on " + field_text(result, "expiry_date") + "; replace it now";
    }
    const std::string working_days = field_text(result, "working_days_remaining");
    return name + " expires in " + working_days + (working_days == "1" ? " working day" : " working days") +
           "; renew by " + field_text(result, "renew_by");
}

ProviderService::ReadDataResult read_evaluation(const Context& context, const Kind& kind, const tv::Value& config)
{
    ProviderService::ReadDataResult answer;
    if (!tv::is_wholly_known(config)) {
        // A certificate only apply can produce: no finding yet, no error.
        answer.state = unknown_state_of(kind, config);
        return answer;
    }
    auto query = query_of(kind, config, context.settings.policy, answer.diagnostics);
    if (!query) {
        return answer;
    }
    auto result =
        external_fields(kind.external_kind, *query, external_environment(context.environment, context.settings));
    if (!result) {
        answer.diagnostics.push_back(diagnostic_of(result.error(), kind, config, context.settings.policy));
        return answer;
    }
    answer.state = state_of(kind, config, *result);
    const tv::Value* schedule = tv::find_field(answer.state, "schedule");
    set_field(answer.state, "notifications",
              field_text(*result, "notifications") == "true" && schedule != nullptr ? *schedule : tv::list_value({}));
    const std::string message = finding_message(*result);
    set_field(answer.state, "finding",
              tv::object_value({{"severity", tv::string_value(field_text(*result, "severity"))},
                                {"gate", tv::string_value(field_text(*result, "gate"))},
                                {"message", tv::string_value(message)}}));

    auto severity = parse_severity(field_text(*result, "severity"), SeverityScope::gate_only);
    if (severity && *severity != Severity::ok) {
        const bool fails = field_text(*result, "gate") == "fail";
        answer.diagnostics.push_back(
            {fails && context.settings.gate_failures_are_errors ? tv::Severity::error : tv::Severity::warning, message,
             finding_detail(*result), declared_at(kind, config)});
    }
    return answer;
}

} // namespace certgate::app::provider
