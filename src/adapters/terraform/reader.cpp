// The one streaming reader of Terraform JSON: a SAX state machine that knows
// where resource instances live in plans and states and turns each into an
// InstanceRecord.

#include "certgate/adapters/terraform/records.hpp"

#include "attribute_path.hpp"
#include "guarded_stream.hpp"

#include "certgate/adapters/terraform/certificate_resources.hpp"
#include "certgate/core/enum_names.hpp"
#include "certgate/core/json_syntax.hpp"
#include "certgate/core/sha256.hpp"

#include <rapidjson/error/error.h>
#include <rapidjson/reader.h>
#include <rapidjson/stream.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <new>
#include <optional>
#include <set>

// The cursor is cheap to copy: let RapidJSON keep a copy in registers.
template <> struct rapidjson::StreamTraits<certgate::terraform::detail::GuardedCursor> {
    enum { copyOptimization = 1 };
};

// RapidJSON copies a string's plain bytes one Peek/Take/Put at a time (about
// 40 instructions a byte through the cursor) unless the reader has a bulk
// copy for the stream: its own are for in-memory streams only. This is one
// for the cursor: the bytes up to the next quote, backslash or control byte
// of the current chunk, pushed onto the parser's stack at once. Each chunk
// ends in a '\0', which stops the scan; the cursor moves to the next chunk as
// Take() would. What the parser does with the byte it stops at is unchanged.
template <>
template <>
inline void rapidjson::Reader::ScanCopyUnescapedString(certgate::terraform::detail::GuardedCursor& is,
                                                       StackStream<char>& os)
{
    constexpr std::uint64_t ones = 0x0101010101010101U;
    constexpr std::uint64_t highs = 0x8080808080808080U;
    const auto has_zero_byte = [](std::uint64_t word) { return ((word - ones) & ~word & highs) != 0; };
    const char* const from = is.current;
    const char* at = from;
    // Eight bytes at a time while none is a quote, a backslash or below 0x20
    // (exact tests: a word with none of them is never flagged), then one at a time.
    while (is.end - at >= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, at, 8);
        if (has_zero_byte(word ^ (ones * '"')) || has_zero_byte(word ^ (ones * '\\')) ||
            ((word - ones * 0x20) & ~word & highs) != 0) {
            break;
        }
        at += 8;
    }
    for (;;) {
        const auto byte = static_cast<unsigned char>(*at);
        if (byte == '"' || byte == '\\' || byte < 0x20) {
            break;
        }
        ++at;
    }
    if (at == from) {
        return;
    }
    const auto count = static_cast<rapidjson::SizeType>(at - from);
    std::memcpy(os.Push(count), from, count);
    is.current = at;
    if (at == is.end) {
        is.stream->refill(is);
    }
}

namespace certgate::terraform {
namespace {

// What a value in the document is to the reader.
enum class Slot {
    top,
    state_object,    // prior_state
    values_repr,     // planned_values, prior_state.values, values
    module,          // root_module or a child module
    module_list,     // child_modules
    resource_list,   // resources
    resource,        // one resource instance of a values representation
    change_list,     // resource_changes
    change_entry,    // one resource change
    change,          // its "change" object
    attributes,      // values / after, at any depth
    sensitive_marks, // sensitive_values / after_sensitive / before_sensitive
    unknown_marks,   // after_unknown
    skip,
};

bool expects_object(Slot slot)
{
    return slot == Slot::state_object || slot == Slot::values_repr || slot == Slot::module || slot == Slot::resource ||
           slot == Slot::change_entry || slot == Slot::change;
}

bool expects_array(Slot slot)
{
    return slot == Slot::module_list || slot == Slot::resource_list || slot == Slot::change_list;
}

bool in_tree(Slot slot)
{
    return slot == Slot::attributes || slot == Slot::sensitive_marks || slot == Slot::unknown_marks;
}

std::string pointer_token(std::string_view key)
{
    std::string token;
    for (const char c : key) {
        if (c == '~') {
            token += "~0";
        } else if (c == '/') {
            token += "~1";
        } else {
            token += c;
        }
    }
    return token;
}

const char* json_kind(std::string_view event)
{
    if (event == "object") {
        return "an object";
    }
    if (event == "array") {
        return "an array";
    }
    if (event == "string") {
        return "a string";
    }
    if (event == "number") {
        return "a number";
    }
    if (event == "boolean") {
        return "a boolean";
    }
    return "null";
}

constexpr std::string_view k_begin_certificate = "-----BEGIN CERTIFICATE-----";
constexpr std::size_t k_max_marked_paths = 1000;
constexpr std::size_t k_max_timestamp_bytes = 128;
constexpr std::size_t k_max_external_value_bytes = 64 * 1024;
constexpr std::size_t k_max_external_keys = 1000;
constexpr std::size_t k_max_program_elements = 64;
constexpr std::size_t k_max_program_element_bytes = 4096;

// The top-level attribute of a certgate-external data source a value is in.
enum class Field { other, program, query, result };

Field field_of(std::string_view key)
{
    if (key == "program") {
        return Field::program;
    }
    if (key == "query") {
        return Field::query;
    }
    return key == "result" ? Field::result : Field::other;
}

// A key too long to keep stands in paths as its first bytes and a hash, so
// that distinct long keys stay distinct while memory stays bounded.
std::string kept_key(std::string_view key)
{
    if (key.size() <= k_max_kept_key_bytes) {
        return std::string(key);
    }
    return std::string(key.substr(0, 32)) + "..." + sha256_hex(key).substr(0, 16);
}

// The top-level attributes of an instance that may be a certgate provider
// instance (is_certgate_provider_instance); whether it is one is known once
// its type and provider_name are. Terraform writes both before the values,
// so other types cost nothing; an instance whose type comes later is
// collected (bounded) and dropped at its end.
struct ProviderParts {
    bool wanted = true; // false once the type is known not to be one of the provider's
    std::string provider_name;
    std::map<std::string, ProviderValue> attributes;
    std::size_t bytes = 0; // text kept so far (k_max_provider_instance_bytes)
};

constexpr std::size_t k_max_provider_name_bytes = 1024;

bool is_provider_type(std::string_view type)
{
    return type == "certgate_certificate" || type == "certgate_recipient" || type == "certgate_notification";
}

struct Frame {
    Slot slot = Slot::skip;
    bool array = false;
    bool key_shortened = false; // `key` is kept_key() of a longer key
    Field field = Field::other; // in an attribute tree: the top-level attribute
    std::uint32_t tree_depth = 0;
    std::size_t next_index = 0;
    std::string key;
    std::size_t path_length = 0;
};

// What an instance's attributes hold that may make it a certgate-external
// data source; whether it is one is known once its type is.
struct ExternalParts {
    std::vector<std::string> program;
    std::map<std::string, std::optional<std::string>> query;
    std::optional<std::map<std::string, std::string>> result;
};

// RapidJSON's SAX handler. Strings arrive as views into the parser's own
// buffer, valid during the call only: what is kept is copied.
class Reader final {
public:
    Reader(const ReadLimits& limits, const detail::GuardedCursor& cursor, RecordSink& sink)
        : m_limits(limits), m_cursor(cursor), m_sink(sink)
    {
    }

    bool Null()
    {
        if (!scalar("null")) {
            return false;
        }
        if (current_slot() == Slot::attributes) {
            observe_provider(ProviderValue::Kind::null);
        }
        advance();
        return true;
    }
    bool Bool(bool value)
    {
        if (!scalar("boolean")) {
            return false;
        }
        const Slot slot = current_slot();
        if (value && (slot == Slot::sensitive_marks || slot == Slot::unknown_marks)) {
            with_value_path([&] {
                if (slot == Slot::sensitive_marks) {
                    observe_sensitive();
                } else {
                    observe_unknown();
                }
            });
        } else if (slot == Slot::attributes) {
            observe_non_string();
            observe_provider(ProviderValue::Kind::boolean, {}, value);
        } else if (!m_frames.empty() && m_frames.back().slot == Slot::top && parent_key() == "errored") {
            m_summary.errored = value;
        }
        advance();
        return true;
    }
    // Numbers arrive as text (kParseNumbersAsStringsFlag): none is converted.
    bool RawNumber(const char* text, rapidjson::SizeType length, bool) { return number({text, length}); }
    bool Int(int) { return number(); }
    bool Uint(unsigned) { return number(); }
    bool Int64(std::int64_t) { return number(); }
    bool Uint64(std::uint64_t) { return number(); }
    bool Double(double) { return number(); }

    bool String(const char* text, rapidjson::SizeType length, bool)
    {
        const std::string_view value(text, length);
        if (!scalar("string")) {
            return false;
        }
        const Slot parent = m_frames.empty() ? Slot::skip : m_frames.back().slot;
        const std::string& key = parent_key();
        switch (current_slot()) {
        case Slot::attributes:
            observe_string(value);
            observe_provider(ProviderValue::Kind::string, value);
            break;
        case Slot::skip:
            if (parent == Slot::top) {
                if (key == "format_version") {
                    m_format_version = value;
                } else if (key == "terraform_version") {
                    m_summary.terraform_version = value;
                }
            } else if (parent == Slot::resource || parent == Slot::change_entry) {
                if (key == "address") {
                    m_record.address = value;
                } else if (key == "mode") {
                    m_record.mode = value;
                } else if (key == "type") {
                    m_record.type = value;
                    m_provider.wanted = is_provider_type(value);
                } else if (key == "provider_name" && value.size() <= k_max_provider_name_bytes) {
                    m_provider.provider_name = value;
                } else if (key == "deposed" && parent == Slot::change_entry) {
                    m_record.deposed = true;
                }
            }
            break;
        default:
            break;
        }
        advance();
        return true;
    }

    bool StartObject() { return open(false); }
    bool StartArray() { return open(true); }

    bool Key(const char* text, rapidjson::SizeType length, bool)
    {
        const std::string_view value(text, length);
        Frame& frame = m_frames.back();
        frame.key_shortened = value.size() > k_max_kept_key_bytes;
        if (frame.key_shortened) {
            frame.key = kept_key(value);
        } else {
            frame.key.assign(value);
        }
        if (frame.slot == Slot::top) {
            note_top_key(frame.key);
        }
        return true;
    }

    bool EndObject(rapidjson::SizeType) { return close(); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    // What happened, once parsing stopped.
    [[nodiscard]] const std::optional<Error>& failure() const { return m_failure; }

    // Checks that the document was Terraform's and returns its summary.
    [[nodiscard]] Result<DocumentSummary> finish(const std::string& path)
    {
        if (!m_format_version) {
            return make_error(ErrorCode::input,
                              "not Terraform JSON: no \"format_version\" key, expected the output of "
                              "terraform show -json (a plan or a state)",
                              path);
        }
        const std::string& version = *m_format_version;
        const std::size_t dot = version.find('.');
        const bool numeric = dot != std::string::npos && dot > 0 && dot + 1 < version.size() &&
                             version.find_first_not_of("0123456789.") == std::string::npos &&
                             version.find('.', dot + 1) == std::string::npos;
        if (!numeric) {
            return make_error(ErrorCode::input,
                              "not Terraform JSON: \"format_version\" is not a version such as \"1.2\"", path);
        }
        if (version.substr(0, dot) != "0" && version.substr(0, dot) != "1") {
            return make_error(ErrorCode::input,
                              "unsupported Terraform JSON format_version \"" + version +
                                  "\", expected 0.x or 1.x (this certgate reads plans and states of Terraform "
                                  "0.12 up to 1.x)",
                              path);
        }
        if (!m_plan_keys && !m_state_keys && m_other_keys) {
            // Only the empty state is a bare {"format_version": "1.0"}.
            return make_error(ErrorCode::input,
                              "not Terraform JSON: \"format_version\" without any key of a plan or a state "
                              "(\"planned_values\", \"resource_changes\", \"values\", …)",
                              path);
        }
        DocumentSummary summary = m_summary;
        summary.format_version = version;
        summary.kind = m_plan_keys ? DocumentKind::plan : DocumentKind::state;
        summary.bytes = m_cursor.Tell();
        return summary;
    }

private:
    [[nodiscard]] const std::string& parent_key() const
    {
        static const std::string k_none;
        return m_frames.empty() || m_frames.back().array ? k_none : m_frames.back().key;
    }

    // The slot of the value now starting, from its container and key.
    [[nodiscard]] Slot current_slot() const
    {
        if (m_frames.empty()) {
            return Slot::top;
        }
        const Frame& parent = m_frames.back();
        const std::string& key = parent.key;
        switch (parent.slot) {
        case Slot::top:
            if (key == "planned_values" || key == "values") {
                return Slot::values_repr;
            }
            if (key == "prior_state") {
                return Slot::state_object;
            }
            if (key == "resource_changes") {
                return Slot::change_list;
            }
            return Slot::skip;
        case Slot::state_object:
            return key == "values" ? Slot::values_repr : Slot::skip;
        case Slot::values_repr:
            return key == "root_module" ? Slot::module : Slot::skip;
        case Slot::module:
            if (key == "resources") {
                return Slot::resource_list;
            }
            return key == "child_modules" ? Slot::module_list : Slot::skip;
        case Slot::module_list:
            return Slot::module;
        case Slot::resource_list:
            return Slot::resource;
        case Slot::resource:
            if (key == "values") {
                return Slot::attributes;
            }
            return key == "sensitive_values" ? Slot::sensitive_marks : Slot::skip;
        case Slot::change_list:
            return Slot::change_entry;
        case Slot::change_entry:
            return key == "change" ? Slot::change : Slot::skip;
        case Slot::change:
            if (key == "after") {
                return Slot::attributes;
            }
            if (key == "after_unknown") {
                return Slot::unknown_marks;
            }
            if (key == "after_sensitive" || key == "before_sensitive") {
                return Slot::sensitive_marks;
            }
            return Slot::skip;
        case Slot::attributes:
        case Slot::sensitive_marks:
        case Slot::unknown_marks:
            return parent.slot;
        case Slot::skip:
            return Slot::skip;
        }
        return Slot::skip;
    }

    // The container of the value now starting, when it is a top-level
    // attribute (depth 1) of an attribute tree, and that attribute.
    [[nodiscard]] std::optional<Field> external_field() const
    {
        if (m_frames.empty()) {
            return std::nullopt;
        }
        const Frame& parent = m_frames.back();
        if (parent.slot != Slot::attributes || parent.tree_depth != 1 || parent.field == Field::other) {
            return std::nullopt;
        }
        return parent.field;
    }

    // A value of `query` or `result` that is not a string, or a `program`
    // element that is not one.
    void observe_non_string()
    {
        const auto field = external_field();
        if (!field) {
            return;
        }
        const Frame& parent = m_frames.back();
        if (*field == Field::query && !parent.array && !parent.key_shortened &&
            m_external.query.size() < k_max_external_keys) {
            m_external.query[parent.key] = std::nullopt;
        } else if (*field == Field::program && parent.array && m_external.program.size() < k_max_program_elements) {
            m_external.program.emplace_back();
        }
    }

    void observe_string(std::string_view value)
    {
        if (const auto field = external_field()) {
            const Frame& parent = m_frames.back();
            if (*field == Field::program && parent.array) {
                if (m_external.program.size() < k_max_program_elements) {
                    m_external.program.emplace_back(value.size() <= k_max_program_element_bytes ? value
                                                                                                : std::string_view());
                }
            } else if (*field == Field::query && !parent.array && !parent.key_shortened &&
                       m_external.query.size() < k_max_external_keys) {
                m_external.query[parent.key] =
                    value.size() <= k_max_external_value_bytes ? std::optional<std::string>(value) : std::nullopt;
            } else if (*field == Field::result && !parent.array && !parent.key_shortened && m_external.result &&
                       m_external.result->size() < k_max_external_keys && value.size() <= k_max_external_value_bytes) {
                (*m_external.result)[parent.key] = std::string(value);
            }
        }
        const bool certificate = value.find(k_begin_certificate) != std::string::npos;
        const bool timestamp_sized = value.size() <= k_max_timestamp_bytes;
        if (!certificate && !timestamp_sized) {
            return;
        }
        with_value_path([&] {
            if (certificate) {
                ++m_record.certificate_texts;
                m_sink.certificate_text(m_path, value);
            } else if (is_timestamp_attribute_path(m_path)) {
                m_record.timestamps.push_back({m_path, std::string(value)});
            }
        });
    }

    void observe_sensitive()
    {
        if (m_record.sensitive_paths.size() >= k_max_marked_paths) {
            m_record.too_many_sensitive_paths = true;
            return;
        }
        m_record.sensitive_paths.push_back(m_path);
    }

    void observe_unknown()
    {
        if (m_record.unknown_paths.size() >= k_max_marked_paths) {
            return;
        }
        if (m_path.empty() || m_path == "result" || is_pem_attribute_name(detail::last_key(m_path)) ||
            is_timestamp_attribute_path(m_path)) {
            m_record.unknown_paths.push_back(m_path);
        }
    }

    // Runs `action` with m_path set to the path of the value now starting.
    template <typename Action> void with_value_path(const Action& action)
    {
        const std::size_t saved = m_path.size();
        append_step();
        action();
        m_path.resize(saved);
    }

    void append_step()
    {
        if (m_frames.empty() || !in_tree(m_frames.back().slot)) {
            return; // the root of an attribute tree has the empty path
        }
        const Frame& parent = m_frames.back();
        if (parent.array) {
            detail::append_index(m_path, parent.next_index);
        } else {
            detail::append_key(m_path, parent.key);
        }
    }

    void advance()
    {
        if (!m_frames.empty() && m_frames.back().array) {
            ++m_frames.back().next_index;
        }
    }

    [[nodiscard]] std::string pointer() const
    {
        std::string text;
        for (const Frame& frame : m_frames) {
            text += '/';
            text += frame.array ? std::to_string(frame.next_index) : pointer_token(frame.key);
        }
        return text;
    }

    bool fail(Error error)
    {
        m_failure = std::move(error);
        return false;
    }

    bool mismatch(Slot slot, std::string_view event)
    {
        if (m_frames.empty()) {
            return fail(make_error(ErrorCode::input, std::string("not Terraform JSON: the document is ") +
                                                         json_kind(event) +
                                                         ", expected an object with \"format_version\" (the "
                                                         "output of terraform show -json)"));
        }
        return fail(make_error(ErrorCode::input, "not Terraform JSON: " + pointer() + " is " + json_kind(event) +
                                                     ", expected " + (expects_array(slot) ? "an array" : "an object")));
    }

    bool number(std::string_view text = {})
    {
        if (!scalar("number")) {
            return false;
        }
        if (current_slot() == Slot::attributes) {
            observe_non_string();
            observe_provider(ProviderValue::Kind::number, text);
        }
        advance();
        return true;
    }

    // Type checks for a scalar value; null stands for an absent value.
    bool scalar(std::string_view event)
    {
        const Slot slot = current_slot();
        if (slot == Slot::top || ((expects_object(slot) || expects_array(slot)) && event != "null")) {
            return mismatch(slot, event);
        }
        return true;
    }

    bool open(bool array)
    {
        const Slot slot = current_slot();
        if ((array && (expects_object(slot) || slot == Slot::top)) || (!array && expects_array(slot))) {
            return mismatch(slot, array ? "array" : "object");
        }
        if (m_frames.size() >= m_limits.max_depth) {
            // RapidJSON calls StartObject/StartArray before it takes the
            // bracket, so Tell() is the bracket's offset.
            return fail(make_error(ErrorCode::limit, "JSON nested deeper than the limit of " +
                                                         std::to_string(m_limits.max_depth) +
                                                         " levels at byte offset " + std::to_string(m_cursor.Tell())));
        }
        Frame frame;
        frame.slot = slot;
        frame.array = array;
        frame.path_length = m_path.size();
        if (in_tree(slot)) {
            const Frame& parent = m_frames.back();
            if (in_tree(parent.slot)) {
                frame.tree_depth = parent.tree_depth + 1;
                frame.field = parent.tree_depth == 0 && !parent.array && !parent.key_shortened ? field_of(parent.key)
                                                                                               : parent.field;
            }
            if (slot == Slot::attributes) {
                open_attribute_container(array);
            }
            append_step();
        }
        if (slot == Slot::values_repr) {
            m_section = m_frames.size() == 1 && m_frames.back().key == "planned_values" ? Section::planned_values
                        : m_frames.back().slot == Slot::state_object                    ? Section::prior_state
                                                                                        : Section::state_values;
        } else if (slot == Slot::resource || slot == Slot::change_entry) {
            m_record = InstanceRecord{};
            m_record.section = slot == Slot::resource ? m_section : Section::resource_change;
            m_external = ExternalParts{};
            m_provider = ProviderParts{};
        } else if (slot == Slot::module && m_frames.back().slot == Slot::module_list) {
            ++m_summary.child_modules;
        }
        m_frames.push_back(std::move(frame));
        return true;
    }

    // An object or array starting in an attribute tree: `result` known, or a
    // query value that is not a string.
    void open_attribute_container(bool array)
    {
        const Frame& parent = m_frames.back();
        if (parent.slot == Slot::attributes && parent.tree_depth == 0 && !parent.array && !array &&
            parent.key == "result") {
            m_external.result.emplace();
        } else if (external_field()) {
            observe_non_string();
        }
        observe_provider(array ? ProviderValue::Kind::string_list : ProviderValue::Kind::other);
    }

    // A value starting in an attribute tree, for the certgate provider
    // record: a top-level attribute, or an item of a top-level list (a list
    // holding anything but strings, or too much, becomes Kind::other).
    void observe_provider(ProviderValue::Kind kind, std::string_view text = {}, bool boolean = false)
    {
        if (!m_provider.wanted || m_frames.empty() || m_frames.back().slot != Slot::attributes) {
            return;
        }
        const Frame& parent = m_frames.back();
        if (parent.tree_depth == 0) {
            if (parent.array || parent.key_shortened) {
                return;
            }
            auto found = m_provider.attributes.find(parent.key);
            if (found == m_provider.attributes.end()) {
                if (m_provider.attributes.size() >= k_max_provider_attributes) {
                    return;
                }
                found = m_provider.attributes.emplace(parent.key, ProviderValue{}).first;
            }
            ProviderValue value;
            value.kind = kind;
            value.boolean = boolean;
            if (kind == ProviderValue::Kind::string || kind == ProviderValue::Kind::number) {
                if (keep_provider_bytes(text.size())) {
                    value.text = text;
                } else {
                    value.kind = ProviderValue::Kind::other;
                }
            }
            found->second = std::move(value);
            return;
        }
        if (parent.tree_depth != 1 || !parent.array) {
            return;
        }
        const Frame& owner = m_frames[m_frames.size() - 2]; // the tree's root: depth 1 has one
        if (owner.array || owner.key_shortened) {
            return;
        }
        const auto found = m_provider.attributes.find(owner.key);
        if (found == m_provider.attributes.end() || found->second.kind != ProviderValue::Kind::string_list) {
            return;
        }
        ProviderValue& list = found->second;
        if (kind != ProviderValue::Kind::string || list.items.size() >= k_max_provider_list_items ||
            !keep_provider_bytes(text.size())) {
            list = ProviderValue{};
            list.kind = ProviderValue::Kind::other;
            return;
        }
        list.items.emplace_back(text);
    }

    bool keep_provider_bytes(std::size_t size)
    {
        if (size > k_max_provider_value_bytes || size > k_max_provider_instance_bytes - m_provider.bytes) {
            return false;
        }
        m_provider.bytes += size;
        return true;
    }

    bool close()
    {
        const Frame frame = std::move(m_frames.back());
        m_frames.pop_back();
        m_path.resize(frame.path_length);
        if (frame.slot == Slot::resource || frame.slot == Slot::change_entry) {
            if (frame.slot == Slot::change_entry) {
                ++m_summary.resource_changes;
            } else if (m_record.section == Section::prior_state) {
                ++m_summary.prior_resources;
            } else {
                ++m_summary.resources;
            }
            finish_instance();
        }
        advance();
        return true;
    }

    void finish_instance()
    {
        if (m_record.type == "external" && m_record.mode == "data") {
            if (const auto at = certgate_external_index(m_external.program)) {
                ExternalDataSource external;
                if (*at + 1 < m_external.program.size()) {
                    external.kind = m_external.program[*at + 1];
                }
                external.query = std::move(m_external.query);
                external.result = std::move(m_external.result);
                m_record.external = std::move(external);
            }
        }
        if (m_provider.wanted && is_certgate_provider_instance(m_provider.provider_name, m_record.type)) {
            m_record.provider = ProviderInstance{std::move(m_provider.attributes)};
        }
        m_sink.instance(std::move(m_record));
        m_record = InstanceRecord{};
        m_external = ExternalParts{};
        m_provider = ProviderParts{};
    }

    void note_top_key(const std::string& key)
    {
        static constexpr std::array<std::string_view, 11> k_plan_keys{
            "planned_values", "resource_changes", "prior_state",         "resource_drift",
            "output_changes", "configuration",    "relevant_attributes", "errored",
            "applyable",      "complete",         "deferred_changes"};
        for (const std::string_view plan_key : k_plan_keys) {
            if (key == plan_key) {
                m_plan_keys = true;
            }
        }
        if (key == "format_version") {
            m_format_version = std::string(); // a non-string value fails the version check
        } else if (key == "values" || key == "terraform_version") {
            m_state_keys = true;
        } else {
            m_other_keys = true;
        }
    }

    const ReadLimits& m_limits;
    const detail::GuardedCursor& m_cursor;
    RecordSink& m_sink;
    std::vector<Frame> m_frames;
    std::string m_path;
    InstanceRecord m_record;
    ExternalParts m_external;
    ProviderParts m_provider;
    Section m_section = Section::planned_values;
    DocumentSummary m_summary;
    std::optional<std::string> m_format_version;
    bool m_plan_keys = false;
    bool m_state_keys = false;
    bool m_other_keys = false;
    std::optional<Error> m_failure;
};

// Keeps the certgate-external data sources, one per address, by section;
// with `provider_instances`, also the certgate provider instances of the
// applied state (state values, a plan's prior state), the first per address.
class ExternalSink final : public RecordSink {
public:
    explicit ExternalSink(bool provider_instances = false) : m_provider_instances(provider_instances) {}

    void instance(InstanceRecord&& record) override
    {
        if (record.section == Section::resource_change) {
            return;
        }
        if (record.provider) {
            if (m_provider_instances && record.section != Section::planned_values &&
                m_provider_addresses.insert(record.address).second) {
                m_records.push_back(std::move(record));
            }
            return;
        }
        if (!record.external) {
            return;
        }
        const auto found = m_by_address.find(record.address);
        if (found == m_by_address.end()) {
            m_by_address.emplace(record.address, m_records.size());
            m_records.push_back(std::move(record));
            return;
        }
        InstanceRecord& kept = m_records[found->second];
        const bool kept_known = kept.external->result.has_value();
        const bool known = record.external->result.has_value();
        if ((known && !kept_known) || (known == kept_known && rank(record.section) < rank(kept.section))) {
            kept = std::move(record);
        }
    }

    [[nodiscard]] std::vector<InstanceRecord> take() { return std::move(m_records); }

private:
    // When a resource stands in several sections, the values of the first one
    // listed here are kept.
    static int rank(Section section)
    {
        constexpr std::array k_preferred{Section::state_values, Section::planned_values, Section::prior_state,
                                         Section::resource_change};
        return static_cast<int>(std::find(k_preferred.begin(), k_preferred.end(), section) - k_preferred.begin());
    }

    bool m_provider_instances = false;
    std::map<std::string, std::size_t> m_by_address;
    std::set<std::string> m_provider_addresses;
    std::vector<InstanceRecord> m_records;
};

// Iterative, so that nesting costs heap (bounded by ReadLimits::max_depth)
// rather than stack; numbers as text, since none is needed as a number and
// converting them would only cost time. UTF-8 is validated by the
// GuardedStream a chunk at a time (kParseValidateEncodingFlag would do it
// byte by byte).
constexpr unsigned k_parse_flags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;

constexpr std::string_view k_not_utf8 = "bytes that are not UTF-8";

// What RapidJSON found wrong, in words that never quote the document, by its
// code (0 … 17, in order); the codes that say nothing particular (none,
// termination, unspecific) say "syntax error".
constexpr std::array<EnumName<rapidjson::ParseErrorCode>, 18> k_syntax_reasons{{
    {rapidjson::kParseErrorNone, "syntax error"},
    {rapidjson::kParseErrorDocumentEmpty, "no JSON value"},
    {rapidjson::kParseErrorDocumentRootNotSingular, "more content after the end of the document"},
    {rapidjson::kParseErrorValueInvalid, "expected a JSON value"},
    {rapidjson::kParseErrorObjectMissName, "expected an object key in double quotes"},
    {rapidjson::kParseErrorObjectMissColon, "expected ':' after an object key"},
    {rapidjson::kParseErrorObjectMissCommaOrCurlyBracket, "expected ',' or '}' after an object member"},
    {rapidjson::kParseErrorArrayMissCommaOrSquareBracket, "expected ',' or ']' after an array element"},
    {rapidjson::kParseErrorStringUnicodeEscapeInvalidHex, "a \\u escape without four hexadecimal digits"},
    {rapidjson::kParseErrorStringUnicodeSurrogateInvalid, "a \\u escape with an unpaired UTF-16 surrogate"},
    {rapidjson::kParseErrorStringEscapeInvalid, "an invalid escape sequence in a string"},
    {rapidjson::kParseErrorStringMissQuotationMark, "a string without its closing quote"},
    {rapidjson::kParseErrorStringInvalidEncoding, "an unescaped control character in a string"},
    {rapidjson::kParseErrorNumberTooBig, "a number too large for a double"},
    {rapidjson::kParseErrorNumberMissFraction, "a number without digits after its decimal point"},
    {rapidjson::kParseErrorNumberMissExponent, "a number without digits in its exponent"},
    {rapidjson::kParseErrorTermination, "syntax error"},
    {rapidjson::kParseErrorUnspecificSyntaxError, "syntax error"},
}};
static_assert(lists_in_order(k_syntax_reasons));

std::string_view syntax_reason(rapidjson::ParseErrorCode code)
{
    const std::string_view reason = name_of(k_syntax_reasons, code);
    return reason.empty() ? "syntax error" : reason;
}

} // namespace

std::optional<std::size_t> certgate_external_index(std::span<const std::string> program)
{
    for (std::size_t i = 0; i < program.size(); ++i) {
        const std::string& element = program[i];
        const std::size_t slash = element.find_last_of("/\\");
        const std::string_view name =
            slash == std::string::npos ? std::string_view(element) : std::string_view(element).substr(slash + 1);
        if (name == "certgate-external") {
            return i;
        }
    }
    return std::nullopt;
}

bool is_certgate_provider_instance(std::string_view provider_name, std::string_view type)
{
    return provider_name.ends_with("/certgate/certgate") && is_provider_type(type);
}

Result<DocumentSummary> read_records(std::istream& in, const std::string& path, RecordSink& sink,
                                     const ReadLimits& limits)
{
    detail::GuardedStream stream(in, limits.max_string_bytes, limits.read_chunk_bytes);
    detail::GuardedCursor cursor = stream.cursor();
    Reader reader(limits, cursor, sink);
    rapidjson::Reader parser;
    rapidjson::ParseResult parsed;
    try {
        parsed = parser.Parse<k_parse_flags>(cursor, reader);
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::limit, "out of memory while reading the JSON", path);
    } catch (const std::exception&) {
        return make_error(ErrorCode::internal, "the JSON reader failed unexpectedly", path);
    }
    const std::uint64_t total = cursor.Tell();
    const bool exhausted = stream.exhausted(cursor);
    if (parsed.IsError()) {
        detail::GuardedCursor past = cursor;
        stream.complete_character(past);
    }
    // A cut input reads as ending there: what the parser said from where a
    // bound tripped on (even that the document was complete) is about the cut.
    const bool cut_short =
        stream.trip() != detail::GuardTrip::none && (!parsed.IsError() || parsed.Offset() >= stream.trip_offset());
    if (!parsed.IsError() && !cut_short) {
        return reader.finish(path);
    }
    if (reader.failure()) {
        Error error = *reader.failure();
        error.where = path;
        return error;
    }
    const std::string limit = std::to_string(limits.max_string_bytes);
    switch (cut_short ? stream.trip() : detail::GuardTrip::none) {
    case detail::GuardTrip::string_too_long:
        return make_error(ErrorCode::limit,
                          "a JSON string at byte offset " + std::to_string(stream.trip_offset()) +
                              " is longer than the limit of " + limit + " bytes",
                          path);
    case detail::GuardTrip::run_too_long:
        return make_error(ErrorCode::limit,
                          "more than " + limit + " bytes of JSON without a string or number, at byte offset " +
                              std::to_string(stream.trip_offset()),
                          path);
    case detail::GuardTrip::invalid_utf8:
        return make_error(ErrorCode::input, json_syntax_error(stream.position_of(stream.trip_offset()), k_not_utf8),
                          path);
    case detail::GuardTrip::none:
        break;
    }
    if (stream.source_failed()) {
        return make_error(ErrorCode::input, "could not read the input after byte offset " + std::to_string(total),
                          path);
    }
    if (total == 0) {
        return make_error(ErrorCode::input, "empty input, expected Terraform JSON", path);
    }
    if (exhausted && parsed.Offset() >= total) {
        return make_error(ErrorCode::input,
                          "truncated JSON: the input ends after " + std::to_string(total) +
                              " bytes, before the document is complete",
                          path);
    }
    return make_error(ErrorCode::input,
                      json_syntax_error(stream.position_of(parsed.Offset()), syntax_reason(parsed.Code())), path);
}

Result<std::vector<InstanceRecord>> read_external_data_sources(std::istream& in, const std::string& path,
                                                               const ReadLimits& limits)
{
    ExternalSink sink;
    auto summary = read_records(in, path, sink, limits);
    if (!summary) {
        return summary.error();
    }
    return sink.take();
}

Result<std::vector<InstanceRecord>> read_declaration_sources(std::istream& in, const std::string& path,
                                                             const ReadLimits& limits)
{
    ExternalSink sink(true);
    auto summary = read_records(in, path, sink, limits);
    if (!summary) {
        return summary.error();
    }
    return sink.take();
}

} // namespace certgate::terraform
