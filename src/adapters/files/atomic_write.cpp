#include "certgate/adapters/files/atomic_write.hpp"

#include "error_text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <vector>

namespace certgate::files {
namespace {

constexpr mode_t k_default_mode = 0644;

Error failed(std::string_view step, int error_number, const std::string& path)
{
    return make_error(ErrorCode::input,
                      "cannot write the file: " + std::string(step) + ": " + detail::errno_text(error_number), path);
}

bool write_all(int descriptor, std::string_view content)
{
    while (!content.empty()) {
        const ssize_t written = ::write(descriptor, content.data(), content.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        content.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

// The mode of the file being replaced: only when `path` itself is a
// regular file (lstat: a link's target says nothing about the new file).
mode_t mode_for(const std::string& path)
{
    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
        return info.st_mode & 07777 & ~static_cast<mode_t>(S_ISUID | S_ISGID);
    }
    return k_default_mode;
}

} // namespace

Result<void> write_file_atomically(const std::string& path, std::string_view content)
{
    return write_file_atomically(path, [content](const ContentSink& sink) { sink(content); });
}

Result<void> write_file_atomically(const std::string& path, const std::function<void(const ContentSink&)>& produce)
{
    const std::filesystem::path target(path);
    const std::filesystem::path folder = target.parent_path().empty() ? "." : target.parent_path();
    std::string pattern = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int descriptor = ::mkostemp(name.data(), O_CLOEXEC);
    if (descriptor < 0) {
        return failed("cannot create a temporary file in its folder", errno, path);
    }
    const std::string temporary(name.data());
    const auto abandon = [&](std::string_view step) {
        const int error_number = errno;
        ::close(descriptor);
        std::remove(temporary.c_str());
        return failed(step, error_number, path);
    };
    if (::fchmod(descriptor, mode_for(path)) != 0) {
        return abandon("cannot set its mode");
    }
    // After a failed write the rest is not written; errno is kept from the failure.
    bool written = true;
    int write_error = 0;
    try {
        produce([&](std::string_view piece) {
            if (written && !write_all(descriptor, piece)) {
                written = false;
                write_error = errno;
            }
        });
    } catch (...) {
        // The content could not be made (out of memory): no temporary file is left behind.
        ::close(descriptor);
        std::remove(temporary.c_str());
        throw;
    }
    if (!written) {
        errno = write_error;
        return abandon("write failed");
    }
    if (::fsync(descriptor) != 0) {
        return abandon("cannot flush it to disk");
    }
    if (::close(descriptor) != 0) {
        const int error_number = errno;
        std::remove(temporary.c_str());
        return failed("write failed", error_number, path);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error_number = errno;
        std::remove(temporary.c_str());
        return failed("cannot rename the temporary file over it", error_number, path);
    }
    // The rename itself survives a crash only once the folder is flushed.
    const int directory = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory >= 0) {
        ::fsync(directory);
        ::close(directory);
    }
    return {};
}

} // namespace certgate::files
