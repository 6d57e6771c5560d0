// read_file, read_stream and open_input: size limits and streaming stdin.

#include "certgate/adapters/files/input_files.hpp"

#include "support/temp_dir.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>

#include <filesystem>
#include <iostream>
#include <sstream>

namespace certgate::files {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string error_of(const Result<std::string>& result)
{
    EXPECT_FALSE(result.has_value());
    return result.has_value() ? std::string("(no error)") : result.error().describe();
}

// Puts a stream buffer behind std::cin for the length of a test.
class StdinReplacement {
public:
    explicit StdinReplacement(std::streambuf* buffer) : m_saved(std::cin.rdbuf(buffer)) {}
    ~StdinReplacement() { std::cin.rdbuf(m_saved); }
    StdinReplacement(const StdinReplacement&) = delete;
    StdinReplacement& operator=(const StdinReplacement&) = delete;

private:
    std::streambuf* m_saved;
};

// An endless source that counts what was taken from it.
class EndlessSource : public std::streambuf {
public:
    std::size_t produced = 0;

protected:
    int_type underflow() override
    {
        m_chunk.assign(4096, 'A');
        produced += m_chunk.size();
        setg(m_chunk.data(), m_chunk.data(), m_chunk.data() + m_chunk.size());
        return traits_type::to_int_type('A');
    }

private:
    std::string m_chunk;
};

TEST(ReadFile, WholeFile)
{
    const TempDir dir;
    const std::string content("binary\0content\xff", 15);
    auto read = read_file(dir.write("a.der", content), 1024);
    ASSERT_TRUE(read) << read.error().describe();
    EXPECT_EQ(*read, content);
}

TEST(ReadFile, AtAndOverTheLimit)
{
    const TempDir dir;
    const std::string file = dir.write("a.pem", std::string(100, 'x'));
    EXPECT_TRUE(read_file(file, 100));
    auto over = read_file(file, 99);
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::limit);
    EXPECT_EQ(over.error().describe(),
              file + ": file of 100 bytes is over the limit of 99 bytes for one input; it was not read");
}

TEST(ReadFile, HundredMegabyteSparseFileIsRefusedBeforeReading)
{
    const TempDir dir;
    const std::string file = dir.write("huge.pem", "");
    fs::resize_file(file, 100ULL * 1024 * 1024); // sparse: no disk blocks
    auto result = read_file(file, 64ULL * 1024 * 1024);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::limit);
    EXPECT_EQ(result.error().describe(), file + ": file of 104857600 bytes (100 MiB) is over the limit of 67108864 "
                                                "bytes (64 MiB) for one input; it was not read");
}

TEST(ReadFile, MissingAndDirectory)
{
    const TempDir dir;
    const std::string missing = (dir.path() / "missing.pem").string();
    EXPECT_EQ(error_of(read_file(missing, 10)), missing + ": no such file or directory");
    EXPECT_EQ(error_of(read_file(dir.path().string(), 10)), dir.path().string() + ": is a directory, expected a file");
}

TEST(ReadStream, Limit)
{
    std::istringstream exact(std::string(10, 'x'));
    auto read = read_stream(exact, 10, "stdin");
    ASSERT_TRUE(read);
    EXPECT_EQ(read->size(), 10U);
    std::istringstream over(std::string(11, 'x'));
    EXPECT_EQ(error_of(read_stream(over, 10, "stdin")),
              "stdin: more than 10 bytes, over the limit of 10 bytes for one input; it was not read");
}

TEST(OpenInput, FileHeadAndWholeStream)
{
    const TempDir dir;
    std::string content;
    for (int i = 0; i < 20000; ++i) {
        content += static_cast<char>('a' + i % 26);
    }
    const std::string file = dir.write("a.txt", content);
    auto opened = open_input(file, 100);
    ASSERT_TRUE(opened) << opened.error().describe();
    EXPECT_EQ(opened->path, file);
    EXPECT_EQ(opened->head, content.substr(0, 100));
    auto all = read_stream(*opened->stream, 1 << 20, file);
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, content);
}

TEST(OpenInput, ShortFileHeadIsTheWholeFile)
{
    const TempDir dir;
    auto opened = open_input(dir.write("a.pem", "short"));
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->head, "short");
    auto all = read_stream(*opened->stream, 100, "a.pem");
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, "short");
}

TEST(OpenInput, MissingFileAndDirectory)
{
    const TempDir dir;
    const std::string missing = (dir.path() / "missing").string();
    auto result = open_input(missing);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().describe(), missing + ": no such file or directory");
    auto directory = open_input(dir.path().string());
    ASSERT_FALSE(directory);
    EXPECT_EQ(directory.error().describe(), dir.path().string() + ": is a directory, expected a file");
}

TEST(OpenInput, HugeFileStreamIsRefusedBySizeBeforeReading)
{
    const TempDir dir;
    const std::string file = dir.write("huge.pem", "-----BEGIN CERTIFICATE-----\n");
    fs::resize_file(file, 100ULL * 1024 * 1024); // sparse
    auto opened = open_input(file);
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->head.substr(0, 11), "-----BEGIN ");
    auto read = read_stream(*opened->stream, 64ULL * 1024 * 1024, file);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, ErrorCode::limit);
    EXPECT_EQ(read.error().describe(), file + ": file of 104857600 bytes (100 MiB) is over the limit of 67108864 "
                                              "bytes (64 MiB) for one input; it was not read");
    EXPECT_EQ(opened->stream->tellg(), 0); // nothing was read past the replayed start
}

TEST(OpenInput, StdinHeadIsReplayed)
{
    std::string content;
    for (int i = 0; i < 300000; ++i) {
        content += static_cast<char>('0' + i % 10);
    }
    std::istringstream source(content);
    const StdinReplacement replacement(source.rdbuf());
    auto opened = open_input("-", 4096);
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->path, "-");
    EXPECT_EQ(opened->head, content.substr(0, 4096));
    auto all = read_stream(*opened->stream, 1 << 20, "stdin");
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, content);
}

TEST(OpenInput, EndlessStdinIsStreamedNotBufferedWhole)
{
    EndlessSource source;
    const StdinReplacement replacement(&source);
    auto opened = open_input("-", 4096);
    ASSERT_TRUE(opened);
    auto read = read_stream(*opened->stream, 1 << 20, "stdin");
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, ErrorCode::limit);
    EXPECT_EQ(read.error().describe(), "stdin: more than 1048576 bytes (1 MiB), over the limit of 1048576 bytes (1 "
                                       "MiB) for one input; it was not read");
    EXPECT_LT(source.produced, 2U * 1024 * 1024); // only about the limit was taken, never the whole input
}

// A FIFO without a writer used to block the open (and the read) forever.
TEST(ReadInput, OnlyRegularFilesAreRead)
{
    TempDir dir;
    const std::string fifo = (dir.path() / "fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_EQ(error_of(read_file(fifo, 1024)), fifo + ": is a FIFO (named pipe), expected a regular file");
    auto opened = open_input(fifo);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().describe(), fifo + ": is a FIFO (named pipe), expected a regular file");
    EXPECT_EQ(error_of(read_file("/dev/null", 1024)), "/dev/null: is a device, expected a regular file");

    const std::string socket_path = (dir.path() / "s").string();
    const int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket_path.c_str(), sizeof address.sun_path - 1);
    ASSERT_EQ(::bind(listener, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(error_of(read_file(socket_path, 1024)), socket_path + ": is a socket, expected a regular file");
    ::close(listener);

    // A link to a regular file is read; a link to a FIFO is refused.
    const std::string file = dir.write("a.txt", "hello");
    fs::create_symlink(file, dir.path() / "to-file");
    fs::create_symlink(fifo, dir.path() / "to-fifo");
    auto through = read_file((dir.path() / "to-file").string(), 1024);
    ASSERT_TRUE(through) << through.error().describe();
    EXPECT_EQ(*through, "hello");
    EXPECT_EQ(error_of(read_file((dir.path() / "to-fifo").string(), 1024)),
              (dir.path() / "to-fifo").string() + ": is a FIFO (named pipe), expected a regular file");
}

TEST(ReadInput, OpenInputReplaysTheWholeRegularFile)
{
    TempDir dir;
    const std::string content(200 * 1024, 'x');
    const std::string file = dir.write("big.txt", content);
    auto opened = open_input(file, 1000);
    ASSERT_TRUE(opened) << opened.error().describe();
    EXPECT_EQ(opened->head, content.substr(0, 1000));
    auto all = read_stream(*opened->stream, 1024 * 1024, file);
    ASSERT_TRUE(all) << all.error().describe();
    EXPECT_EQ(*all, content);
    auto limited = read_stream(*opened->stream, 10, file);
    EXPECT_FALSE(limited);
}

// The head of a small file is read at its size, not into a zeroed 64 KiB
// buffer; a file whose size says 0 (those under /proc) is still read whole.
TEST(ReadInput, ZeroSizedRegularFileIsStillReadWhole)
{
    struct stat info {};
    ASSERT_EQ(::stat("/proc/self/status", &info), 0);
    ASSERT_TRUE(S_ISREG(info.st_mode));
    ASSERT_EQ(info.st_size, 0);
    auto opened = open_input("/proc/self/status");
    ASSERT_TRUE(opened) << opened.error().describe();
    EXPECT_EQ(opened->head.rfind("Name:", 0), 0U) << opened->head;
    auto all = read_stream(*opened->stream, 1024 * 1024, "/proc/self/status");
    ASSERT_TRUE(all) << all.error().describe();
    EXPECT_EQ(all->rfind("Name:", 0), 0U);
    EXPECT_NE(all->find("\nPid:"), std::string::npos);
}

TEST(ReadInput, FileOfExactlyTheHeadSizeAndOneByteMore)
{
    TempDir dir;
    for (const std::size_t size : {std::size_t{64 * 1024}, std::size_t{64 * 1024 + 1}}) {
        std::string content(size, 'y');
        content.back() = 'z';
        const std::string file = dir.write("f" + std::to_string(size), content);
        auto opened = open_input(file);
        ASSERT_TRUE(opened) << opened.error().describe();
        EXPECT_EQ(opened->head, content.substr(0, 64 * 1024));
        auto all = read_stream(*opened->stream, size, file);
        ASSERT_TRUE(all) << all.error().describe();
        EXPECT_EQ(*all, content);
    }
}

} // namespace
} // namespace certgate::files
