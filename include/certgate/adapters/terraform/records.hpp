#pragma once
// The one reader of Terraform JSON (`terraform show -json` of a plan or a
// state) and the typed records it yields. `check`, `notify`, `status`,
// `recipients` and `huaweicloud sync` all read Terraform JSON through it, so
// they agree on what a document holds by construction.

#include "certgate/core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::terraform {

/// Limits that keep a hostile or huge document from costing unbounded memory.
/// Memory is bounded by `max_string_bytes` plus `max_depth` times a small
/// constant: keys longer than k_max_kept_key_bytes are not kept whole.
struct ReadLimits {
    std::size_t max_depth = 512;                        ///< nesting of objects and arrays
    std::size_t max_string_bytes = 16ULL * 1024 * 1024; ///< one JSON string (or run without one), as written
    std::size_t read_chunk_bytes = 1024 * 1024;         ///< how much input is read, and held, at once
};

/// Object keys longer than this are never kept whole (no key certgate looks
/// for is that long); in attribute paths they appear shortened (see
/// docs/terraform.md).
inline constexpr std::size_t k_max_kept_key_bytes = 256;

/// Which `terraform show -json` output a document is.
enum class DocumentKind { plan, state };

/// Facts about the document read, besides its records.
struct DocumentSummary {
    DocumentKind kind = DocumentKind::state;
    std::string format_version;
    std::string terraform_version;   ///< "" when absent
    bool errored = false;            ///< a plan Terraform could not finish ("errored": true)
    std::size_t resources = 0;       ///< resource instances in planned_values (plan) or values (state)
    std::size_t prior_resources = 0; ///< resource instances in prior_state
    std::size_t resource_changes = 0;
    std::size_t child_modules = 0; ///< child module nodes, at any depth, in any values section
    std::uint64_t bytes = 0;       ///< bytes read
};

/// Where in the document a resource instance was seen.
enum class Section {
    planned_values,  ///< a plan's planned_values
    prior_state,     ///< a plan's prior_state.values
    state_values,    ///< a state's values
    resource_change, ///< a plan's resource_changes[*].change.after
};

/// A certgate-external data source: a `data "external"` whose `program`
/// names certgate-external (see is_certgate_external_program).
struct ExternalDataSource {
    std::string kind; ///< the program argument after certgate-external ("certificate", …); "" when none
    /// The query; a key whose value is not a string maps to nullopt (null
    /// values are absent). Keys longer than k_max_kept_key_bytes are dropped.
    std::map<std::string, std::optional<std::string>> query;
    /// The result; nullopt while it is not known (a read deferred to apply).
    /// Only string values are kept.
    std::optional<std::map<std::string, std::string>> result;
};

/// One top-level attribute value of a certgate provider instance, typed as
/// the JSON has it (the provider's attributes are typed, not all strings).
struct ProviderValue {
    enum class Kind {
        null,        ///< JSON null: an attribute not set
        string,      ///< `text`
        number,      ///< `text`, as written in the document ("30", "1.5e3")
        boolean,     ///< `boolean`
        string_list, ///< a JSON array of strings: `items`
        other,       ///< an object, an array holding anything but strings, or a value over the bounds below
    };
    Kind kind = Kind::null;
    std::string text;
    bool boolean = false;
    std::vector<std::string> items;
};

/// Bounds of a ProviderInstance: past them a value reads as Kind::other (an
/// attribute past the count is dropped). What is kept is at most what the
/// document holds, and at most k_max_provider_instance_bytes per instance.
inline constexpr std::size_t k_max_provider_attributes = 1000;
inline constexpr std::size_t k_max_provider_value_bytes = 64 * 1024; ///< one string or list item
inline constexpr std::size_t k_max_provider_list_items = 1000;
inline constexpr std::size_t k_max_provider_instance_bytes = 1024 * 1024; ///< strings and items together

/// An instance of terraform-provider-certgate (see
/// is_certgate_provider_instance): its top-level attributes, from `values`
/// (or a resource change's `after`). Attributes absent from the document
/// (a plan's values known only after apply) are absent here.
struct ProviderInstance {
    std::map<std::string, ProviderValue> attributes;
};

/// A timestamp-like attribute value of an instance (kept when its path
/// matches a row of timestamp_table(); whether it applies to the instance's
/// type is the consumer's decision).
struct TimestampValue {
    std::string attribute;
    std::string value;
};

/// One resource instance as read, with every record it holds except
/// certificate text (which RecordSink::certificate_text receives as it is
/// read, so that it need not be held).
struct InstanceRecord {
    Section section = Section::planned_values;
    std::string address;
    std::string mode; ///< "managed" or "data"
    std::string type;
    bool deposed = false;              ///< a resource change of a deposed object
    std::size_t certificate_texts = 0; ///< how many certificate_text calls belonged to it
    std::vector<TimestampValue> timestamps;
    std::optional<ExternalDataSource> external; ///< set for certgate-external data sources only
    std::optional<ProviderInstance> provider;   ///< set for certgate provider instances only
    std::vector<std::string>
        sensitive_paths;                    ///< `true` leaves of sensitive_values / after_sensitive / before_sensitive
    bool too_many_sensitive_paths = false;  ///< then the whole instance counts as sensitive
    std::vector<std::string> unknown_paths; ///< `true` leaves of after_unknown that could matter to certgate
};

/// Receives the records of a document in document order.
class RecordSink {
public:
    virtual ~RecordSink() = default;
    /// PEM text holding "-----BEGIN CERTIFICATE-----" found at `attribute` (a
    /// path in Terraform syntax, "chain[0].pem") of the instance being read;
    /// the instance's address and type follow with instance().
    virtual void certificate_text(const std::string& attribute, std::string_view text)
    {
        (void)attribute;
        (void)text;
    }
    /// One resource instance, finished.
    virtual void instance(InstanceRecord&& record) = 0;
};

/// The one rule for what a certgate-external data source is: the first
/// element of `program` whose file name (after the last '/' or '\\') is
/// exactly "certgate-external"; the next element is the kind. Returns the
/// index of that element, or nullopt.
[[nodiscard]] std::optional<std::size_t> certgate_external_index(std::span<const std::string> program);

/// The one rule for what an instance of the certgate provider is: its
/// `provider_name` ends in "/certgate/certgate" (any registry host:
/// "registry.opentofu.org/certgate/certgate", "registry.terraform.io/…") and
/// its type is certgate_certificate, certgate_recipient or
/// certgate_notification (the types that declare; certgate_expiry does not).
[[nodiscard]] bool is_certgate_provider_instance(std::string_view provider_name, std::string_view type);

/// Reads one plan or state document from `in` without building it in memory
/// and hands every resource instance to `sink`. `path` names the input in
/// errors ("-" for stdin). Fails with ErrorCode::input on malformed or
/// truncated JSON (with the byte offset) and on JSON that is not Terraform's
/// ("not Terraform JSON: …"), and with ErrorCode::limit when nesting or a
/// string exceeds `limits`. Error messages never quote the document's values.
[[nodiscard]] Result<DocumentSummary> read_records(std::istream& in, const std::string& path, RecordSink& sink,
                                                   const ReadLimits& limits = {});

/// The certgate-external data sources of a document, one per address: the
/// first of state `values`, plan `planned_values` and plan `prior_state`
/// that knows its result (resource changes are not declarations). Sorted by
/// document order of the instance chosen.
[[nodiscard]] Result<std::vector<InstanceRecord>> read_external_data_sources(std::istream& in, const std::string& path,
                                                                             const ReadLimits& limits = {});

/// What declarations (`notify`, `status`, `serve`, `recipients`) are read
/// from: the certgate-external data sources as read_external_data_sources
/// gives them, and the certgate provider instances of state `values` and of
/// a plan's `prior_state` (the applied state; planned values and resource
/// changes are not declarations yet), the first per address. Sorted by
/// document order of the instance chosen.
[[nodiscard]] Result<std::vector<InstanceRecord>> read_declaration_sources(std::istream& in, const std::string& path,
                                                                           const ReadLimits& limits = {});

} // namespace certgate::terraform
