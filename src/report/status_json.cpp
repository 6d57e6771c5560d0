#include "certgate/report/status_json.hpp"

#include <nlohmann/json.hpp>

namespace certgate::report {

namespace {

nlohmann::ordered_json refused_json(const std::vector<RefusedDelivery>& refused)
{
    auto list = nlohmann::ordered_json::array();
    for (const auto& delivery : refused) {
        list.push_back({{"milestone", delivery.milestone},
                        {"milestone_date", delivery.milestone_date},
                        {"recipient", delivery.recipient},
                        {"channel", std::string(to_string(delivery.channel))},
                        {"reason", delivery.reason}});
    }
    return list;
}

nlohmann::ordered_json optional_date(const std::optional<MilestoneDate>& milestone)
{
    return milestone ? nlohmann::ordered_json(format_date(milestone->date)) : nlohmann::ordered_json();
}

nlohmann::ordered_json optional_label(const std::optional<MilestoneDate>& milestone)
{
    return milestone ? nlohmann::ordered_json(milestone->milestone.label()) : nlohmann::ordered_json();
}

} // namespace

std::string render_status_json(const std::vector<StatusEntry>& entries, Instant now)
{
    nlohmann::ordered_json document;
    document["now"] = format_rfc3339(now);
    document["certificates"] = nlohmann::ordered_json::array();
    for (const auto& entry : entries) {
        const auto& evaluation = entry.evaluation;
        document["certificates"].push_back({
            {"id", entry.id},
            {"name", entry.name},
            {"address", entry.address},
            {"status", std::string(to_string(entry.status))},
            {"effective_status", std::string(to_string(entry.effective))},
            {"severity", std::string(to_string(evaluation.severity))},
            {"not_after", format_rfc3339(entry.not_after)},
            {"expiry_date", format_date(evaluation.expiry_date)},
            {"days_remaining", evaluation.days_remaining},
            {"renew_by", format_date(evaluation.renew_by)},
            {"renewal_window_start", format_date(evaluation.renewal_window_start)},
            {"in_renewal_window", evaluation.in_renewal_window},
            {"next_milestone", optional_label(evaluation.next_milestone)},
            {"next_milestone_date", optional_date(evaluation.next_milestone)},
            {"last_milestone", optional_label(evaluation.last_milestone)},
            {"last_milestone_date", optional_date(evaluation.last_milestone)},
            {"console_reminder", entry.console_reminder},
            {"notifications", entry.notifications},
            {"expiration_notification", entry.expiration_notification},
            {"refused", refused_json(entry.refused)},
        });
    }
    return document.dump(2) + "\n";
}

} // namespace certgate::report
