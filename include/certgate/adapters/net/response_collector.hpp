#pragma once
// Collects an HTTP answer from the pieces libcurl hands over (header lines,
// body chunks) under one byte cap. Pure and fuzzed
// (tests/fuzz/webhook_responses_fuzzer.cpp).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::net {

class ResponseCollector {
public:
    explicit ResponseCollector(std::size_t cap) : m_cap(cap) {}

    /// One header line as libcurl delivers it ("Name: value\r\n", or a
    /// status line, which starts a new header block after 1xx answers).
    /// False when the cap is passed: the transfer must stop.
    bool header_line(std::string_view line);
    /// A body chunk; false when the cap is passed.
    bool body_bytes(std::string_view bytes);

    [[nodiscard]] bool over_cap() const { return m_over_cap; }
    [[nodiscard]] std::size_t received() const { return m_received; }
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& headers() const { return m_headers; }
    [[nodiscard]] std::string take_body() { return std::move(m_body); }

private:
    bool count(std::size_t size);

    std::size_t m_cap;
    std::size_t m_received = 0;
    bool m_over_cap = false;
    std::vector<std::pair<std::string, std::string>> m_headers;
    std::string m_body;
};

} // namespace certgate::net
