#include "support/serve_process.hpp"

#include "support/process.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace certgate::testing {

ServeProcess::ServeProcess(const std::vector<std::string>& args, const std::string& listen)
{
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::vector<std::string> argv{certgate_program(), "serve"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.emplace_back("--listen");
    argv.push_back(listen);
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(pipe_fds[1], STDERR_FILENO);
        const int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, STDIN_FILENO);
        ::dup2(null, STDOUT_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        std::vector<char*> raw;
        for (auto& arg : argv) {
            raw.push_back(arg.data());
        }
        raw.push_back(nullptr);
        ::execv(raw[0], raw.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    m_err = pipe_fds[0];
    ::fcntl(m_err, F_SETFL, O_NONBLOCK);
    const std::string marker = "serving http://";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd entry{m_err, POLLIN, 0};
        ::poll(&entry, 1, 100);
        drain();
        if (const auto at = m_err_text.find(marker); at != std::string::npos) {
            const auto slash = m_err_text.find('/', at + marker.size());
            const auto colon = m_err_text.rfind(':', slash);
            if (slash != std::string::npos && colon != std::string::npos && colon > at) {
                m_port = std::stoi(m_err_text.substr(colon + 1, slash - colon - 1));
                return;
            }
        }
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = 0;
            drain();
            throw std::runtime_error("certgate serve exited before serving: " + m_err_text);
        }
    }
    stop();
    throw std::runtime_error("certgate serve did not say its port within 30 s: " + m_err_text);
}

ServeProcess::~ServeProcess()
{
    stop();
    if (m_err >= 0) {
        ::close(m_err);
    }
}

std::string ServeProcess::base_url() const
{
    return "http://127.0.0.1:" + std::to_string(m_port);
}

void ServeProcess::drain()
{
    char buffer[4096];
    for (;;) {
        const auto got = ::read(m_err, buffer, sizeof(buffer));
        if (got <= 0) {
            return;
        }
        m_err_text.append(buffer, static_cast<std::size_t>(got));
    }
}

std::string ServeProcess::err()
{
    drain();
    return m_err_text;
}

int ServeProcess::stop(std::chrono::milliseconds timeout)
{
    if (m_pid == 0) {
        return -1;
    }
    ::kill(m_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (::waitpid(m_pid, &status, WNOHANG) == 0) {
        drain();
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &status, 0);
            m_pid = 0;
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    m_pid = 0;
    drain();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace certgate::testing
