#include "support/python_peer.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace certgate::testing {

PythonPeer::PythonPeer(const std::string& script, const std::filesystem::path& folder,
                       const std::vector<std::string>& args)
{
    const auto port_file = (folder / (std::filesystem::path(script).stem().string() + ".port")).string();
    std::vector<std::string> argv{"/usr/bin/python3", source_path(script), port_file};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> pointers;
    for (auto& arg : argv) {
        pointers.push_back(arg.data());
    }
    pointers.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    const auto log = (folder / (std::filesystem::path(script).stem().string() + ".log")).string();
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int spawned = posix_spawn(&m_pid, pointers[0], &actions, nullptr, pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        throw std::runtime_error("cannot start " + script);
    }
    for (int i = 0; i < 600 && !std::filesystem::exists(port_file); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
    m_port = TempDir::read(port_file);
    if (m_port.empty()) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
        throw std::runtime_error(script + " did not start: " + TempDir::read(log));
    }
}

PythonPeer::~PythonPeer()
{
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
}

std::vector<std::string> take_files(const std::filesystem::path& folder, const std::string& extension)
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == extension) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> contents;
    for (const auto& file : files) {
        contents.push_back(TempDir::read(file));
        std::filesystem::remove(file);
    }
    return contents;
}

} // namespace certgate::testing
