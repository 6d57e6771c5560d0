#include "certgate/adapters/files/input_files.hpp"

#include "error_text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <iostream>

namespace certgate::files {
namespace {

constexpr std::size_t k_chunk_bytes = 64 * 1024;

std::string size_text(std::uintmax_t bytes)
{
    constexpr std::uintmax_t mebibyte = 1024ULL * 1024ULL;
    std::string text = std::to_string(bytes) + " bytes";
    if (bytes >= mebibyte && bytes % mebibyte == 0) {
        text += " (" + std::to_string(bytes / mebibyte) + " MiB)";
    }
    return text;
}

Error over_limit(std::string_view what, std::uintmax_t max_bytes, const std::string& where)
{
    return make_error(
        ErrorCode::limit,
        std::string(what) + " over the limit of " + size_text(max_bytes) + " for one input; it was not read", where);
}

// Replays the bytes already read for sniffing, then reads the rest from the
// source in chunks: stdin is streamed, never held whole.
class ReplayBuffer : public std::streambuf {
public:
    ReplayBuffer(std::string head, std::streambuf* source) : m_head(std::move(head)), m_source(source)
    {
        setg(m_head.data(), m_head.data(), m_head.data() + m_head.size());
    }

protected:
    int_type underflow() override
    {
        if (gptr() < egptr()) {
            return traits_type::to_int_type(*gptr());
        }
        const std::streamsize count = m_source->sgetn(m_chunk.data(), static_cast<std::streamsize>(m_chunk.size()));
        if (count <= 0) {
            return traits_type::eof();
        }
        setg(m_chunk.data(), m_chunk.data(), m_chunk.data() + count);
        return traits_type::to_int_type(*gptr());
    }

private:
    std::string m_head;
    std::streambuf* m_source;
    std::array<char, k_chunk_bytes> m_chunk; // not zeroed: only read bytes are ever exposed
};

class ReplayStream : public std::istream {
public:
    ReplayStream(std::string head, std::streambuf* source) : std::istream(nullptr), m_buffer(std::move(head), source)
    {
        rdbuf(&m_buffer);
    }

private:
    ReplayBuffer m_buffer;
};

// Reads a descriptor in chunks; owns it.
class DescriptorBuffer : public std::streambuf {
public:
    explicit DescriptorBuffer(int descriptor) : m_descriptor(descriptor) {}
    ~DescriptorBuffer() override { ::close(m_descriptor); }
    DescriptorBuffer(const DescriptorBuffer&) = delete;
    DescriptorBuffer& operator=(const DescriptorBuffer&) = delete;

protected:
    int_type underflow() override
    {
        if (gptr() < egptr()) {
            return traits_type::to_int_type(*gptr());
        }
        const ssize_t count = read_some(m_chunk.data(), m_chunk.size());
        if (count <= 0) {
            return traits_type::eof();
        }
        setg(m_chunk.data(), m_chunk.data(), m_chunk.data() + count);
        return traits_type::to_int_type(*gptr());
    }

    // Bulk reads go straight into the caller's buffer, past the chunk: a
    // certificate file is read once into its string, not copied through here.
    std::streamsize xsgetn(char* destination, std::streamsize wanted) override
    {
        std::streamsize done = std::min<std::streamsize>(wanted, egptr() - gptr());
        traits_type::copy(destination, gptr(), static_cast<std::size_t>(done));
        gbump(static_cast<int>(done));
        while (done < wanted) {
            const ssize_t count = read_some(destination + done, static_cast<std::size_t>(wanted - done));
            if (count <= 0) {
                break;
            }
            done += count;
        }
        return done;
    }

    // Rewinding (open_input goes back to the start after reading the head)
    // and telling the position are all that is needed.
    pos_type seekoff(off_type offset, std::ios_base::seekdir direction, std::ios_base::openmode which) override
    {
        if (direction == std::ios_base::beg) {
            return seekpos(pos_type(offset), which);
        }
        if (direction != std::ios_base::cur || offset != 0) {
            return pos_type(off_type(-1));
        }
        const off_t end_of_buffer = ::lseek(m_descriptor, 0, SEEK_CUR);
        return end_of_buffer < 0 ? pos_type(off_type(-1)) : pos_type(end_of_buffer - (egptr() - gptr()));
    }

    pos_type seekpos(pos_type position, std::ios_base::openmode /*which*/) override
    {
        const off_t offset = ::lseek(m_descriptor, static_cast<off_t>(position), SEEK_SET);
        setg(m_chunk.data(), m_chunk.data(), m_chunk.data());
        return offset < 0 ? pos_type(off_type(-1)) : pos_type(offset);
    }

private:
    ssize_t read_some(char* destination, std::size_t size) const
    {
        ssize_t count = 0;
        do {
            count = ::read(m_descriptor, destination, size);
        } while (count < 0 && errno == EINTR);
        return count;
    }

    int m_descriptor;
    std::array<char, k_chunk_bytes> m_chunk; // not zeroed: only read bytes are ever exposed
};

// A regular file opened by open_regular_file: its size is known, so
// read_stream can refuse it before reading anything.
class SizedFile : public std::istream {
public:
    SizedFile(int descriptor, std::uintmax_t size) : std::istream(nullptr), m_buffer(descriptor), m_size(size)
    {
        rdbuf(&m_buffer);
    }
    [[nodiscard]] std::uintmax_t size() const { return m_size; }

private:
    DescriptorBuffer m_buffer;
    std::uintmax_t m_size;
};

Error not_regular(mode_t mode, const std::string& path)
{
    if (S_ISDIR(mode)) {
        return make_error(ErrorCode::input, "is a directory, expected a file", path);
    }
    return make_error(ErrorCode::input,
                      "is " + std::string(detail::special_file_kind(mode)) + ", expected a regular file", path);
}

// Only regular files: the type is checked before opening (so a device is
// never opened), the open cannot block (O_NONBLOCK: a FIFO without a writer
// would otherwise hang it), and the type is checked again on the opened
// descriptor (so a file swapped for a FIFO in between is still refused).
Result<std::unique_ptr<SizedFile>> open_regular(const std::string& path)
{
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return make_error(ErrorCode::input, detail::errno_text(errno), path);
    }
    if (!S_ISREG(info.st_mode)) {
        return not_regular(info.st_mode, path);
    }
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (descriptor < 0) {
        return make_error(ErrorCode::input, "cannot open: " + detail::errno_text(errno), path);
    }
    if (::fstat(descriptor, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(descriptor);
        return not_regular(info.st_mode, path);
    }
    ::fcntl(descriptor, F_SETFL, ::fcntl(descriptor, F_GETFL) & ~O_NONBLOCK);
    return std::make_unique<SizedFile>(descriptor, static_cast<std::uintmax_t>(info.st_size));
}

// Reads up to `head_bytes`; `expected` (a regular file's size) keeps a small
// file from zeroing and filling a buffer of the full head size. A size of 0
// is not trusted (files under /proc say 0 and still hold bytes).
std::string read_head(std::streambuf& source, std::size_t head_bytes, std::uintmax_t expected = 0)
{
    if (expected != 0) {
        head_bytes = static_cast<std::size_t>(std::min<std::uintmax_t>(head_bytes, expected));
    }
    std::string head(head_bytes, '\0');
    std::size_t filled = 0;
    while (filled < head_bytes) {
        const std::streamsize count =
            source.sgetn(head.data() + filled, static_cast<std::streamsize>(head_bytes - filled));
        if (count <= 0) {
            break;
        }
        filled += static_cast<std::size_t>(count);
    }
    head.resize(filled);
    return head;
}

} // namespace

Result<std::string> read_stream(std::istream& in, std::uintmax_t max_bytes, const std::string& where)
{
    const auto* file = dynamic_cast<const SizedFile*>(&in);
    if (file != nullptr && file->size() > max_bytes) {
        return over_limit("file of " + size_text(file->size()) + " is", max_bytes, where);
    }
    // Read straight into the string: a regular file in one read of its size
    // (plus one byte, to notice a file that grew), anything else in chunks.
    std::size_t wanted = file != nullptr ? static_cast<std::size_t>(file->size()) + 1 : k_chunk_bytes;
    std::string content;
    while (in) {
        const std::size_t filled = content.size();
        content.resize(filled + wanted);
        in.read(content.data() + filled, static_cast<std::streamsize>(wanted));
        const auto count = static_cast<std::size_t>(in.gcount());
        content.resize(filled + count);
        if (count == 0) {
            break;
        }
        if (content.size() > max_bytes) {
            return over_limit("more than " + size_text(max_bytes) + ",", max_bytes, where);
        }
        wanted = k_chunk_bytes;
    }
    if (in.bad()) {
        return make_error(ErrorCode::input, "read error", where);
    }
    return content;
}

Result<std::string> read_file(const std::string& path, std::uintmax_t max_bytes)
{
    auto file = open_regular(path);
    if (!file) {
        return file.error();
    }
    // The size is known before reading: a file over the limit is refused
    // without a single byte read; read_stream stays bounded if it grows.
    return read_stream(**file, max_bytes, path);
}

Result<OpenedInput> open_input(const std::string& path, std::size_t head_bytes)
{
    OpenedInput opened;
    opened.path = path;
    if (path == "-") {
        std::streambuf* source = std::cin.rdbuf();
        opened.head = read_head(*source, head_bytes);
        opened.stream = std::make_unique<ReplayStream>(opened.head, source);
        return opened;
    }
    auto file = open_regular(path);
    if (!file) {
        return file.error();
    }
    opened.head = read_head(*(*file)->rdbuf(), head_bytes, (*file)->size());
    (*file)->clear();
    if (!(*file)->seekg(0)) {
        return make_error(ErrorCode::input, "cannot read: " + detail::errno_text(errno), path);
    }
    opened.stream = std::move(*file);
    return opened;
}

} // namespace certgate::files
