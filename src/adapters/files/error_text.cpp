#include "error_text.hpp"

#include <sys/stat.h>

#include <cctype>

namespace certgate::files::detail {

std::string error_text(const std::error_code& error)
{
    std::string text = error.message();
    if (!text.empty()) {
        text.front() = static_cast<char>(std::tolower(static_cast<unsigned char>(text.front())));
    }
    return text;
}

std::string errno_text(int error_number)
{
    return error_text(std::error_code(error_number, std::generic_category()));
}

std::string_view special_file_kind(mode_t mode)
{
    if (S_ISFIFO(mode)) {
        return "a FIFO (named pipe)";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "a device";
    }
    return "a special file";
}

} // namespace certgate::files::detail
