#pragma once
// The input stream the JSON parser reads: the source in large chunks, with
// the bounds that keep what the parser holds in memory small, and the line
// count that error messages need.

#include "certgate/core/json_syntax.hpp"

#include <cstddef>
#include <cstdint>
#include <istream>
#include <vector>

namespace certgate::terraform::detail {

/// Which bound a GuardedStream enforced.
enum class GuardTrip { none, string_too_long, run_too_long, invalid_utf8 };

class GuardedStream;

/// RapidJSON's input stream concept (Peek, Take, Tell) over a GuardedStream.
/// It is two pointers and a back reference, cheap to copy, so RapidJSON's
/// copy optimization keeps it in registers while it reads a string. The end
/// of the input reads as '\0'.
struct GuardedCursor {
    using Ch = char;

    GuardedStream* stream = nullptr;
    const char* current = nullptr;
    const char* end = nullptr; // *end is always '\0'

    [[nodiscard]] char Peek() const { return *current; }
    inline char Take();
    /// Bytes handed to the parser so far (the offset of the next byte).
    [[nodiscard]] inline std::size_t Tell() const;

    // Unused parts of the stream concept (the parser never writes).
    char* PutBegin() { return nullptr; }
    void Put(char) {}
    void Flush() {}
    std::size_t PutEnd(char*) { return 0; }
};

/// Reads the source in chunks (1 MiB by default) for the JSON parser. Each chunk is
/// scanned as it arrives, with memchr from quote to quote, and the input ends
/// early (as if at its end) when one string, or one stretch of JSON without
/// any string or number, is longer than `max_token_bytes` (the parser copies
/// the current string, so this bounds its memory), or at the first byte that
/// is not UTF-8 (so the parser need not validate byte by byte).
class GuardedStream {
public:
    GuardedStream(std::istream& source, std::size_t max_token_bytes, std::size_t chunk_bytes);
    GuardedStream(const GuardedStream&) = delete;
    GuardedStream& operator=(const GuardedStream&) = delete;

    /// A cursor at the start of the input.
    [[nodiscard]] GuardedCursor cursor();
    /// Moves `cursor`, which reached the end of the chunk, to the next one.
    void refill(GuardedCursor& cursor);
    /// The input offset of `at`, a byte of the current chunk.
    [[nodiscard]] std::size_t offset_of(const char* at) const
    {
        return static_cast<std::size_t>(m_chunk_start) + static_cast<std::size_t>(at - m_begin);
    }
    /// Once the parser has stopped: reads on while the last chunk ends inside
    /// a UTF-8 character, so that whether the input was UTF-8 up to there
    /// does not depend on where a chunk ended. Moves `cursor` past what was
    /// parsed.
    void complete_character(GuardedCursor& cursor);
    /// True when `cursor` has handed every byte of the source to the parser.
    [[nodiscard]] bool exhausted(const GuardedCursor& cursor) const
    {
        return cursor.current == m_end && m_source_ended && m_trip == GuardTrip::none;
    }

    /// Line and column of `byte`, which is in the current chunk or in a
    /// stretch without newlines that reaches into it (a token the parser
    /// has not finished).
    [[nodiscard]] JsonPosition position_of(std::uint64_t byte) const;

    /// Whether, and why, the input was cut short.
    [[nodiscard]] GuardTrip trip() const { return m_trip; }
    /// The input offset at which the bound was exceeded (for invalid_utf8:
    /// where the character that is not UTF-8 starts).
    [[nodiscard]] std::uint64_t trip_offset() const { return m_trip_offset; }
    /// True when reading the source failed (an I/O error, not its end).
    [[nodiscard]] bool source_failed() const { return m_source_failed; }

private:
    void read_chunk();
    // How many of the `count` bytes at `data` pass the bounds (all, unless
    // one trips); keeps the scan's state across chunks.
    std::size_t scan(const char* data, std::size_t count);
    std::size_t scan_string(const char* data, std::size_t from, std::size_t count);
    std::size_t scan_utf8(const char* data, std::size_t count);
    void count_lines(const char* data, std::size_t count);
    void trip(GuardTrip why, std::uint64_t offset);

    std::istream& m_source;
    std::size_t m_max;
    std::size_t m_chunk_bytes;
    std::vector<char> m_buffer;
    const char* m_begin = nullptr;
    const char* m_end = nullptr;
    std::uint64_t m_chunk_start = 0;
    // Lines before the current chunk, and the offset just after its last newline.
    std::uint64_t m_lines_before = 0;
    std::uint64_t m_line_start = 0;
    // The scan's state.
    bool m_in_string = false;
    bool m_escape = false;
    bool m_in_number = false;
    std::size_t m_run = 0;
    // UTF-8: continuation bytes still due, the range of the next one, and
    // where the character started.
    unsigned m_utf8_due = 0;
    unsigned char m_utf8_low = 0x80;
    unsigned char m_utf8_high = 0xBF;
    std::uint64_t m_utf8_start = 0;
    GuardTrip m_trip = GuardTrip::none;
    std::uint64_t m_trip_offset = 0;
    bool m_source_ended = false;
    bool m_source_failed = false;
};

char GuardedCursor::Take()
{
    const char c = *current;
    if (current != end && ++current == end) {
        stream->refill(*this);
    }
    return c;
}

std::size_t GuardedCursor::Tell() const
{
    return stream->offset_of(current);
}

} // namespace certgate::terraform::detail
