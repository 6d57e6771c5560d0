#pragma once
// Operating-system errors as certgate messages. Private to src/adapters/files.

#include <string>
#include <system_error>

namespace certgate::files::detail {

/// strerror text in lowercase: "no such file or directory".
[[nodiscard]] std::string errno_text(int error_number);

/// The same for a std::error_code.
[[nodiscard]] std::string error_text(const std::error_code& error);

} // namespace certgate::files::detail
