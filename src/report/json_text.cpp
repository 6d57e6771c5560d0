#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstring>

namespace certgate::report::detail {

namespace {

// Printable ASCII other than the quote and the backslash: the bytes a JSON
// string literal holds as they are. Looked up a byte at a time only where a
// word of eight holds something else.
constexpr std::array<bool, 256> k_plain = [] {
    std::array<bool, 256> plain{};
    for (int byte = 0x20; byte <= 0x7E; ++byte) {
        plain[static_cast<std::size_t>(byte)] = byte != '"' && byte != '\\';
    }
    return plain;
}();

constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
constexpr std::uint64_t k_highs = 0x8080808080808080ULL;

// Whether one of the eight bytes of `word` is `byte` (exact: the borrow can
// only set a high bit where a byte was zero).
constexpr bool has_byte(std::uint64_t word, unsigned char byte)
{
    const std::uint64_t x = word ^ (k_ones * byte);
    return ((x - k_ones) & ~x & k_highs) != 0;
}

// How many bytes of `value`, from the start, are plain: eight at a time
// while no byte of the word is a control byte, DEL, non-ASCII, a quote or a
// backslash, then one at a time.
std::size_t plain_prefix(std::string_view value)
{
    std::size_t i = 0;
    for (; i + 8 <= value.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, value.data() + i, 8);
        const bool below_space = ((word - k_ones * 0x20) & ~word & k_highs) != 0;
        if (below_space || (word & k_highs) != 0 || has_byte(word, 0x7F) || has_byte(word, '"') ||
            has_byte(word, '\\')) {
            break;
        }
    }
    while (i < value.size() && k_plain[static_cast<unsigned char>(value[i])]) {
        ++i;
    }
    return i;
}

// Makes `out` longer by `count` bytes and returns where they start, so that a
// short piece is written with one size change instead of one per character.
char* grow(std::string& out, std::size_t count)
{
    const std::size_t at = out.size();
    out.resize(at + count);
    return out.data() + at;
}

} // namespace

void append_json_string(std::string& out, std::string_view value)
{
    if (plain_prefix(value) == value.size()) {
        char* at = grow(out, value.size() + 2);
        *at = '"';
        std::memcpy(at + 1, value.data(), value.size());
        at[value.size() + 1] = '"';
        return;
    }
    const std::size_t start = out.size();
    out += '"';
    std::size_t run = 0; // the first byte not yet copied
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto byte = static_cast<unsigned char>(value[i]);
        if (byte < 0x20 || byte > 0x7E) {
            // Control characters and non-ASCII text (rare in certificates)
            // take nlohmann's own escaping and UTF-8 replacement, so the
            // bytes cannot differ from a dumped document.
            out.resize(start);
            out += nlohmann::json(std::string(value)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            return;
        }
        if (byte == '"' || byte == '\\') {
            out.append(value.data() + run, i - run);
            out += '\\';
            run = i; // the quote or backslash itself starts the next run
        }
    }
    out.append(value.data() + run, value.size() - run);
    out += '"';
}

namespace {

// Where `"key": "placeholder"` starts a line of the dumped text. Only tokens
// of the document's own structure start lines (a string never holds a raw
// newline, and its quotes are escaped), so a user value that spells the
// placeholder is never taken for it.
std::size_t member_line(const std::string& text, std::string_view key)
{
    std::string member;
    append_json_string(member, key);
    member += ": ";
    append_json_string(member, k_items_placeholder);
    for (std::size_t at = text.find(member); at != std::string::npos; at = text.find(member, at + 1)) {
        const std::size_t line_start = text.find_last_not_of(' ', at - 1);
        if (at == 0 || (line_start != std::string::npos && text[line_start] == '\n')) {
            return at;
        }
    }
    return std::string::npos;
}

} // namespace

namespace {

// `[`, the items one a line at `depth`, `]`: as dump(2) prints an array that
// is not empty. The text gathered so far goes to `sink` whenever it reaches
// k_sink_piece bytes.
void write_items(std::string& out, int depth, std::size_t count, const AppendItem& append_item, const Sink& sink)
{
    if (count == 0) {
        out += "[]";
        return;
    }
    out += '[';
    for (std::size_t i = 0; i < count; ++i) {
        out += i == 0 ? "\n" : ",\n";
        out.append(2 * static_cast<std::size_t>(depth + 1), ' ');
        append_item(out, i, depth + 1);
        if (out.size() >= k_sink_piece) {
            sink(out);
            out.clear();
        }
    }
    out += '\n';
    out.append(2 * static_cast<std::size_t>(depth), ' ');
    out += ']';
}

} // namespace

void dump_with_items(const nlohmann::ordered_json& document, std::string_view key, std::size_t count,
                     const AppendItem& append_item, const Sink& sink)
{
    const std::string text = document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    const std::size_t at = member_line(text, key);
    if (at == std::string::npos) {
        sink(text); // no such member: nothing to put in
        return;
    }
    const std::size_t line_start = text.rfind('\n', at) + 1; // npos + 1 == 0 on the first line
    const int depth = static_cast<int>(at - line_start) / 2;
    std::string value;
    append_json_string(value, k_items_placeholder);
    const std::size_t value_at = text.find(value, at + key.size() + 2);
    std::string out = text.substr(0, value_at);
    out.reserve(k_sink_piece + k_sink_piece / 4);
    write_items(out, depth, count, append_item, sink);
    out.append(text, value_at + value.size());
    sink(out);
}

std::string dump_with_items(const nlohmann::ordered_json& document, std::string_view key, std::size_t count,
                            const AppendItem& append_item)
{
    return collect([&](const Sink& sink) { dump_with_items(document, key, count, append_item, sink); });
}

void dump_items(std::size_t count, const AppendItem& append_item, const Sink& sink)
{
    std::string out;
    out.reserve(k_sink_piece + k_sink_piece / 4);
    write_items(out, 0, count, append_item, sink);
    out += '\n';
    sink(out);
}

void append_dumped(std::string& out, const nlohmann::ordered_json& item, int depth)
{
    const std::string text = item.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string indent(2 * static_cast<std::size_t>(depth), ' ');
    // JSON strings hold no raw newline, so every newline starts a line.
    std::size_t from = 0;
    for (std::size_t newline = text.find('\n'); newline != std::string::npos; newline = text.find('\n', from)) {
        out.append(text, from, newline + 1 - from);
        out += indent;
        from = newline + 1;
    }
    out.append(text, from);
}

void JsonText::newline_indent(int depth)
{
    char* at = grow(m_out, 1 + 2 * static_cast<std::size_t>(depth));
    *at = '\n';
    std::memset(at + 1, ' ', 2 * static_cast<std::size_t>(depth));
}

void JsonText::member(std::string_view key)
{
    const bool first = m_empty.back();
    m_empty.back() = false;
    const std::size_t indent = 2 * static_cast<std::size_t>(m_depth + static_cast<int>(m_empty.size()));
    if (plain_prefix(key) != key.size()) {
        if (!first) {
            m_out += ',';
        }
        newline_indent(static_cast<int>(indent / 2));
        append_json_string(m_out, key);
        m_out += ": ";
        return;
    }
    // `,` `\n` indent `"key": ` in one piece: the keys are the writers' own
    // names, plain ASCII.
    const std::size_t comma = first ? 0 : 1;
    char* at = grow(m_out, comma + 1 + indent + key.size() + 4);
    if (comma != 0) {
        *at++ = ',';
    }
    *at++ = '\n';
    std::memset(at, ' ', indent);
    at += indent;
    *at++ = '"';
    std::memcpy(at, key.data(), key.size());
    at += key.size();
    at[0] = '"';
    at[1] = ':';
    at[2] = ' ';
}

void JsonText::begin_object()
{
    m_out += '{';
    m_empty.push_back(true);
}

void JsonText::begin_object(std::string_view key)
{
    member(key);
    begin_object();
}

void JsonText::end_object()
{
    const bool empty = m_empty.back();
    m_empty.pop_back();
    if (!empty) {
        newline_indent(m_depth + static_cast<int>(m_empty.size()));
    }
    m_out += '}';
}

void JsonText::field(std::string_view key, std::nullptr_t)
{
    member(key);
    m_out += "null";
}

void JsonText::field(std::string_view key, std::string_view value)
{
    member(key);
    append_json_string(m_out, value);
}

void JsonText::field(std::string_view key, bool value)
{
    member(key);
    m_out += value ? "true" : "false";
}

void JsonText::field(std::string_view key, const std::vector<std::string>& values)
{
    member(key);
    if (values.empty()) {
        m_out += "[]";
        return;
    }
    m_out += '[';
    const int depth = m_depth + static_cast<int>(m_empty.size()) + 1;
    bool first = true;
    for (const std::string& value : values) {
        if (!first) {
            m_out += ',';
        }
        first = false;
        newline_indent(depth);
        append_json_string(m_out, value);
    }
    newline_indent(depth - 1);
    m_out += ']';
}

} // namespace certgate::report::detail
