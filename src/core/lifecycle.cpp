#include "certgate/core/lifecycle.hpp"
#include "certgate/core/enum_names.hpp"

#include <string>

namespace certgate {

namespace {

constexpr std::array<EnumName<CertificateStatus>, 4> k_statuses{{
    {CertificateStatus::issued, "issued"},
    {CertificateStatus::hosting, "hosting"},
    {CertificateStatus::uploaded, "uploaded"},
    {CertificateStatus::expired, "expired"},
}};
static_assert(lists_in_order(k_statuses));

} // namespace

std::string_view to_string(CertificateStatus status)
{
    return name_of(k_statuses, status);
}

Result<CertificateStatus> parse_status(std::string_view text, bool allow_expired)
{
    // "expired" only where the caller allows it; elsewhere it follows from the dates.
    if (const auto status = value_named(k_statuses, text);
        status && (allow_expired || *status != CertificateStatus::expired)) {
        return *status;
    }
    return make_error(ErrorCode::usage, "invalid status \"" + std::string(text.substr(0, 32)) +
                                            "\", expected one of: issued, hosting, uploaded" +
                                            (allow_expired ? ", expired" : ""));
}

CertificateStatus effective_status(CertificateStatus declared, const Evaluation& evaluation)
{
    return evaluation.expired ? CertificateStatus::expired : declared;
}

bool console_reminder_due(CertificateStatus declared, const Evaluation& evaluation, const Policy& policy)
{
    const bool console_status = declared == CertificateStatus::issued || declared == CertificateStatus::hosting;
    return console_status && !evaluation.expired && evaluation.days_remaining <= policy.console_reminder_days;
}

bool has_notification_toggle(CertificateStatus effective)
{
    return effective == CertificateStatus::issued || effective == CertificateStatus::hosting ||
           effective == CertificateStatus::expired;
}

Result<ToggleState> resolve_toggle(const ToggleRequest& request, const Evaluation& evaluation)
{
    const CertificateStatus effective = effective_status(request.declared, evaluation);
    if (request.declared == CertificateStatus::uploaded && !evaluation.expired) {
        if (request.declared_enabled == false) {
            return make_error(ErrorCode::usage,
                              "an uploaded certificate has no expiration-notification toggle and is always "
                              "notified; remove expiration_notification or declare status issued or hosting",
                              "expiration_notification");
        }
        return ToggleState{true, false};
    }
    ToggleState state{request.declared_enabled.value_or(true), false};
    if (effective == CertificateStatus::expired) {
        state.locked = true;
        if (request.value_at_expiry && request.declared_enabled &&
            *request.declared_enabled != *request.value_at_expiry) {
            return make_error(ErrorCode::usage,
                              std::string("the certificate has expired, so its expiration-notification toggle can no "
                                          "longer change; it was ") +
                                  (*request.value_at_expiry ? "true" : "false") +
                                  " when it expired: declare that value",
                              "expiration_notification");
        }
        if (request.value_at_expiry) {
            state.enabled = *request.value_at_expiry;
        }
    }
    return state;
}

bool message_notifications_apply(CertificateStatus declared, const ToggleState& toggle)
{
    switch (declared) {
    case CertificateStatus::uploaded:
        return true;
    case CertificateStatus::issued:
        return toggle.enabled;
    case CertificateStatus::hosting:
    case CertificateStatus::expired:
        return false;
    }
    return false;
}

} // namespace certgate
