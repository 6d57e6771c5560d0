#pragma once
// Sockets with deadlines: name lookup, non-blocking connect and bounded line
// reads. Internal to the probe adapter.

#include "certgate/adapters/probe/starttls.hpp"
#include "certgate/adapters/probe/target.hpp"
#include "certgate/core/result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace certgate::probe::detail {

/// A point after which a probe gives up, with the budget it was given.
class Deadline {
public:
    explicit Deadline(std::chrono::milliseconds budget);
    /// Time left, never negative.
    [[nodiscard]] std::chrono::milliseconds remaining() const;
    [[nodiscard]] std::chrono::milliseconds budget() const { return m_budget; }

private:
    std::chrono::milliseconds m_budget;
    std::chrono::steady_clock::time_point m_end;
};

/// An open socket, closed on destruction.
class Socket {
public:
    Socket() = default;
    explicit Socket(int fd) : m_fd(fd) {}
    ~Socket();
    Socket(Socket&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    Socket& operator=(Socket&& other) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    [[nodiscard]] int fd() const { return m_fd; }

private:
    int m_fd = -1;
};

/// What a wait is for.
enum class Readiness { readable, writable };

/// Waits until `fd` is ready or `limit` passes; false on timeout. Fails on a
/// poll error.
[[nodiscard]] Result<bool> wait_ready(int fd, Readiness readiness, std::chrono::milliseconds limit);

/// "timed out after N ms <what>", the message of a passed deadline.
[[nodiscard]] Error deadline_error(const Deadline& deadline, std::string_view what, const std::string& where);

/// Resolves the target's host and connects to the first address that answers,
/// each attempt bounded by `connect_timeout` and all of it by `deadline`.
/// The socket is non-blocking.
[[nodiscard]] Result<Socket> connect_to(const Target& target, std::chrono::milliseconds connect_timeout,
                                        const Deadline& deadline);

/// Reads CRLF- or LF-terminated lines of at most 4096 bytes from a socket.
class LineReader {
public:
    LineReader(const Socket& socket, const Deadline& deadline, std::string where)
        : m_socket(socket), m_deadline(deadline), m_where(std::move(where))
    {
    }
    /// The next line without its line ending; `what` names what is awaited
    /// in error messages ("the smtp greeting").
    [[nodiscard]] Result<std::string> read_line(std::string_view what);
    /// Sends all of `text` before the deadline.
    [[nodiscard]] Result<void> write_all(std::string_view text, std::string_view what);

private:
    const Socket& m_socket;
    const Deadline& m_deadline;
    std::string m_where;
    std::string m_buffer;
};

/// Runs the plain-text part of a STARTTLS protocol up to the point where the
/// TLS handshake starts. Fails when the server refuses or misbehaves.
[[nodiscard]] Result<void> start_tls(StartTls protocol, const Socket& socket, const Deadline& deadline,
                                     const std::string& where);

} // namespace certgate::probe::detail
