#include "certgate/adapters/files/input_files.hpp"

#include "error_text.hpp"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <fstream>
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
    std::array<char, k_chunk_bytes> m_chunk{};
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

// A regular file opened by open_input: its size is known, so read_stream can
// refuse it before reading anything.
class SizedFile : public std::ifstream {
public:
    SizedFile(const std::string& path, std::uintmax_t size) : std::ifstream(path, std::ios::binary), m_size(size) {}
    [[nodiscard]] std::uintmax_t size() const { return m_size; }

private:
    std::uintmax_t m_size;
};

std::string read_head(std::streambuf& source, std::size_t head_bytes)
{
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
    if (const auto* file = dynamic_cast<const SizedFile*>(&in); file != nullptr && file->size() > max_bytes) {
        return over_limit("file of " + size_text(file->size()) + " is", max_bytes, where);
    }
    std::string content;
    std::array<char, k_chunk_bytes> chunk{};
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        const auto count = static_cast<std::size_t>(in.gcount());
        if (count == 0) {
            break;
        }
        if (content.size() + count > max_bytes) {
            return over_limit("more than " + size_text(max_bytes) + ",", max_bytes, where);
        }
        content.append(chunk.data(), count);
    }
    if (in.bad()) {
        return make_error(ErrorCode::input, "read error", where);
    }
    return content;
}

Result<std::string> read_file(const std::string& path, std::uintmax_t max_bytes)
{
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return make_error(ErrorCode::input, detail::errno_text(errno), path);
    }
    if (S_ISDIR(info.st_mode)) {
        return make_error(ErrorCode::input, "is a directory, expected a file", path);
    }
    // The size is known before reading: a file over the limit is refused
    // without a single byte read.
    if (S_ISREG(info.st_mode) && static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
        return over_limit("file of " + size_text(static_cast<std::uintmax_t>(info.st_size)) + " is", max_bytes, path);
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return make_error(ErrorCode::input, "cannot open: " + detail::errno_text(errno), path);
    }
    return read_stream(file, max_bytes, path); // still bounded: the file may grow meanwhile
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
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return make_error(ErrorCode::input, detail::errno_text(errno), path);
    }
    if (S_ISDIR(info.st_mode)) {
        return make_error(ErrorCode::input, "is a directory, expected a file", path);
    }
    auto file = std::make_unique<SizedFile>(path, static_cast<std::uintmax_t>(info.st_size));
    if (!*file) {
        return make_error(ErrorCode::input, "cannot open: " + detail::errno_text(errno), path);
    }
    if (S_ISREG(info.st_mode)) {
        opened.head = read_head(*file->rdbuf(), head_bytes);
        file->clear();
        file->seekg(0);
        opened.stream = std::move(file);
    } else {
        // A pipe or device cannot seek back: replay the head as for stdin.
        opened.head = read_head(*file->rdbuf(), head_bytes);
        auto* source = file->rdbuf();
        struct OwningReplay : ReplayStream {
            OwningReplay(std::string head, std::streambuf* buffer, std::unique_ptr<SizedFile> owned)
                : ReplayStream(std::move(head), buffer), m_owned(std::move(owned))
            {
            }
            std::unique_ptr<SizedFile> m_owned;
        };
        opened.stream = std::make_unique<OwningReplay>(opened.head, source, std::move(file));
    }
    return opened;
}

} // namespace certgate::files
