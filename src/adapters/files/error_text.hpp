#pragma once
// Operating-system errors as certgate messages. Private to src/adapters/files.

#include <sys/types.h>

#include <string>
#include <string_view>
#include <system_error>

namespace certgate::files::detail {

/// strerror text in lowercase: "no such file or directory".
[[nodiscard]] std::string errno_text(int error_number);

/// The same for a std::error_code.
[[nodiscard]] std::string error_text(const std::error_code& error);

/// What a file that is not regular is, from its st_mode: "a FIFO (named
/// pipe)", "a socket", "a device", "a special file".
[[nodiscard]] std::string_view special_file_kind(mode_t mode);

} // namespace certgate::files::detail
