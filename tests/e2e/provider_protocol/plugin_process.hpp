#pragma once
// A plugin process started the way go-plugin's host starts one: its own
// environment, stdout read line by line as it arrives (the handshake), stderr
// kept in a file, killed when the test ends.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace certgate::testing {

/// The protocol tests' plugin (echo_provider_server), built beside the test
/// binary; found at run time so that no absolute path is compiled in.
inline std::string echo_provider_program()
{
    return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "echo_provider_server").string();
}

class PluginProcess {
public:
    PluginProcess(const std::string& program, const std::map<std::string, std::string>& set,
                  const std::vector<std::string>& unset, const std::string& stderr_path)
        : m_stderr_path(stderr_path)
    {
        std::map<std::string, std::string> environment;
        for (char** entry = environ; *entry != nullptr; ++entry) {
            const std::string text(*entry);
            const auto equals = text.find('=');
            if (equals != std::string::npos) {
                environment[text.substr(0, equals)] = text.substr(equals + 1);
            }
        }
        for (const auto& name : unset) {
            environment.erase(name);
        }
        for (const auto& [name, value] : set) {
            environment[name] = value;
        }
        std::vector<std::string> entries;
        for (const auto& [name, value] : environment) {
            entries.push_back(name + "=" + value);
        }
        std::vector<char*> envp;
        for (auto& entry : entries) {
            envp.push_back(entry.data());
        }
        envp.push_back(nullptr);
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe failed");
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        std::string program_copy = program;
        char* argv[] = {program_copy.data(), nullptr};
        const int spawned = ::posix_spawn(&m_pid, program.c_str(), &actions, nullptr, argv, envp.data());
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        m_out = out[0];
        if (spawned != 0) {
            ::close(m_out);
            throw std::runtime_error("posix_spawn failed for " + program);
        }
    }
    ~PluginProcess()
    {
        if (m_pid > 0 && !m_exited) {
            ::kill(m_pid, SIGKILL);
            int status = 0;
            ::waitpid(m_pid, &status, 0);
        }
        ::close(m_out);
    }
    PluginProcess(const PluginProcess&) = delete;
    PluginProcess& operator=(const PluginProcess&) = delete;

    /// The next line of stdout without its newline; nullopt when stdout
    /// closed or nothing came within `timeout`.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(30))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto newline = m_buffer.find('\n');
            if (newline != std::string::npos) {
                std::string line = m_buffer.substr(0, newline);
                m_buffer.erase(0, newline + 1);
                return line;
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return std::nullopt;
            }
            pollfd waiting{m_out, POLLIN, 0};
            if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) {
                continue;
            }
            char chunk[4096];
            const ssize_t got = ::read(m_out, chunk, sizeof chunk);
            if (got <= 0) {
                return std::nullopt;
            }
            m_buffer.append(chunk, static_cast<std::size_t>(got));
        }
    }

    /// The exit status once the process ends within `timeout`; nullopt when
    /// it is still running or was killed by a signal.
    std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(30))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
            if (done == m_pid) {
                m_exited = true;
                if (WIFEXITED(status)) {
                    return WEXITSTATUS(status);
                }
                return std::nullopt;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return std::nullopt;
    }

    /// Everything stdout held after the lines already read (call after wait).
    std::string rest_of_stdout()
    {
        char chunk[4096];
        ssize_t got = 0;
        while ((got = ::read(m_out, chunk, sizeof chunk)) > 0) {
            m_buffer.append(chunk, static_cast<std::size_t>(got));
        }
        return std::exchange(m_buffer, {});
    }

    std::string stderr_text() const
    {
        std::ifstream in(m_stderr_path);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    void send(int signal_number) const { ::kill(m_pid, signal_number); }
    [[nodiscard]] bool running()
    {
        int status = 0;
        if (m_exited) {
            return false;
        }
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_exited = true;
            return false;
        }
        return true;
    }

private:
    pid_t m_pid = 0;
    int m_out = -1;
    bool m_exited = false;
    std::string m_buffer;
    std::string m_stderr_path;
};

} // namespace certgate::testing
