#pragma once
// Writing an output file so that readers see the old or the new content,
// never a part, and a planted link cannot redirect the write.

#include "certgate/core/result.hpp"

#include <string>
#include <string_view>

namespace certgate::files {

/// Replaces `path` with `content`: the bytes go to a new temporary file made
/// by mkstemp in the target's folder (created exclusively, so a link planted
/// at any temporary name is never followed), are flushed to disk, and the
/// file is renamed over `path` (a symbolic link at `path` is itself
/// replaced, its target left alone). The new file's mode is the existing
/// regular file's permission bits, or 0644 for a new file. Fails with
/// ErrorCode::input, `where` = `path`, saying what failed and why; the
/// temporary file is then removed.
[[nodiscard]] Result<void> write_file_atomically(const std::string& path, std::string_view content);

} // namespace certgate::files
