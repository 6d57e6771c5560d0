#include "fields.hpp"

#include "certgate/adapters/tfjson/value_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace certgate::app::provider {

namespace {

Field input(std::string name, tv::TypePtr type, std::string description)
{
    return make_field(std::move(name), std::move(type), Role::input, std::move(description));
}

// Numbers as Terraform writes them in text: integers without a fraction,
// others in the shortest form that reads back the same.
std::string number_text(double number)
{
    if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) < 1e15) {
        return std::to_string(static_cast<long long>(number));
    }
    std::array<char, 32> buffer{};
    const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    return std::string(buffer.data(), written.ptr);
}

tv::Value result_value(const Field& field, const std::string& text)
{
    if (text.empty()) {
        return tv::null_value();
    }
    switch (field.type->kind) {
    case tv::TypeKind::string:
        return tv::string_value(text);
    case tv::TypeKind::boolean:
        return tv::bool_value(text == "true");
    case tv::TypeKind::number: {
        double number = 0;
        const auto read = std::from_chars(text.data(), text.data() + text.size(), number);
        return read.ec == std::errc() ? tv::number_value(number) : tv::null_value();
    }
    default: {
        // Lists and objects come JSON-encoded (for jsondecode() in HCL).
        auto decoded = tfjson::value_from_json(text, field.type);
        return decoded ? std::move(decoded).value() : tv::null_value();
    }
    }
}

std::string first_clause(const std::string& message)
{
    const auto end = message.find("; ");
    return end == std::string::npos ? message : message.substr(0, end);
}

} // namespace

Field make_field(std::string name, tv::TypePtr type, Role role, std::string description, std::string key)
{
    Field field;
    field.name = std::move(name);
    field.type = std::move(type);
    field.role = role;
    field.description = std::move(description);
    field.key = std::move(key);
    return field;
}

tv::Schema Kind::schema() const
{
    tv::Schema schema;
    schema.version = version;
    schema.description = description;
    for (const Field& field : fields) {
        tv::Attribute attribute;
        attribute.name = field.name;
        attribute.type = field.type;
        attribute.description = field.description;
        attribute.required = field.required;
        attribute.optional = field.role != Role::computed && !field.required;
        attribute.computed = field.role != Role::input;
        attribute.sensitive = field.sensitive;
        schema.attributes.push_back(std::move(attribute));
    }
    std::sort(schema.attributes.begin(), schema.attributes.end(),
              [](const tv::Attribute& left, const tv::Attribute& right) { return left.name < right.name; });
    return schema;
}

const Field* Kind::field(std::string_view name) const
{
    const auto found = std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return f.name == name; });
    return found == fields.end() ? nullptr : &*found;
}

std::vector<Field> policy_fields(Role zone_role)
{
    const auto strings = tv::list_of(tv::string_type());
    std::vector<Field> fields{
        make_field("timezone", tv::string_type(), zone_role,
                   "Policy time zone: UTC, an IANA name (Asia/Shanghai) or a fixed offset (+08:00). Default UTC."),
        input("milestones", strings,
              "Notification milestones before the expiry date: Nd, Nw, Nmo. Default "
              "[\"2mo\", \"1mo\", \"1w\", \"3d\", \"1d\", \"0d\"]."),
        input("console_reminder_days", tv::number_type(),
              "Days before expiry from which issued and hosting certificates get a console reminder. Default 30."),
        input("renewal_window_working_days", tv::number_type(),
              "The renewal window opens this many working days before expiry. Default 10."),
        input("minimum_lead_working_days", tv::number_type(),
              "Renewing later than this many working days before expiry is too late (critical). Default 3."),
        input("weekend", strings, "Weekend days (mon ... sun). Default [\"sat\", \"sun\"]."),
        input("holidays", strings, "Holiday dates (YYYY-MM-DD)."),
        input("holidays_file", tv::string_type(),
              "Path of a holiday file (one date per line, or iCalendar .ics), relative to the configuration."),
        input("extra_working_days", strings, "Dates (YYYY-MM-DD) that are working days whatever their weekday."),
        input("extra_working_days_file", tv::string_type(), "Path of a file of extra working days."),
        make_field(
            "fail_on", tv::string_type(), zone_role,
            "The lowest severity that fails the gate: ok, notice, warning, renew, critical, expired. Default renew."),
        input("renew_after_lifetime_percent", tv::number_type(),
              "Also inside the renewal window once this share (0 < p < 100) of the lifetime has passed."),
        input("policy_file", tv::string_type(),
              "Path of a JSON policy file (schemas/policy.schema.json); the settings here override it."),
        make_field("now", tv::string_type(), zone_role,
                   "The instant to evaluate at: RFC 3339 or a date (00:00 in the policy time zone). Default: the "
                   "provider's now, else CERTGATE_NOW, else the clock."),
    };
    return fields;
}

std::string query_text_of(const tv::Value& value, std::string& problem)
{
    switch (value.kind) {
    case tv::ValueKind::string:
        return value.string;
    case tv::ValueKind::number:
        return number_text(value.number);
    case tv::ValueKind::boolean:
        return value.boolean ? "true" : "false";
    case tv::ValueKind::list:
    case tv::ValueKind::set: {
        std::string text;
        for (std::size_t i = 0; i < value.items.size(); ++i) {
            const tv::Value& item = value.items[i];
            if (item.kind != tv::ValueKind::string) {
                problem = "item " + std::to_string(i + 1) + " is not a string";
                return "";
            }
            if (item.string.find(',') != std::string::npos) {
                problem = "item " + std::to_string(i + 1) + " holds a comma; give one value per item";
                return "";
            }
            text += (i == 0 ? "" : ",") + item.string;
        }
        if (value.items.empty()) {
            problem = "empty list; leave the attribute out for the default";
        }
        return text;
    }
    default:
        problem = "expected a string, a number, a boolean or a list of strings";
        return "";
    }
}

bool add_inputs(const Kind& kind, const tv::Value& config, external::StringMap& query, tv::Diagnostics& diagnostics)
{
    bool sent = true;
    for (const Field& field : kind.fields) {
        if (!field.is_input() || field.key == "-") {
            continue;
        }
        const tv::Value* value = tv::find_field(config, field.name);
        if (value == nullptr || value->kind == tv::ValueKind::null) {
            continue;
        }
        std::string problem;
        std::string text = query_text_of(*value, problem);
        if (!problem.empty()) {
            diagnostics.push_back({tv::Severity::error, "Invalid " + field.name, field.name + ": " + problem,
                                   tv::attribute_path(field.name)});
            sent = false;
            continue;
        }
        query[field.external_key()] = std::move(text);
    }
    return sent;
}

namespace {

// The state of `kind`: configured inputs as given, the rest from `computed`.
template <typename Computed> tv::Value state_with(const Kind& kind, const tv::Value& config, Computed computed)
{
    std::vector<std::pair<std::string, tv::Value>> fields;
    for (const Field& field : kind.fields) {
        const tv::Value* configured = tv::find_field(config, field.name);
        const bool given = configured != nullptr && configured->kind != tv::ValueKind::null;
        if (field.role == Role::input || (field.role == Role::input_or_computed && given)) {
            fields.emplace_back(field.name, given ? *configured : tv::null_value());
        } else {
            fields.emplace_back(field.name, computed(field));
        }
    }
    return tv::object_value(std::move(fields));
}

} // namespace

tv::Value state_of(const Kind& kind, const tv::Value& config, const external::StringMap& result)
{
    return state_with(kind, config, [&result](const Field& field) {
        const auto found = field.is_output() ? result.find(field.external_key()) : result.end();
        return found == result.end() ? tv::null_value() : result_value(field, found->second);
    });
}

tv::Value unknown_state_of(const Kind& kind, const tv::Value& config)
{
    return state_with(kind, config, [](const Field&) { return tv::unknown_value(); });
}

std::optional<external::StringMap> query_of(const Kind& kind, const tv::Value& config,
                                            const external::StringMap& provider_settings, tv::Diagnostics& diagnostics)
{
    external::StringMap own;
    if (!add_inputs(kind, config, own, diagnostics)) {
        return std::nullopt;
    }
    external::StringMap query = provider_settings;
    for (auto& [key, value] : own) {
        query[key] = std::move(value);
    }
    return query;
}

tv::Value null_object(const Kind& kind)
{
    std::vector<std::pair<std::string, tv::Value>> fields;
    for (const Field& field : kind.fields) {
        fields.emplace_back(field.name, tv::null_value());
    }
    return tv::object_value(std::move(fields));
}

void set_field(tv::Value& object, const std::string& name, tv::Value value)
{
    for (auto& [key, field] : object.fields) {
        if (key == name) {
            field = std::move(value);
            return;
        }
    }
    object.fields.emplace_back(name, std::move(value));
    std::sort(object.fields.begin(), object.fields.end(),
              [](const auto& left, const auto& right) { return left.first < right.first; });
}

std::string text_field(const tv::Value& object, std::string_view name)
{
    const tv::Value* value = tv::find_field(object, name);
    return value != nullptr && value->kind == tv::ValueKind::string ? value->string : std::string();
}

bool is_set(const tv::Value& object, std::string_view name)
{
    const tv::Value* value = tv::find_field(object, name);
    return value != nullptr && value->kind != tv::ValueKind::null;
}

tv::Diagnostic diagnostic_of(const Error& error, const Kind& kind, const tv::Value& config,
                             const external::StringMap& provider_settings)
{
    tv::Diagnostic diagnostic;
    diagnostic.severity = tv::Severity::error;
    diagnostic.summary = first_clause(error.message);
    const Field* field = kind.field(error.where);
    if (field != nullptr && field->is_input() && is_set(config, field->name)) {
        diagnostic.attribute = tv::attribute_path(field->name);
        diagnostic.detail = kind.type_name + ": " + error.where + ": " + error.message;
    } else if (provider_settings.contains(error.where)) {
        // A setting of the provider block (a policy default) this type did not override.
        diagnostic.detail = kind.type_name + ": the provider's " + error.where + ": " + error.message;
    } else if (!error.where.empty() && error.where != "query") {
        diagnostic.detail = kind.type_name + ": " + error.where + ": " + error.message;
    } else {
        diagnostic.detail = kind.type_name + ": " + error.message;
    }
    return diagnostic;
}

} // namespace certgate::app::provider
