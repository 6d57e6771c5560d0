#pragma once
// Writing a report (or any output) to a file for the front ends.

#include "certgate/adapters/files/atomic_write.hpp"
#include "certgate/core/result.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace certgate::app {

/// Replaces `path` with `content` atomically and without following a
/// planted link (files::write_file_atomically: mkstemp in the target's
/// folder, fsync, rename; mode 0644 or the replaced file's). Fails with
/// ErrorCode::input, `where` = `path`.
[[nodiscard]] Result<void> write_output_file(const std::string& path, std::string_view content);

/// The same with the content made piece by piece (a report writer streaming
/// into the file): each piece `produce` hands to its sink is written as it comes.
[[nodiscard]] Result<void> write_output_file(const std::string& path,
                                             const std::function<void(const files::ContentSink&)>& produce);

} // namespace certgate::app
