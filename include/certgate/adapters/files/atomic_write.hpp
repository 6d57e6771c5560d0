#pragma once
// Writing an output file so that readers see the old or the new content,
// never a part, and a planted link cannot redirect the write.

#include "certgate/core/result.hpp"

#include <functional>
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

/// Receives a file's content piece by piece, in order.
using ContentSink = std::function<void(std::string_view)>;

/// write_file_atomically with the content made piece by piece: `produce`
/// hands each piece to the sink it is given, and each goes to the temporary
/// file as it comes, so that a large report is never held whole. After a
/// failed write the remaining pieces are dropped and the file is not replaced.
[[nodiscard]] Result<void> write_file_atomically(const std::string& path,
                                                 const std::function<void(const ContentSink&)>& produce);

} // namespace certgate::files
