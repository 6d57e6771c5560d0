#pragma once
// The fields SPEC section 2 defines, computed straight from the policy engine
// (certgate::evaluate), to compare certgate-external's answers against.

#include "certgate/core/evaluation.hpp"
#include "certgate/core/lifecycle.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace certgate::testing {

inline std::string engine_bool(bool value)
{
    return value ? "true" : "false";
}

/// Section 2's fields as the JSON report names them, from the engine.
inline std::map<std::string, std::string> engine_fields(const Validity& validity, const Policy& policy, Instant now)
{
    const Evaluation e = evaluate(validity, policy, now);
    std::map<std::string, std::string> fields{
        {"now", format_rfc3339(now)},
        {"today", format_date(e.today)},
        {"expiry_date", format_date(e.expiry_date)},
        {"expired", engine_bool(e.expired)},
        {"not_yet_valid", engine_bool(e.not_yet_valid)},
        {"days_remaining", std::to_string(e.days_remaining)},
        {"seconds_remaining", std::to_string(e.seconds_remaining)},
        {"working_days_remaining", std::to_string(e.working_days_remaining.count)},
        {"in_renewal_window", engine_bool(e.in_renewal_window)},
        {"renewal_window_start", format_date(e.renewal_window_start)},
        {"renew_by", format_date(e.renew_by)},
        {"next_milestone", e.next_milestone ? e.next_milestone->milestone.label() : ""},
        {"next_milestone_date", e.next_milestone ? format_date(e.next_milestone->date) : ""},
        {"last_milestone", e.last_milestone ? e.last_milestone->milestone.label() : ""},
        {"last_milestone_date", e.last_milestone ? format_date(e.last_milestone->date) : ""},
        {"severity", std::string(to_string(e.severity))},
        {"not_after", format_rfc3339(validity.not_after)},
    };
    std::string schedule = "[";
    for (const MilestoneDate& entry : e.schedule) {
        schedule += std::string(schedule.size() > 1 ? "," : "") + "{\"milestone\":\"" + entry.milestone.label() +
                    "\",\"date\":\"" + format_date(entry.date) + "\"}";
    }
    fields["schedule"] = schedule + "]";
    return fields;
}

/// Expects every engine field to be in `result` with the same value.
inline void expect_engine_fields(const std::map<std::string, std::string>& result, const Validity& validity,
                                 const Policy& policy, Instant now)
{
    for (const auto& [key, value] : engine_fields(validity, policy, now)) {
        const auto found = result.find(key);
        ASSERT_NE(found, result.end()) << "missing output " << key;
        EXPECT_EQ(found->second, value) << "output " << key;
    }
}

/// "" when the stdout is valid against schemas/external-<kind>-result.schema.json.
inline std::string result_schema_errors(const std::string& kind, const std::string& out)
{
    return schema_errors(source_path("schemas/external-" + kind + "-result.schema.json"), out);
}

} // namespace certgate::testing
