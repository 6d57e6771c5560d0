// certgate-external expiry: a certificate known only by its expiry timestamp.

#include "certgate/adapters/tz/zone_database.hpp"
#include "external_kinds.hpp"

namespace certgate::app::external_kind {

namespace {

using namespace external_support;

std::vector<std::string> expiry_keys()
{
    std::vector<std::string> keys{"not_after", "not_before", "not_after_timezone",
                                  "name",      "status",     "expiration_notification"};
    for (std::string& key : policy_keys()) {
        keys.push_back(std::move(key));
    }
    return keys;
}

} // namespace

/// Reads not_after and not_before; zone-less timestamps are read in
/// not_after_timezone, else the policy time zone.
Result<Validity> validity_of(const Query& query, const Policy& policy, bool required)
{
    std::shared_ptr<const TimeZone> zone = policy.time_zone;
    if (const auto name = value_of(query, "not_after_timezone")) {
        auto loaded = tz::load_time_zone(*name);
        if (!loaded) {
            return make_error(ErrorCode::usage, loaded.error().message, "not_after_timezone");
        }
        zone = *loaded;
    }
    Validity validity;
    const auto not_after = value_of(query, "not_after");
    if (!not_after) {
        if (required) {
            return make_error(ErrorCode::usage,
                              "missing: give the certificate's expiry, e.g. \"2027-01-01T00:00:00Z\" or the "
                              "not_after attribute of a cloud certificate resource",
                              "not_after");
        }
        return make_error(ErrorCode::internal, "no not_after", "not_after");
    }
    auto after = parse_timestamp(*not_after, "not_after", *zone);
    if (!after) {
        return after.error();
    }
    validity.not_after = *after;
    if (const auto not_before = value_of(query, "not_before"); not_before && !not_before->empty()) {
        auto before = parse_timestamp(*not_before, "not_before", *zone);
        if (!before) {
            return before.error();
        }
        if (*before > *after) {
            return make_error(ErrorCode::usage, "not_before is after not_after", "not_before");
        }
        validity.not_before = *before;
    }
    return validity;
}

Result<Output> answer_expiry(const Query& query, const ExternalEnvironment& environment)
{
    if (auto known = check_keys(query, expiry_keys()); !known) {
        return known.error();
    }
    auto inputs = declared_inputs_of(query, environment, false, "expiration_notification");
    if (!inputs) {
        return inputs.error();
    }
    auto validity = validity_of(query, inputs->policy, true);
    if (!validity) {
        return validity.error();
    }
    const std::string name = value_of(query, "name").value_or("");
    if (auto valid = check_display_text(name, "name", 255); !valid) {
        return valid.error();
    }
    const Evaluation evaluation = evaluate(*validity, inputs->policy, inputs->now);
    Output output;
    output["name"] = name;
    output["not_before"] = validity->not_before ? format_rfc3339(*validity->not_before) : "";
    output["not_after"] = format_rfc3339(validity->not_after);
    put_evaluation(output, evaluation, inputs->policy, inputs->now);
    if (auto lifecycle =
            put_lifecycle(output, inputs->status, inputs->toggle, evaluation, inputs->policy, std::nullopt);
        !lifecycle) {
        return lifecycle.error();
    }
    return output;
}

} // namespace certgate::app::external_kind
