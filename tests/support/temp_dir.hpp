#pragma once
// A temporary folder removed with everything in it when the test ends.

#include <filesystem>
#include <string>

namespace certgate::testing {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    /// Writes `content` to path()/name (creating parent folders) and returns the full path.
    std::string write(const std::string& name, const std::string& content) const;
    /// Reads a file, "" when it does not exist.
    [[nodiscard]] static std::string read(const std::filesystem::path& file);

private:
    std::filesystem::path m_path;
};

} // namespace certgate::testing
