#include "certgate/app/output_file.hpp"

#include "certgate/adapters/files/atomic_write.hpp"

namespace certgate::app {

Result<void> write_output_file(const std::string& path, std::string_view content)
{
    return files::write_file_atomically(path, content);
}

} // namespace certgate::app
