// certgate-external notification: a certificate's notification settings.

#include "certgate/adapters/external/json_values.hpp"
#include "certgate/app/external_recipient.hpp"
#include "external_kinds.hpp"

#include <algorithm>
#include <unordered_set>

namespace certgate::app::external_kind {

namespace {

using namespace external_support;

std::vector<std::string> notification_keys()
{
    // huaweicloud_certificate_id is read from the state by `certgate huaweicloud sync`.
    std::vector<std::string> keys{"certificate",
                                  "status",
                                  "enabled",
                                  "recipients",
                                  "not_after",
                                  "not_before",
                                  "not_after_timezone",
                                  "huaweicloud_certificate_id"};
    for (std::string& key : policy_keys()) {
        keys.push_back(std::move(key));
    }
    return keys;
}

// A SHA-256 fingerprint: 64 hex digits, in any case, optionally colon-separated
// (as `openssl x509 -fingerprint -sha256` prints it).
Result<std::string> certificate_id_of(const Query& query)
{
    const auto text = value_of(query, "certificate");
    if (!text) {
        return make_error(ErrorCode::usage,
                          "missing: give the certificate's id (the id output of a certgate certificate data source)",
                          "certificate");
    }
    std::string id;
    for (const char c : *text) {
        if (c == ':') {
            continue;
        }
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            id.clear();
            break;
        }
        id.push_back(c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (id.size() != 64) {
        return make_error(ErrorCode::usage,
                          "invalid certificate id; expected a SHA-256 fingerprint of 64 hex digits (the id output of "
                          "a certgate certificate data source)",
                          "certificate");
    }
    return id;
}

Result<std::vector<std::string>> recipients_of(const Query& query)
{
    const auto text = value_of(query, "recipients");
    if (!text || text->find_first_not_of(" \t") == std::string::npos) {
        return std::vector<std::string>{};
    }
    std::vector<std::string> ids;
    if (text->find_first_not_of(" \t") == text->find('[')) {
        auto decoded = external::decode_string_list(*text);
        if (!decoded) {
            return make_error(ErrorCode::usage, decoded.error().message, "recipients");
        }
        ids = *decoded;
    } else {
        auto split = split_list(*text, "recipients");
        if (!split) {
            return split.error();
        }
        ids = *split;
    }
    std::unordered_set<std::string> seen; // linear, however long the list
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!is_recipient_id(ids[i])) {
            return make_error(ErrorCode::usage,
                              "item " + std::to_string(i + 1) +
                                  " is not a recipient id; expected ids such as rcpt-0123456789abcdef (the id output "
                                  "of a certgate recipient data source)",
                              "recipients");
        }
        if (!seen.insert(ids[i]).second) {
            return make_error(ErrorCode::usage, "\"" + ids[i] + "\" is listed twice", "recipients");
        }
    }
    return ids;
}

} // namespace

Result<Output> answer_notification(const Query& query, const ExternalEnvironment& environment)
{
    if (auto known = check_keys(query, notification_keys()); !known) {
        return known.error();
    }
    auto certificate = certificate_id_of(query);
    if (!certificate) {
        return certificate.error();
    }
    auto inputs = declared_inputs_of(query, environment, true, "enabled");
    if (!inputs) {
        return inputs.error();
    }
    auto recipients = recipients_of(query);
    if (!recipients) {
        return recipients.error();
    }
    if (const auto cloud_id = value_of(query, "huaweicloud_certificate_id");
        cloud_id && (cloud_id->empty() || cloud_id->size() > 128 ||
                     cloud_id->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") !=
                         std::string::npos)) {
        return make_error(ErrorCode::usage,
                          "expected a Huawei Cloud certificate id such as scs1554192131150 (letters, digits, - and _)",
                          "huaweicloud_certificate_id");
    }

    // Without not_after the dates are unknown: only the declared status says
    // whether the certificate has expired.
    Evaluation evaluation;
    std::optional<Validity> validity;
    if (value_of(query, "not_after")) {
        auto read = validity_of(query, inputs->policy, true);
        if (!read) {
            return read.error();
        }
        validity = *read;
        evaluation = evaluate(*validity, inputs->policy, inputs->now);
    } else if (value_of(query, "not_before")) {
        return make_error(ErrorCode::usage, "not_before needs not_after", "not_before");
    }
    const bool declared_expired = inputs->status == CertificateStatus::expired;
    if (declared_expired && validity && !evaluation.expired) {
        return make_error(ErrorCode::usage,
                          "status is \"expired\" but not_after " + format_rfc3339(validity->not_after) +
                              " is not past; declare issued, hosting or uploaded",
                          "status");
    }
    evaluation.expired = evaluation.expired || declared_expired;
    // An expired certificate keeps its toggle; "issued" stands in for its
    // unknown former status (both have the toggle).
    const CertificateStatus declared = declared_expired ? CertificateStatus::issued : inputs->status;

    auto state = state_of(environment);
    if (!state) {
        return state.error();
    }
    std::optional<bool> value_at_expiry;
    if (*state && evaluation.expired) {
        auto recorded = (*state)->toggle_at_expiry(*certificate);
        if (!recorded) {
            return make_error(recorded.error().code, recorded.error().describe(), "CERTGATE_STORE");
        }
        value_at_expiry = *recorded;
    }
    auto toggle = resolve_toggle(ToggleRequest{declared, inputs->toggle, value_at_expiry}, evaluation);
    if (!toggle) {
        if (declared == CertificateStatus::uploaded) {
            return make_error(ErrorCode::usage,
                              "rule \"an uploaded certificate has no expiration-notification toggle: it is always "
                              "notified\"; remove enabled (or set it to \"true\"), or declare status issued or hosting",
                              "enabled");
        }
        return make_error(ErrorCode::usage,
                          "rule \"the expiration-notification toggle cannot be changed once a certificate has "
                          "expired\"; it was " +
                              text_of(value_at_expiry.value_or(true)) +
                              " when the certificate expired: set enabled to \"" +
                              text_of(value_at_expiry.value_or(true)) + "\"",
                          "enabled");
    }

    std::string unverified;
    if (*state) {
        std::vector<std::string> pending;
        for (const std::string& id : *recipients) {
            auto verified = (*state)->recipient_verified(id);
            if (!verified) {
                return make_error(verified.error().code, verified.error().describe(), "CERTGATE_STORE");
            }
            if (!*verified) {
                pending.push_back(id);
            }
        }
        unverified = external::encode_string_list(pending);
    }

    std::vector<std::string> labels;
    for (const Milestone& milestone : inputs->policy.milestones) {
        labels.push_back(milestone.label());
    }
    const CertificateStatus effective =
        declared_expired ? CertificateStatus::expired : effective_status(declared, evaluation);
    Output output;
    output["certificate"] = *certificate;
    output["status"] = std::string(to_string(inputs->status));
    output["effective_status"] = std::string(to_string(effective));
    output["enabled"] = text_of(toggle->enabled);
    output["toggle_locked"] = text_of(toggle->locked);
    output["notifications"] = text_of(!declared_expired && message_notifications_apply(declared, *toggle));
    output["recipients"] = external::encode_string_list(*recipients);
    output["unverified_recipients"] = unverified;
    output["milestones"] = external::encode_string_list(labels);
    output["timezone"] = inputs->policy.time_zone->name();
    output["not_after"] = validity ? format_rfc3339(validity->not_after) : "";
    output["schedule"] = validity ? schedule_json(evaluation.schedule) : "[]";
    output["next_milestone"] =
        validity && evaluation.next_milestone ? evaluation.next_milestone->milestone.label() : "";
    output["next_milestone_date"] =
        validity && evaluation.next_milestone ? format_date(evaluation.next_milestone->date) : "";
    return output;
}

} // namespace certgate::app::external_kind
