#pragma once
// A peer written in Python (tests/e2e/**/NAME.py) started for one test: it
// writes its port to a file once it listens and is killed when the test ends.

#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace certgate::testing {

class PythonPeer {
public:
    /// Runs `python3 SCRIPT PORT_FILE ARGS...` (SCRIPT relative to the
    /// source folder) and waits up to 30 s for PORT_FILE (a loaded CI machine).
    PythonPeer(const std::string& script, const std::filesystem::path& folder, const std::vector<std::string>& args);
    ~PythonPeer();
    PythonPeer(const PythonPeer&) = delete;
    PythonPeer& operator=(const PythonPeer&) = delete;

    [[nodiscard]] const std::string& port() const { return m_port; }

private:
    pid_t m_pid = 0;
    std::string m_port;
};

/// The files of `folder` whose names end in `extension`, oldest (lowest
/// name) first, read and removed.
[[nodiscard]] std::vector<std::string> take_files(const std::filesystem::path& folder, const std::string& extension);

} // namespace certgate::testing
