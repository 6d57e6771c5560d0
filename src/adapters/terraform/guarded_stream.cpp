#include "guarded_stream.hpp"

namespace certgate::terraform::detail {
namespace {

constexpr std::size_t k_chunk_bytes = 256 * 1024;

bool starts_number(char c)
{
    return (c >= '0' && c <= '9') || c == '-';
}

bool continues_number(char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

} // namespace

GuardedStreamBuffer::GuardedStreamBuffer(std::istream& source, std::size_t max_token_bytes)
    : m_source(source), m_max(max_token_bytes), m_buffer(k_chunk_bytes)
{
    setg(m_buffer.data(), m_buffer.data(), m_buffer.data());
}

std::uint64_t GuardedStreamBuffer::consumed() const
{
    return m_chunk_start + static_cast<std::uint64_t>(gptr() - eback());
}

GuardedStreamBuffer::int_type GuardedStreamBuffer::underflow()
{
    if (gptr() < egptr()) {
        return traits_type::to_int_type(*gptr());
    }
    if (m_trip != GuardTrip::none || m_source_ended) {
        return traits_type::eof();
    }
    m_chunk_start += static_cast<std::uint64_t>(egptr() - eback());
    m_source.read(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    auto count = static_cast<std::size_t>(m_source.gcount());
    if (count < m_buffer.size()) {
        m_source_ended = true;
        m_source_failed = m_source.bad();
    }
    for (std::size_t i = 0; i < count; ++i) {
        const char c = m_buffer[i];
        if (m_in_string) {
            if (m_escape) {
                m_escape = false;
            } else if (c == '\\') {
                m_escape = true;
            } else if (c == '"') {
                m_in_string = false;
                m_run = 0;
                continue;
            }
        } else if (c == '"') {
            m_in_string = true;
            m_in_number = false;
            m_run = 0;
            continue;
        } else if (m_in_number ? !continues_number(c) : starts_number(c)) {
            // The parser starts a fresh token at every number.
            m_in_number = !m_in_number;
            if (m_in_number) {
                m_run = 0;
            }
        }
        if (++m_run > m_max) {
            m_trip = m_in_string ? GuardTrip::string_too_long : GuardTrip::run_too_long;
            m_trip_offset = m_chunk_start + i;
            count = i;
            break;
        }
    }
    setg(m_buffer.data(), m_buffer.data(), m_buffer.data() + count);
    if (count == 0) {
        return traits_type::eof();
    }
    return traits_type::to_int_type(*gptr());
}

} // namespace certgate::terraform::detail
