#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace certgate::testing {
namespace {

void close_fd(int& fd)
{
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

} // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options)
{
    // A program may exit before reading all of its stdin (a refused query):
    // writing to it must give EPIPE, not kill the test.
    static const bool sigpipe_ignored = ::signal(SIGPIPE, SIG_IGN) != SIG_ERR;
    (void)sigpipe_ignored;
    int in_pipe[2];
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    // Build the child's environment before forking.
    std::map<std::string, std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text{*entry};
        const auto equals = text.find('=');
        if (equals != std::string::npos) {
            environment[text.substr(0, equals)] = text.substr(equals + 1);
        }
    }
    for (const auto& name : options.unset_environment) {
        environment.erase(name);
    }
    for (const auto& [name, value] : options.environment) {
        environment[name] = value;
    }
    std::vector<std::string> env_strings;
    for (const auto& [name, value] : environment) {
        env_strings.push_back(name + "=" + value);
    }
    std::vector<char*> env_pointers;
    for (auto& text : env_strings) {
        env_pointers.push_back(text.data());
    }
    env_pointers.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> arg_pointers;
    for (auto& arg : args) {
        arg_pointers.push_back(arg.data());
    }
    arg_pointers.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        if (options.stdin_text) {
            ::dup2(in_pipe[0], 0);
        } else {
            const int null_fd = ::open("/dev/null", O_RDONLY);
            ::dup2(null_fd, 0);
        }
        // SIGPIPE as a shell leaves it, whatever this test process ignores
        // (an ignored signal stays ignored across execve).
        struct sigaction default_action {};
        default_action.sa_handler = SIG_DFL;
        ::sigaction(SIGPIPE, &default_action, nullptr);
        int gone[2];
        if (options.stdout_closed && ::pipe(gone) == 0) {
            ::close(gone[0]);
            ::dup2(gone[1], 1);
        } else {
            ::dup2(out_pipe[1], 1);
        }
        ::dup2(err_pipe[1], 2);
        if (!options.working_directory.empty() && ::chdir(options.working_directory.c_str()) != 0) {
            ::_exit(127);
        }
        ::execve(arg_pointers[0], arg_pointers.data(), env_pointers.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    int stdin_fd = in_pipe[1];
    int stdout_fd = out_pipe[0];
    int stderr_fd = err_pipe[0];
    if (!options.stdin_text) {
        close_fd(stdin_fd);
    } else {
        ::fcntl(stdin_fd, F_SETFL, O_NONBLOCK);
    }

    ProcessResult result;
    std::size_t written = 0;
    const auto deadline = std::chrono::steady_clock::now() + options.timeout;
    char buffer[65536];
    while (stdout_fd >= 0 || stderr_fd >= 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            result.timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
        std::vector<pollfd> fds;
        if (stdin_fd >= 0) {
            fds.push_back({stdin_fd, POLLOUT, 0});
        }
        if (stdout_fd >= 0) {
            fds.push_back({stdout_fd, POLLIN, 0});
        }
        if (stderr_fd >= 0) {
            fds.push_back({stderr_fd, POLLIN, 0});
        }
        if (::poll(fds.data(), fds.size(), static_cast<int>(std::min<long>(left.count(), 1000))) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (const pollfd& entry : fds) {
            if (entry.revents == 0) {
                continue;
            }
            if (entry.fd == stdin_fd) {
                const std::string& text = *options.stdin_text;
                if (written < text.size()) {
                    const ssize_t n = ::write(stdin_fd, text.data() + written, text.size() - written);
                    if (n > 0) {
                        written += static_cast<std::size_t>(n);
                    } else if (n < 0 && errno != EAGAIN) {
                        close_fd(stdin_fd);
                        continue;
                    }
                }
                if (written >= text.size()) {
                    close_fd(stdin_fd);
                }
                continue;
            }
            const ssize_t n = ::read(entry.fd, buffer, sizeof buffer);
            if (n <= 0) {
                if (entry.fd == stdout_fd) {
                    close_fd(stdout_fd);
                } else {
                    close_fd(stderr_fd);
                }
                continue;
            }
            (entry.fd == stdout_fd ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
        }
    }
    close_fd(stdin_fd);
    close_fd(stdout_fd);
    close_fd(stderr_fd);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFEXITED(status) && !result.timed_out) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    }
    return result;
}

std::string certgate_program()
{
    return CERTGATE_PROGRAM;
}
std::string external_program()
{
    return CERTGATE_EXTERNAL_PROGRAM;
}

std::string source_path(const std::string& relative)
{
    return relative.empty() ? std::string(CERTGATE_SOURCE_DIR) : std::string(CERTGATE_SOURCE_DIR) + "/" + relative;
}

ProcessResult run_certgate(const std::vector<std::string>& args, const ProcessOptions& options)
{
    std::vector<std::string> argv{certgate_program()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, options);
}

} // namespace certgate::testing

#include "support/temp_dir.hpp"

namespace certgate::testing {

std::string schema_errors(const std::string& schema_path, const std::string& json_text)
{
    TempDir dir;
    const std::string instance = dir.write("instance.json", json_text);
    const auto result =
        run_process({"/usr/bin/python3", source_path("tests/tools/validate_json_schema.py"), schema_path, instance});
    if (result.exit_code == 0) {
        return "";
    }
    return result.err.empty() ? "validator exited " + std::to_string(result.exit_code) : result.err;
}

} // namespace certgate::testing
