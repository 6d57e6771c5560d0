#include "connection.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace certgate::probe::detail {
namespace {

using std::chrono::milliseconds;

constexpr std::size_t k_max_line = 4096;

std::string ms_text(milliseconds value)
{
    return std::to_string(value.count()) + " ms";
}

std::string errno_text(int error)
{
    return std::generic_category().message(error);
}

// One name lookup. getaddrinfo blocks and cannot be cancelled, so it runs on
// its own thread; when the deadline passes first the probe gives up and the
// thread finishes on its own, freeing its result.
struct Lookup {
    std::mutex mutex;
    std::condition_variable done_signal;
    bool done = false;
    int status = 0;
    int system_error = 0;
    addrinfo* result = nullptr;

    Lookup() = default;
    Lookup(const Lookup&) = delete;
    Lookup& operator=(const Lookup&) = delete;
    ~Lookup()
    {
        if (result != nullptr) {
            freeaddrinfo(result);
        }
    }
};

void run_lookup(const std::shared_ptr<Lookup>& lookup, const std::string& host, const std::string& service,
                bool numeric)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | (numeric ? AI_NUMERICHOST : 0);
    addrinfo* result = nullptr;
    const int status = getaddrinfo(host.c_str(), service.c_str(), &hints, &result);
    const int system_error = errno;
    const std::lock_guard lock(lookup->mutex);
    lookup->status = status;
    lookup->system_error = system_error;
    lookup->result = result;
    lookup->done = true;
    lookup->done_signal.notify_all();
}

struct Address {
    sockaddr_storage storage{};
    socklen_t length = 0;
};

Result<std::vector<Address>> resolve(const Target& target, const Deadline& deadline, const std::string& where)
{
    auto lookup = std::make_shared<Lookup>();
    const std::string service = std::to_string(target.port);
    if (target.host_is_ip()) {
        run_lookup(lookup, target.host, service, true);
    } else {
        try {
            std::thread([lookup, host = target.host, service] { run_lookup(lookup, host, service, false); }).detach();
        } catch (const std::system_error&) {
            run_lookup(lookup, target.host, service, false);
        }
    }
    std::unique_lock lock(lookup->mutex);
    if (!lookup->done_signal.wait_for(lock, deadline.remaining(), [&] { return lookup->done; })) {
        return make_error(ErrorCode::network,
                          "dns lookup of \"" + target.host + "\" timed out after " + ms_text(deadline.budget()), where);
    }
    if (lookup->status != 0) {
        const std::string reason =
            lookup->status == EAI_SYSTEM ? errno_text(lookup->system_error) : std::string(gai_strerror(lookup->status));
        return make_error(ErrorCode::network, "dns lookup of \"" + target.host + "\" failed: " + reason, where);
    }
    std::vector<Address> addresses;
    for (const addrinfo* info = lookup->result; info != nullptr; info = info->ai_next) {
        if (info->ai_addrlen > sizeof(sockaddr_storage)) {
            continue;
        }
        Address address;
        std::memcpy(&address.storage, info->ai_addr, info->ai_addrlen);
        address.length = info->ai_addrlen;
        addresses.push_back(address);
    }
    if (addresses.empty()) {
        return make_error(ErrorCode::network, "dns lookup of \"" + target.host + "\" found no address", where);
    }
    return addresses;
}

// One connect attempt; an empty error message means success.
Result<Socket> connect_once(const Address& address, milliseconds limit, const std::string& where)
{
    Socket socket{::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
    if (socket.fd() < 0) {
        return make_error(ErrorCode::network, "cannot open a socket: " + errno_text(errno), where);
    }
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API takes sockaddr*
    const auto* raw = reinterpret_cast<const sockaddr*>(&address.storage);
    if (::connect(socket.fd(), raw, address.length) == 0) {
        return socket;
    }
    if (errno != EINPROGRESS) {
        const int error = errno;
        return make_error(ErrorCode::network,
                          error == ECONNREFUSED ? "connection refused" : "cannot connect: " + errno_text(error), where);
    }
    auto ready = wait_ready(socket.fd(), Readiness::writable, limit);
    if (!ready) {
        return ready.error();
    }
    if (!*ready) {
        return make_error(ErrorCode::network, "connection timed out after " + ms_text(limit), where);
    }
    int error = 0;
    socklen_t length = sizeof(error);
    if (getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
        error = errno;
    }
    if (error != 0) {
        return make_error(ErrorCode::network,
                          error == ECONNREFUSED ? "connection refused" : "cannot connect: " + errno_text(error), where);
    }
    return socket;
}

} // namespace

Deadline::Deadline(milliseconds budget) : m_budget(budget), m_end(std::chrono::steady_clock::now() + budget) {}

milliseconds Deadline::remaining() const
{
    const auto left = std::chrono::ceil<milliseconds>(m_end - std::chrono::steady_clock::now());
    return left.count() > 0 ? left : milliseconds{0};
}

Socket::~Socket()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

Socket& Socket::operator=(Socket&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

Result<bool> wait_ready(int fd, Readiness readiness, milliseconds limit)
{
    const auto end = std::chrono::steady_clock::now() + limit;
    pollfd entry{};
    entry.fd = fd;
    entry.events = readiness == Readiness::readable ? POLLIN : POLLOUT;
    for (;;) {
        const auto left = std::chrono::ceil<milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return false;
        }
        const int status = ::poll(&entry, 1, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
        if (status > 0) {
            return true; // readable, writable, or an error the next call reports
        }
        if (status == 0) {
            return false;
        }
        if (errno != EINTR) {
            return make_error(ErrorCode::network, "poll failed: " + errno_text(errno));
        }
    }
}

Error deadline_error(const Deadline& deadline, std::string_view what, const std::string& where)
{
    return make_error(ErrorCode::network, "timed out after " + ms_text(deadline.budget()) + " " + std::string(what),
                      where);
}

Result<Socket> connect_to(const Target& target, milliseconds connect_timeout, const Deadline& deadline)
{
    const std::string where = target.label();
    auto addresses = resolve(target, deadline, where);
    if (!addresses) {
        return addresses.error();
    }
    std::optional<Error> last;
    for (const Address& address : *addresses) {
        const milliseconds left = deadline.remaining();
        if (left.count() <= 0) {
            break;
        }
        const bool capped_by_deadline = left < connect_timeout;
        auto socket = connect_once(address, capped_by_deadline ? left : connect_timeout, where);
        if (socket) {
            return socket;
        }
        last = socket.error();
        if (capped_by_deadline && deadline.remaining().count() <= 0) {
            return deadline_error(deadline, "while connecting", where);
        }
    }
    if (!last) {
        return deadline_error(deadline, "while connecting", where);
    }
    return *last;
}

Result<std::string> LineReader::read_line(std::string_view what)
{
    for (;;) {
        const auto newline = m_buffer.find('\n');
        if (newline != std::string::npos) {
            std::string line = m_buffer.substr(0, newline);
            m_buffer.erase(0, newline + 1);
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            return line;
        }
        if (m_buffer.size() > k_max_line) {
            return make_error(ErrorCode::network,
                              "line longer than " + std::to_string(k_max_line) + " bytes in " + std::string(what),
                              m_where);
        }
        auto ready = wait_ready(m_socket.fd(), Readiness::readable, m_deadline.remaining());
        if (!ready) {
            return make_error(ErrorCode::network, ready.error().message, m_where);
        }
        if (!*ready) {
            return deadline_error(m_deadline, "waiting for " + std::string(what), m_where);
        }
        char chunk[512];
        const ssize_t got = ::recv(m_socket.fd(), chunk, sizeof(chunk), 0);
        if (got == 0) {
            return make_error(ErrorCode::network,
                              "the server closed the connection while waiting for " + std::string(what), m_where);
        }
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                continue;
            }
            return make_error(ErrorCode::network, "cannot read " + std::string(what) + ": " + errno_text(errno),
                              m_where);
        }
        m_buffer.append(chunk, static_cast<std::size_t>(got));
    }
}

Result<void> LineReader::write_all(std::string_view text, std::string_view what)
{
    while (!text.empty()) {
        const ssize_t sent = ::send(m_socket.fd(), text.data(), text.size(), MSG_NOSIGNAL);
        if (sent > 0) {
            text.remove_prefix(static_cast<std::size_t>(sent));
            continue;
        }
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return make_error(ErrorCode::network, "cannot send " + std::string(what) + ": " + errno_text(errno),
                              m_where);
        }
        auto ready = wait_ready(m_socket.fd(), Readiness::writable, m_deadline.remaining());
        if (!ready) {
            return make_error(ErrorCode::network, ready.error().message, m_where);
        }
        if (!*ready) {
            return deadline_error(m_deadline, "sending " + std::string(what), m_where);
        }
    }
    return {};
}

} // namespace certgate::probe::detail
