#pragma once
// Writes JSON text straight into a string, byte for byte as
// nlohmann::ordered_json::dump(2, ' ', false, replace) prints the same value:
// the JSON report streams its findings through it instead of building a JSON
// value per finding (issue 14: that cost more than decoding the certificate).

#include "certgate/report/formats.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace certgate::report::detail {

class JsonText {
public:
    /// `out` receives the text; `depth` is the nesting level of the value
    /// about to be written (its members are indented by 2 x (depth + 1)).
    JsonText(std::string& out, int depth) : m_out(out), m_depth(depth) {}

    void begin_object();
    void begin_object(std::string_view key);
    void end_object();

    void field(std::string_view key, std::nullptr_t);
    void field(std::string_view key, std::string_view value);
    void field(std::string_view key, const std::string& value) { field(key, std::string_view(value)); }
    void field(std::string_view key, const char* value) = delete;
    void field(std::string_view key, bool value);
    void field(std::string_view key, const std::vector<std::string>& values);
    template <typename Integer>
    requires(std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>) void field(std::string_view key,
                                                                                       Integer value)
    {
        member(key);
        char digits[24];
        const auto written = std::to_chars(std::begin(digits), std::end(digits), value);
        m_out.append(digits, written.ptr);
    }

private:
    void member(std::string_view key);
    void newline_indent(int depth);

    std::string& m_out;
    int m_depth;
    std::vector<bool> m_empty; ///< per open object: no member written yet
};

/// The string value a document holds where dump_with_items puts an array.
inline constexpr std::string_view k_items_placeholder = "@certgate-items@";

/// Appends item `index` of an array at `depth` (its first line not indented,
/// no final newline), as dump(2) of the item re-indented would print it.
using AppendItem = std::function<void(std::string& out, std::size_t index, int depth)>;

/// dump_json(document) with the member `key` whose value is the string
/// k_items_placeholder replaced by an array of `count` items written one at a
/// time, so that a report never holds every item as a JSON value at once.
/// The bytes are those of dumping the document with the array in place; they
/// go to `sink` in pieces of about k_sink_piece bytes as the items are written,
/// so that the whole text is never held either.
void dump_with_items(const nlohmann::ordered_json& document, std::string_view key, std::size_t count,
                     const AppendItem& append_item, const Sink& sink);

/// The same bytes as one string.
[[nodiscard]] std::string dump_with_items(const nlohmann::ordered_json& document, std::string_view key,
                                          std::size_t count, const AppendItem& append_item);

/// dump_json(array of `count` items) with the items written one at a time
/// (`[]` and a newline when there are none), handed to `sink` as they are.
void dump_items(std::size_t count, const AppendItem& append_item, const Sink& sink);

/// The bytes `write` hands to its sink, as one string.
template <typename Write> [[nodiscard]] std::string collect(const Write& write)
{
    std::string text;
    write([&text](std::string_view piece) { text += piece; });
    return text;
}

/// How many bytes a streaming writer gathers before handing them to its sink.
inline constexpr std::size_t k_sink_piece = 64 * 1024;

/// Appends dump(2) of `item` nested at `depth` (lines after the first indented
/// by 2 x depth), without its final newline.
void append_dumped(std::string& out, const nlohmann::ordered_json& item, int depth);

/// `value` as a JSON string literal, as nlohmann's dump escapes it (invalid
/// UTF-8 replaced by U+FFFD).
void append_json_string(std::string& out, std::string_view value);

} // namespace certgate::report::detail
