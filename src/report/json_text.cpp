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

void JsonText::newline_indent(int depth)
{
    m_out += '\n';
    m_out.append(static_cast<std::size_t>(2 * depth), ' ');
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
