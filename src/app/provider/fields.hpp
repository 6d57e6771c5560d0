#pragma once
// How a provider type's attributes map to certgate-external's query keys and
// result fields: one table per type, and the conversions between typed
// Terraform values and the external program's strings.

#include "certgate/adapters/external/protocol.hpp"
#include "certgate/core/terraform_value.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certgate::app::provider {

namespace tv = terraform_value;

/// What an attribute is for.
enum class Role {
    input,             ///< set in the configuration only (required or optional)
    input_or_computed, ///< optional; the result's value when not set
    computed,          ///< set by the provider only
};

/// One attribute of a provider type.
struct Field {
    std::string name;
    tv::TypePtr type;
    Role role = Role::input;
    std::string description;
    bool required = false;
    bool sensitive = false;
    /// The query key it becomes (inputs) and the result field it comes
    /// from (computed); "" = the attribute's name; "-" = none (the
    /// provider fills it itself).
    std::string key;

    [[nodiscard]] const std::string& external_key() const { return key.empty() ? name : key; }
    [[nodiscard]] bool is_input() const { return role != Role::computed; }
    [[nodiscard]] bool is_output() const { return role != Role::input && key != "-"; }
};

/// A field; `key` as in Field::key.
[[nodiscard]] Field make_field(std::string name, tv::TypePtr type, Role role, std::string description,
                               std::string key = {});

/// A resource or data source type and the external kind answering it.
struct Kind {
    std::string type_name;     ///< certgate_certificate
    std::string external_kind; ///< certificate
    std::string description;
    std::int64_t version = 0;
    std::vector<Field> fields;

    [[nodiscard]] tv::Schema schema() const;
    [[nodiscard]] const Field* field(std::string_view name) const;
};

/// The policy settings every evaluating type accepts (config::setting_names(),
/// policy_file and now), typed; `timezone`, `fail_on` and `now` with `role`.
[[nodiscard]] std::vector<Field> policy_fields(Role zone_role);

/// Adds the known, non-null inputs of `config` to `query` under their keys:
/// strings as they are, numbers as decimal text, booleans as "true"/"false",
/// lists comma-separated (an item holding a comma is an error at its index).
/// Returns false (with an error diagnostic) when an input cannot be sent.
[[nodiscard]] bool add_inputs(const Kind& kind, const tv::Value& config, external::StringMap& query,
                              tv::Diagnostics& diagnostics);

/// The query of `config`: `provider_settings` (the provider block's policy
/// defaults), each replaced by the attribute of the same key when set;
/// nullopt (with an error diagnostic) when an input cannot be sent.
[[nodiscard]] std::optional<external::StringMap> query_of(const Kind& kind, const tv::Value& config,
                                                          const external::StringMap& provider_settings,
                                                          tv::Diagnostics& diagnostics);

/// The state of `kind`: inputs as configured, `input_or_computed` ones as
/// configured or else from `result`, computed ones from `result` ("" is null;
/// numbers, booleans and JSON lists decoded by type). Fields whose key is
/// "-" are left null for the caller to fill.
[[nodiscard]] tv::Value state_of(const Kind& kind, const tv::Value& config, const external::StringMap& result);

/// The state when an input is unknown (a value only apply can produce):
/// inputs as configured, everything the provider would compute unknown.
[[nodiscard]] tv::Value unknown_state_of(const Kind& kind, const tv::Value& config);

/// An object of every attribute of `kind`, all null.
[[nodiscard]] tv::Value null_object(const Kind& kind);

/// Replaces (or adds) the attribute `name` of an object value.
void set_field(tv::Value& object, const std::string& name, tv::Value value);

/// The text of a string attribute, "" when null, unknown or absent.
[[nodiscard]] std::string text_field(const tv::Value& object, std::string_view name);

/// True when the attribute is set (neither null nor absent).
[[nodiscard]] bool is_set(const tv::Value& object, std::string_view name);

/// A diagnostic for an Error of the external kinds: pointing at the
/// attribute its `where` names when `config` sets it; otherwise saying where
/// the value came from (`provider_settings`: the provider block's query
/// keys; the store, CERTGATE_NOW).
[[nodiscard]] tv::Diagnostic diagnostic_of(const Error& error, const Kind& kind, const tv::Value& config,
                                           const external::StringMap& provider_settings);

/// `value` as query text (see add_inputs); "" with `problem` set on failure.
[[nodiscard]] std::string query_text_of(const tv::Value& value, std::string& problem);

} // namespace certgate::app::provider
