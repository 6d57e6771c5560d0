#include "guarded_stream.hpp"

#include <algorithm>
#include <cstring>

namespace certgate::terraform::detail {
namespace {

bool starts_number(char c)
{
    return (c >= '0' && c <= '9') || c == '-';
}

bool continues_number(char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

// How many backslashes end [from, at).
std::size_t backslashes_before(const char* data, std::size_t from, std::size_t at)
{
    std::size_t count = 0;
    while (at > from && data[at - 1] == '\\') {
        --at;
        ++count;
    }
    return count;
}

struct LineFeeds {
    std::uint64_t count = 0;
    std::uint64_t after_last = 0; ///< the offset from the start just past the last one
};

// The line feeds in [data, data + size), found with memchr.
LineFeeds line_feeds(const char* data, std::size_t size)
{
    LineFeeds feeds;
    const char* at = data;
    const char* const end = data + size;
    while (const void* found = std::memchr(at, '\n', static_cast<std::size_t>(end - at))) {
        at = static_cast<const char*>(found) + 1;
        ++feeds.count;
        feeds.after_last = static_cast<std::uint64_t>(at - data);
    }
    return feeds;
}

} // namespace

GuardedStream::GuardedStream(std::istream& source, std::size_t max_token_bytes, std::size_t chunk_bytes)
    : m_source(source), m_max(max_token_bytes), m_chunk_bytes(std::max<std::size_t>(chunk_bytes, 1)),
      m_buffer(m_chunk_bytes + 1)
{
    m_begin = m_buffer.data();
    m_end = m_begin;
    m_buffer[0] = '\0';
    read_chunk();
}

GuardedCursor GuardedStream::cursor()
{
    return GuardedCursor{this, m_begin, m_end};
}

void GuardedStream::refill(GuardedCursor& cursor)
{
    const auto retired = static_cast<std::size_t>(m_end - m_begin);
    count_lines(m_begin, retired);
    m_chunk_start += retired;
    read_chunk();
    cursor.current = m_begin;
    cursor.end = m_end;
}

void GuardedStream::complete_character(GuardedCursor& cursor)
{
    while (m_utf8_due > 0 && m_trip == GuardTrip::none && !m_source_ended) {
        refill(cursor);
    }
}

void GuardedStream::read_chunk()
{
    char* data = m_buffer.data();
    m_end = m_begin;
    data[0] = '\0';
    if (m_trip != GuardTrip::none || m_source_ended) {
        return;
    }
    m_source.read(data, static_cast<std::streamsize>(m_chunk_bytes));
    const auto count = static_cast<std::size_t>(m_source.gcount());
    if (count < m_chunk_bytes) {
        m_source_ended = true;
        m_source_failed = m_source.bad();
    }
    std::size_t passed = scan(data, count);
    passed = scan_utf8(data, passed);
    data[passed] = '\0';
    m_end = m_begin + passed;
}

void GuardedStream::trip(GuardTrip why, std::uint64_t offset)
{
    m_trip = why;
    m_trip_offset = offset;
}

std::size_t GuardedStream::scan(const char* data, std::size_t count)
{
    std::size_t i = 0;
    while (i < count) {
        if (m_in_string) {
            i = scan_string(data, i, count);
            if (m_trip != GuardTrip::none) {
                return i;
            }
            continue;
        }
        const char c = data[i];
        if (c == '"') {
            m_in_string = true;
            m_in_number = false;
            m_run = 0;
            ++i;
            continue;
        }
        if (m_in_number ? !continues_number(c) : starts_number(c)) {
            // The parser starts a fresh token at every number.
            m_in_number = !m_in_number;
            if (m_in_number) {
                m_run = 0;
            }
        }
        if (++m_run > m_max) {
            trip(GuardTrip::run_too_long, m_chunk_start + i);
            return i;
        }
        ++i;
    }
    return count;
}

// Inside a string from `from`: finds its closing quote with memchr (a quote
// after an odd number of backslashes is escaped) and returns the index after
// it, or `count` when the string goes on into the next chunk. Content bytes
// count towards the bound; the quotes do not.
std::size_t GuardedStream::scan_string(const char* data, std::size_t from, std::size_t count)
{
    std::size_t start = from;
    if (m_escape && start < count) {
        m_escape = false; // the byte after a backslash that ended the last chunk
        ++start;
    }
    std::size_t search = start;
    std::size_t end = count; // the closing quote, or the end of the chunk
    while (search < count) {
        const void* found = std::memchr(data + search, '"', count - search);
        if (found == nullptr) {
            break;
        }
        const auto quote = static_cast<std::size_t>(static_cast<const char*>(found) - data);
        if (backslashes_before(data, start, quote) % 2 == 0) {
            end = quote;
            break;
        }
        search = quote + 1;
    }
    const std::size_t content = end - from;
    if (m_run + content > m_max) {
        const std::size_t at = from + (m_max - m_run);
        trip(GuardTrip::string_too_long, m_chunk_start + at);
        return at;
    }
    m_run += content;
    if (end == count) {
        m_escape = backslashes_before(data, start, count) % 2 == 1;
        return count;
    }
    m_in_string = false;
    m_run = 0;
    return end + 1;
}

// Strict UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF), eight ASCII bytes at a time. Returns how many bytes pass: all,
// or up to the character that is not UTF-8 (which trips the stream).
std::size_t GuardedStream::scan_utf8(const char* data, std::size_t count)
{
    constexpr std::uint64_t k_high_bits = 0x8080808080808080ULL;
    std::size_t i = 0;
    while (i < count) {
        if (m_utf8_due == 0) {
            std::uint64_t word = 0;
            while (i + sizeof word <= count) {
                std::memcpy(&word, data + i, sizeof word);
                if ((word & k_high_bits) != 0) {
                    break;
                }
                i += sizeof word;
            }
            if (i == count) {
                break;
            }
            const auto lead = static_cast<unsigned char>(data[i]);
            if (lead < 0x80) {
                ++i;
                continue;
            }
            m_utf8_start = m_chunk_start + i;
            m_utf8_low = 0x80;
            m_utf8_high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                m_utf8_due = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                m_utf8_due = 2;
                m_utf8_low = lead == 0xE0 ? 0xA0 : 0x80;
                m_utf8_high = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                m_utf8_due = 3;
                m_utf8_low = lead == 0xF0 ? 0x90 : 0x80;
                m_utf8_high = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                trip(GuardTrip::invalid_utf8, m_utf8_start);
                return i;
            }
            ++i;
            continue;
        }
        const auto next = static_cast<unsigned char>(data[i]);
        if (next < m_utf8_low || next > m_utf8_high) {
            // The input is cut at the character's start, or at the start of
            // this chunk when the parser already has its first bytes.
            trip(GuardTrip::invalid_utf8, m_utf8_start);
            return static_cast<std::size_t>(std::max(m_utf8_start, m_chunk_start) - m_chunk_start);
        }
        --m_utf8_due;
        m_utf8_low = 0x80;
        m_utf8_high = 0xBF;
        ++i;
    }
    return count;
}

void GuardedStream::count_lines(const char* data, std::size_t count)
{
    const auto feeds = line_feeds(data, count);
    if (feeds.count > 0) {
        m_lines_before += feeds.count;
        m_line_start = m_chunk_start + feeds.after_last;
    }
}

JsonPosition GuardedStream::position_of(std::uint64_t byte) const
{
    std::uint64_t lines = m_lines_before;
    std::uint64_t line_start = m_line_start;
    if (byte > m_chunk_start) {
        const auto available = static_cast<std::uint64_t>(m_end - m_begin);
        const auto before = static_cast<std::size_t>(std::min(byte - m_chunk_start, available));
        const auto feeds = line_feeds(m_begin, before);
        if (feeds.count > 0) {
            lines += feeds.count;
            line_start = m_chunk_start + feeds.after_last;
        }
    }
    JsonPosition position;
    position.byte = byte;
    position.line = lines + 1;
    position.column = byte >= line_start ? byte - line_start + 1 : 1;
    return position;
}

} // namespace certgate::terraform::detail
