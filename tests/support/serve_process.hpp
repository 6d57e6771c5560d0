#pragma once
// A `certgate serve` started for one test: the test waits for its
// "serving http://HOST:PORT/" line, talks to it over loopback, then stops it
// with SIGTERM and checks how it ended.

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace certgate::testing {

class ServeProcess {
public:
    /// Runs `certgate serve ARGS... --listen LISTEN` and waits up to 30 s for
    /// the line naming the port; throws std::runtime_error (with stderr) when
    /// it exits or does not say it first.
    explicit ServeProcess(const std::vector<std::string>& args, const std::string& listen = "127.0.0.1:0");
    ~ServeProcess();
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] pid_t pid() const { return m_pid; }
    /// "http://127.0.0.1:PORT".
    [[nodiscard]] std::string base_url() const;

    /// Sends SIGTERM and waits (at most `timeout`): the exit status, -1 when
    /// killed by a signal or when it had to be killed.
    int stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
    /// What it wrote to stderr so far.
    [[nodiscard]] std::string err();

private:
    void drain();
    pid_t m_pid = 0;
    int m_err = -1;
    int m_port = 0;
    std::string m_err_text;
};

} // namespace certgate::testing
