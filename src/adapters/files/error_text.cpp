#include "error_text.hpp"

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

} // namespace certgate::files::detail
