#pragma once
// A stream buffer between the input and the JSON parser that bounds what the
// parser may have to hold in memory at once.

#include <cstddef>
#include <cstdint>
#include <istream>
#include <streambuf>
#include <vector>

namespace certgate::terraform::detail {

/// Which bound a GuardedStreamBuffer enforced.
enum class GuardTrip { none, string_too_long, run_too_long };

/// Passes bytes through in chunks while tracking JSON strings, and ends the
/// stream early (as if at end of input) when one string, or one stretch of
/// JSON without any string or number, is longer than `max_token_bytes`. The
/// parser keeps a copy of the current token, so this bounds its memory.
class GuardedStreamBuffer final : public std::streambuf {
public:
    GuardedStreamBuffer(std::istream& source, std::size_t max_token_bytes);

    /// Bytes handed to the reader so far (the offset of the next byte).
    [[nodiscard]] std::uint64_t consumed() const;
    /// Whether, and why, the stream was cut short.
    [[nodiscard]] GuardTrip trip() const { return m_trip; }
    /// The input offset at which the bound was exceeded.
    [[nodiscard]] std::uint64_t trip_offset() const { return m_trip_offset; }
    /// True when the source itself reached its end.
    [[nodiscard]] bool source_ended() const { return m_source_ended; }
    /// True when reading the source failed (an I/O error, not its end).
    [[nodiscard]] bool source_failed() const { return m_source_failed; }

protected:
    int_type underflow() override;

private:
    std::istream& m_source;
    std::size_t m_max;
    std::vector<char> m_buffer;
    std::uint64_t m_chunk_start = 0;
    bool m_in_string = false;
    bool m_escape = false;
    bool m_in_number = false;
    std::size_t m_run = 0;
    GuardTrip m_trip = GuardTrip::none;
    std::uint64_t m_trip_offset = 0;
    bool m_source_ended = false;
    bool m_source_failed = false;
};

} // namespace certgate::terraform::detail
