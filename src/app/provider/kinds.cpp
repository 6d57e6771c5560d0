#include "kinds.hpp"

namespace certgate::app::provider {

namespace {

Kind make_kind(std::string type_name, std::string external_kind, std::string description)
{
    Kind kind;
    kind.type_name = std::move(type_name);
    kind.external_kind = std::move(external_kind);
    kind.description = std::move(description);
    return kind;
}

Field input(std::string name, tv::TypePtr type, std::string description)
{
    return make_field(std::move(name), std::move(type), Role::input, std::move(description));
}

Field required(std::string name, tv::TypePtr type, std::string description)
{
    Field field = input(std::move(name), std::move(type), std::move(description));
    field.required = true;
    return field;
}

Field secret(std::string name, std::string description)
{
    Field field = input(std::move(name), tv::string_type(), std::move(description));
    field.sensitive = true;
    return field;
}

Field either(std::string name, tv::TypePtr type, std::string description)
{
    return make_field(std::move(name), std::move(type), Role::input_or_computed, std::move(description));
}

Field computed(std::string name, tv::TypePtr type, std::string description, std::string key = {})
{
    return make_field(std::move(name), std::move(type), Role::computed, std::move(description), std::move(key));
}

tv::TypePtr milestone_dates()
{
    static const tv::TypePtr type =
        tv::list_of(tv::object_of({{"milestone", tv::string_type()}, {"date", tv::string_type()}}));
    return type;
}

void append(std::vector<Field>& fields, std::vector<Field> more)
{
    for (Field& field : more) {
        fields.push_back(std::move(field));
    }
}

// The fields of SPEC section 2 both evaluating data sources return.
std::vector<Field> evaluation_fields()
{
    const auto text = tv::string_type();
    const auto number = tv::number_type();
    const auto boolean = tv::bool_type();
    return {
        computed("today", text, "The date of now in the policy time zone."),
        computed("expiry_date", text, "The date of not_after in the policy time zone."),
        computed("expired", boolean, "True when now is after not_after."),
        computed("not_yet_valid", boolean, "True when now is before not_before."),
        computed("days_remaining", number, "expiry_date - today in calendar days (0 on the day, negative after)."),
        computed("seconds_remaining", number, "not_after - now in seconds (negative once expired)."),
        computed("working_days_remaining", number, "Working days d with today <= d < expiry_date."),
        computed("in_renewal_window", boolean, "True when not expired and inside the renewal window."),
        computed("renewal_window_start", text, "The date the renewal window opens."),
        computed("renew_by", text, "The last date on which renewing leaves minimum_lead_working_days."),
        computed("next_milestone", text, "The milestone with the earliest date >= today; null when none."),
        computed("next_milestone_date", text, "Its date."),
        computed("last_milestone", text, "The milestone with the latest date <= today; null when none."),
        computed("last_milestone_date", text, "Its date."),
        computed("severity", text, "ok, notice, warning, renew, critical or expired (SPEC section 2)."),
        computed("gate", text, "fail when severity is at or above fail_on, else pass."),
        computed("schedule", milestone_dates(), "The milestones that apply, in date order: {milestone, date}."),
        computed("effective_status", text, "The declared status, or expired once expired."),
        computed("console_reminder", boolean, "True when the console reminder is due (issued and hosting)."),
        computed("message_notifications", boolean,
                 "True when milestone messages go out (uploaded certificates; issued ones with the toggle on).",
                 "notifications"),
        computed("notifications", milestone_dates(),
                 "The milestone messages this certificate gets, {milestone, date} in date order: the schedule when "
                 "message_notifications is true, else empty.",
                 "-"),
        computed("toggle_locked", boolean, "True once the certificate has expired: the toggle can no longer change."),
        computed("finding", tv::object_of({{"severity", text}, {"gate", text}, {"message", text}}),
                 "What certgate check would report: severity, gate and the one-line message of the plan "
                 "diagnostic.",
                 "-"),
    };
}

std::vector<Field> declared_lifecycle_fields()
{
    return {
        either("name", tv::string_type(), "A display name; default the common name, first DNS name or subject."),
        either("status", tv::string_type(), "issued, hosting or uploaded (default)."),
        either("expiration_notification", tv::bool_type(),
               "The expiration-notification toggle (default true); an uploaded certificate has none, and the toggle "
               "of an expired certificate cannot change. The effective toggle when not set."),
    };
}

Kind make_provider_block()
{
    Kind kind = make_kind("certgate", "",
                          "certgate: certificate expiry as plan-time diagnostics, and notification recipients.");
    kind.fields = {
        input("store", tv::string_type(),
              "The notification store (an SQLite path or a postgresql:// URI). Default CERTGATE_STORE, else "
              "XDG_STATE_HOME/certgate/certgate.db."),
        input("gate_failures", tv::string_type(),
              "What a certificate at or above fail_on is in a plan: \"warning\" (default) or \"error\" (the plan "
              "fails)."),
    };
    append(kind.fields, policy_fields(Role::input));
    return kind;
}

// certgate_certificate and certgate_expiry: their own inputs, the declared
// lifecycle, the policy overrides, their own outputs, then the evaluation.
Kind make_evaluating_kind(Kind kind, std::vector<Field> inputs, std::vector<Field> outputs)
{
    kind.fields = std::move(inputs);
    append(kind.fields, declared_lifecycle_fields());
    append(kind.fields, policy_fields(Role::input_or_computed));
    append(kind.fields, std::move(outputs));
    append(kind.fields, evaluation_fields());
    return kind;
}

Kind make_certificate_kind()
{
    const auto text = tv::string_type();
    std::vector<Field> inputs{
        input("certificate", text, "PEM text of the certificate; a chain may follow the leaf."),
        input("certificate_file", text, "Path of a PEM or DER certificate file, relative to the configuration."),
        input("certificate_chain", text, "PEM text of the chain (intermediates)."),
        input("certificate_chain_file", text, "Path of a PEM chain file."),
        secret("private_key", "PEM private key; checked to match the certificate. Sensitive, but Terraform keeps "
                              "configured values in its state: prefer private_key_file."),
        input("private_key_file", text, "Path of a PEM private key file; checked to match."),
        secret("private_key_password", "Password of an encrypted private key."),
    };
    std::vector<Field> outputs{
        computed("id", text, "SHA-256 fingerprint of the DER certificate, 64 lowercase hex digits."),
        computed("fingerprint_sha256", text, "The same as id, under the JSON report's name."),
        computed("subject", text, "Subject, RFC 2253."),
        computed("issuer", text, "Issuer, RFC 2253."),
        computed("common_name", text, "The subject's common name; null when none."),
        computed("sans", tv::list_of(text), "Subject alternative names: [\"DNS:a.example.com\", ...]."),
        computed("serial", text, "Serial number, lowercase hex."),
        computed("not_before", text, "notBefore, RFC 3339 UTC."),
        computed("not_after", text, "notAfter, RFC 3339 UTC."),
        computed("key_type", text, "RSA, EC, Ed25519, ..."),
        computed("key_bits", tv::number_type(), "Key size in bits; null when unknown."),
        computed("signature_algorithm", text, "Signature algorithm, e.g. sha256WithRSAEncryption."),
        computed("self_signed", tv::bool_type(), "True when the certificate is self-signed."),
        computed("is_ca", tv::bool_type(), "True for a CA certificate."),
        computed("chain_length", tv::number_type(), "Certificates given in all (leaf, chain)."),
        computed("private_key_checked", tv::bool_type(), "True when a private key was given and matches."),
    };
    return make_evaluating_kind(
        make_kind("certgate_certificate", "certificate",
                  "A certificate's expiry, renewal dates and notification lifecycle (certgate-external certificate). "
                  "Plans show a warning from notice on, an error at or above fail_on with gate_failures = \"error\"."),
        std::move(inputs), std::move(outputs));
}

Kind make_expiry_kind()
{
    const auto text = tv::string_type();
    std::vector<Field> inputs{
        required("not_after", text,
                 "The expiry: RFC 3339, \"yyyy-MM-dd HH:mm:ss.S\" (read in not_after_timezone), a date, or epoch "
                 "seconds or milliseconds."),
        input("not_before", text, "The start of validity, same forms; short-lived certificates skip milestones."),
        input("not_after_timezone", text, "The zone of timestamps written without one; default the policy's."),
    };
    std::vector<Field> outputs{
        computed("not_after_rfc3339", text, "not_after as an instant, RFC 3339 UTC.", "not_after"),
        computed("not_before_rfc3339", text, "not_before as an instant, RFC 3339 UTC; null when not given.",
                 "not_before"),
    };
    return make_evaluating_kind(make_kind("certgate_expiry", "expiry",
                                          "The same evaluation from an expiry timestamp alone, as cloud certificate "
                                          "resources expose it (certgate-external expiry)."),
                                std::move(inputs), std::move(outputs));
}

Kind make_recipient_kind()
{
    Kind kind =
        make_kind("certgate_recipient", "recipient",
                  "A message recipient registered in the store. Create registers it pending; the next certgate notify "
                  "sends its verification code; verification shows here as a change of verification.");
    const auto text = tv::string_type();
    const auto strings = tv::list_of(text);
    kind.fields = {
        input("name", text, "Display name, at most 64 characters."),
        input("email", text, "E-mail address."),
        input("mobile", text, "Mobile number in E.164 with the country code (+8613800138000)."),
        either("channels", strings, "email, sms. Default: the channels of the contacts given."),
        either("categories", strings, "certificate-expiration (default), certificate-expired."),
        computed("id", text, "Stable id from the normalised contacts: rcpt- and 16 hex digits."),
        computed("normalised_email", text, "The e-mail address in lower case; null when none.", "email"),
        computed("normalised_mobile", text, "The E.164 number; null when none.", "mobile"),
        computed("verification", text, "pending or verified, as the store says."),
    };
    return kind;
}

Kind make_notification_kind()
{
    Kind kind =
        make_kind("certgate_notification", "notification",
                  "A certificate's expiration-notification toggle and recipients, with its milestone schedule. An "
                  "uploaded certificate has no toggle; an expired certificate's toggle cannot change.");
    const auto text = tv::string_type();
    kind.fields = {
        required("certificate", text, "The certificate's id (the id of a certgate_certificate data source)."),
        input("status", text, "issued, hosting, uploaded (default) or expired."),
        either("enabled", tv::bool_type(), "The expiration-notification toggle; default true."),
        input("recipients", tv::list_of(text), "Recipient ids (the id of certgate_recipient resources)."),
        input("not_after", text, "The certificate's expiry, for the schedule (same forms as certgate_expiry)."),
        input("not_before", text, "The start of validity (needs not_after)."),
        input("not_after_timezone", text, "The zone of timestamps written without one."),
        input("huaweicloud_certificate_id", text,
              "The certificate's id in Huawei Cloud Certificate Manager, for certgate huaweicloud sync."),
    };
    std::vector<Field> policy = policy_fields(Role::input);
    for (Field& field : policy) {
        if (field.name == "milestones") {
            field.role = Role::input_or_computed;
        }
    }
    append(kind.fields, std::move(policy));
    append(
        kind.fields,
        {
            computed("id", text, "The certificate id (one notification setting per certificate).", "certificate"),
            computed("effective_status", text, "The declared status, or expired once expired."),
            computed("toggle_locked", tv::bool_type(), "True once the certificate has expired."),
            computed("message_notifications", tv::bool_type(), "True when milestone messages go out.", "notifications"),
            computed("unverified_recipients", tv::list_of(text),
                     "Recipients that have not verified their contacts (from the store)."),
            computed("schedule", milestone_dates(), "{milestone, date} in date order; empty without not_after."),
            computed("next_milestone", text, "The next milestone; null when none or without not_after."),
            computed("next_milestone_date", text, "Its date."),
        });
    return kind;
}

// Each kind is made on first use and kept: schemas never change.
template <Kind (*make)()> const Kind& built_once()
{
    static const Kind kind = make();
    return kind;
}

} // namespace

const Kind& provider_block()
{
    return built_once<make_provider_block>();
}

const Kind& certificate_kind()
{
    return built_once<make_certificate_kind>();
}

const Kind& expiry_kind()
{
    return built_once<make_expiry_kind>();
}

const Kind& recipient_kind()
{
    return built_once<make_recipient_kind>();
}

const Kind& notification_kind()
{
    return built_once<make_notification_kind>();
}

} // namespace certgate::app::provider
