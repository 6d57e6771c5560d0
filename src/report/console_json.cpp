#include "certgate/core/severity.hpp"
#include "certgate/core/time.hpp"
#include "certgate/report/console.hpp"
#include "certgate/report/fields.hpp"

namespace certgate::report {
namespace {

using Json = nlohmann::ordered_json;

Json optional_label(const std::optional<MilestoneDate>& milestone)
{
    return milestone ? Json(milestone->milestone.label()) : Json();
}

Json optional_date(const std::optional<MilestoneDate>& milestone)
{
    return milestone ? Json(format_date(milestone->date)) : Json();
}

Json toggle_json(ConsoleToggle toggle)
{
    switch (toggle) {
    case ConsoleToggle::on:
        return "on";
    case ConsoleToggle::off:
        return "off";
    default:
        return nullptr;
    }
}

Json view_json(const ConsoleView& view)
{
    Json document;
    document["now"] = format_rfc3339(view.now);
    document["timezone"] = view.time_zone;
    document["console_reminder_days"] = view.console_reminder_days;
    document["reload_error"] = view.reload_error ? Json(*view.reload_error) : Json();
    return document;
}

// The names and values of `certgate status --format json` where they are the
// same facts.
Json summary_json(const ConsoleCertificate& certificate)
{
    const auto& evaluation = certificate.evaluation;
    return {
        {"id", certificate.id},
        {"name", certificate.name},
        {"address", certificate.address},
        {"subject", certificate.subject},
        {"sans", certificate.sans},
        {"status", std::string(to_string(certificate.status))},
        {"effective_status", std::string(to_string(certificate.effective))},
        {"severity", std::string(to_string(evaluation.severity))},
        {"expiry_date", format_date(evaluation.expiry_date)},
        {"days_remaining", evaluation.days_remaining},
        {"working_days_remaining", evaluation.working_days_remaining.count},
        {"renew_by", format_date(evaluation.renew_by)},
        {"next_milestone", optional_label(evaluation.next_milestone)},
        {"next_milestone_date", optional_date(evaluation.next_milestone)},
        {"console_reminder", certificate.console_reminder},
        {"notifications", certificate.notifications},
        {"toggle", toggle_json(certificate.toggle)},
        {"toggle_locked", certificate.toggle_locked},
    };
}

} // namespace

std::string render_console_certificates_json(const ConsoleView& view, const ConsoleFilter& filter)
{
    Json document = view_json(view);
    document["certificates"] = Json::array();
    for (const auto& certificate : view.certificates) {
        if (matches(certificate, filter)) {
            document["certificates"].push_back(summary_json(certificate));
        }
    }
    return dump_json(document);
}

std::string render_console_certificate_json(const ConsoleView& view, const ConsoleCertificate& certificate)
{
    Json document = view_json(view);
    Json detail = summary_json(certificate);
    detail["report"] = certificate.report;
    detail["schedule"] = Json::array();
    for (const auto& entry : certificate.schedule) {
        Json sent = Json::array();
        for (const auto& delivery : entry.sent) {
            sent.push_back({{"recipient", delivery.recipient},
                            {"channel", std::string(to_string(delivery.channel))},
                            {"sent_at", delivery.sent_at ? Json(format_rfc3339(*delivery.sent_at)) : Json()}});
        }
        detail["schedule"].push_back({{"milestone", entry.milestone.milestone.label()},
                                      {"date", format_date(entry.milestone.date)},
                                      {"reached", entry.milestone.date <= certificate.evaluation.today},
                                      {"sent", std::move(sent)}});
    }
    detail["recipients"] = certificate.recipients;
    document["certificate"] = std::move(detail);
    return dump_json(document);
}

std::string render_console_recipients_json(const ConsoleView& view)
{
    Json document = view_json(view);
    document["recipients"] = Json::array();
    for (const auto& recipient : view.recipients) {
        Json channels = Json::array();
        for (const auto channel : recipient.channels) {
            channels.push_back(std::string(to_string(channel)));
        }
        document["recipients"].push_back({{"id", recipient.id},
                                          {"name", recipient.name},
                                          {"email", recipient.email.empty() ? Json() : Json(recipient.email)},
                                          {"mobile", recipient.mobile.empty() ? Json() : Json(recipient.mobile)},
                                          {"channels", std::move(channels)},
                                          {"verification", recipient.verification}});
    }
    return dump_json(document);
}

std::string render_console_error_json(const std::string& message)
{
    return dump_json(Json{{"error", message}});
}

} // namespace certgate::report
