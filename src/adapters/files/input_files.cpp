#include "certgate/adapters/files/input_files.hpp"

namespace certgate::files {

// Placeholder until the files adapter lands.
Result<std::vector<std::string>> expand_input(const std::string& path, const InputLimits&)
{
    return std::vector<std::string>{path};
}

Result<std::string> read_file(const std::string& path, std::uintmax_t)
{
    return make_error(ErrorCode::internal, "file reading is not built yet", path);
}

Result<std::string> read_stream(std::istream&, std::uintmax_t, const std::string& where)
{
    return make_error(ErrorCode::internal, "stream reading is not built yet", where);
}

ContentKind sniff(std::string_view head) { return head.empty() ? ContentKind::empty : ContentKind::unknown; }

Result<OpenedInput> open_input(const std::string& path, std::size_t)
{
    return make_error(ErrorCode::internal, "file reading is not built yet", path);
}

} // namespace certgate::files
