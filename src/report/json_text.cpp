#include "json_text.hpp"

#include <nlohmann/json.hpp>

namespace certgate::report::detail {

void append_json_string(std::string& out, std::string_view value)
{
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

std::string dump_with_items(const nlohmann::ordered_json& document, std::string_view key, std::size_t count,
                            const AppendItem& append_item)
{
    std::string text = document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    const std::size_t at = member_line(text, key);
    if (at == std::string::npos) {
        return text; // no such member: nothing to put in
    }
    const std::size_t line_start = text.rfind('\n', at) + 1; // npos + 1 == 0 on the first line
    const int depth = static_cast<int>(at - line_start) / 2;
    std::string value;
    append_json_string(value, k_items_placeholder);
    const std::size_t value_at = text.find(value, at + key.size() + 2);
    std::string out = text.substr(0, value_at);
    if (count == 0) {
        out += "[]";
    } else {
        out += '[';
        for (std::size_t i = 0; i < count; ++i) {
            out += i == 0 ? "\n" : ",\n";
            out.append(2 * static_cast<std::size_t>(depth + 1), ' ');
            append_item(out, i, depth + 1);
        }
        out += '\n';
        out.append(2 * static_cast<std::size_t>(depth), ' ');
        out += ']';
    }
    out.append(text, value_at + value.size());
    return out;
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
    m_out += '\n';
    m_out.append(2 * static_cast<std::size_t>(depth), ' ');
}

void JsonText::member(std::string_view key)
{
    if (!m_empty.back()) {
        m_out += ',';
    }
    m_empty.back() = false;
    newline_indent(m_depth + static_cast<int>(m_empty.size()));
    append_json_string(m_out, key);
    m_out += ": ";
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
