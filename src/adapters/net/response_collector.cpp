#include "certgate/adapters/net/response_collector.hpp"

#include <algorithm>

namespace certgate::net {

namespace {

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

bool ResponseCollector::count(std::size_t size)
{
    if (size > m_cap - std::min(m_cap, m_received)) {
        m_over_cap = true;
    }
    m_received += size;
    return !m_over_cap;
}

bool ResponseCollector::header_line(std::string_view line)
{
    if (!count(line.size())) {
        return false;
    }
    if (line.rfind("HTTP/", 0) == 0) {
        m_headers.clear(); // a 100 Continue block ends; the real answer's headers follow
        return true;
    }
    const auto colon = line.find(':');
    const std::string_view name = colon == std::string_view::npos ? std::string_view{} : trim(line.substr(0, colon));
    if (name.empty()) {
        return true; // the blank line ending the block, or a line that is no header
    }
    m_headers.emplace_back(std::string(name), std::string(trim(line.substr(colon + 1))));
    return true;
}

bool ResponseCollector::body_bytes(std::string_view bytes)
{
    if (!count(bytes.size())) {
        return false;
    }
    m_body.append(bytes);
    return true;
}

} // namespace certgate::net
