#include "certgate/app/output_file.hpp"

#include "certgate/adapters/files/atomic_write.hpp"

namespace certgate::app {

Result<void> write_output_file(const std::string& path, std::string_view content)
{
    return files::write_file_atomically(path, content);
}

Result<void> write_output_file(const std::string& path, const std::function<void(const files::ContentSink&)>& produce)
{
    return files::write_file_atomically(path, produce);
}

} // namespace certgate::app
