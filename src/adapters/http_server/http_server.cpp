#include "certgate/adapters/http_server/http_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <deque>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace certgate::http_server {
namespace {

using Clock = std::chrono::steady_clock;

// Set while the accept thread answers a connection the pool has no room for.
thread_local bool t_overloaded = false;

int poll_for(int socket, short events, std::chrono::milliseconds timeout)
{
    pollfd entry{socket, events, 0};
    const auto wait = static_cast<int>(std::max<std::chrono::milliseconds::rep>(timeout.count(), 0));
    int ready = 0;
    do {
        ready = ::poll(&entry, 1, wait);
    } while (ready < 0 && errno == EINTR);
    return ready > 0 && (entry.revents & (events | POLLHUP | POLLERR)) != 0 ? 1 : 0;
}

std::chrono::milliseconds until(Clock::time_point deadline)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
}

void address_of(int socket, bool peer, std::string& ip, int& port)
{
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    auto* raw = reinterpret_cast<sockaddr*>(&address);
    if ((peer ? ::getpeername(socket, raw, &length) : ::getsockname(socket, raw, &length)) != 0) {
        return;
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
        ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
        port = ntohs(v4->sin_port);
    } else if (address.ss_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
        ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
        port = ntohs(v6->sin6_port);
    }
    ip = text;
}

// A socket stream whose reads stop at a deadline per request and at a byte
// cap per request: cpp-httplib 0.11 only bounds each read, so a client that
// drips one header byte every few seconds would otherwise hold a thread for
// ever. It buffers because httplib reads request lines one byte at a time.
class DeadlineStream final : public httplib::Stream {
public:
    DeadlineStream(int socket, const ServerLimits& limits) : m_socket(socket), m_limits(limits) {}

    // Starts the budget of the next request.
    void start_request()
    {
        m_deadline = Clock::now() + m_limits.request_deadline;
        m_write_deadline = m_deadline + m_limits.request_deadline + m_limits.write_timeout;
        m_request_bytes = 0;
    }

    // Waits for the first byte of a kept-alive connection's next request.
    bool wait_for_request() { return m_begin < m_end || poll_for(m_socket, POLLIN, m_limits.read_timeout) > 0; }

    bool is_readable() const override
    {
        return m_begin < m_end || poll_for(m_socket, POLLIN, std::min(m_limits.read_timeout, until(m_deadline))) > 0;
    }

    bool is_writable() const override
    {
        return poll_for(m_socket, POLLOUT, std::min(m_limits.write_timeout, until(m_write_deadline))) > 0;
    }

    ssize_t read(char* destination, size_t size) override
    {
        if (m_begin == m_end && !fill()) {
            return -1;
        }
        const size_t count = std::min(size, m_end - m_begin);
        std::memcpy(destination, m_buffer + m_begin, count);
        m_begin += count;
        return static_cast<ssize_t>(count);
    }

    ssize_t write(const char* source, size_t size) override
    {
        if (!is_writable()) {
            return -1;
        }
        ssize_t sent = 0;
        do {
            sent = ::send(m_socket, source, size, MSG_NOSIGNAL);
        } while (sent < 0 && errno == EINTR);
        return sent;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(m_socket, true, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(m_socket, false, ip, port); }
    socket_t socket() const override { return m_socket; }

    // True once a request ran into its deadline or its byte cap: the
    // connection is closed after httplib's answer, never kept alive.
    [[nodiscard]] bool exhausted() const { return m_exhausted; }

private:
    bool fill()
    {
        if (m_request_bytes >= m_limits.max_request_bytes || !is_readable()) {
            m_exhausted = true;
            return false;
        }
        const size_t room = std::min(sizeof(m_buffer), m_limits.max_request_bytes - m_request_bytes);
        ssize_t got = 0;
        do {
            got = ::recv(m_socket, m_buffer, room, 0);
        } while (got < 0 && errno == EINTR);
        if (got <= 0) {
            return false;
        }
        m_begin = 0;
        m_end = static_cast<size_t>(got);
        m_request_bytes += m_end;
        return true;
    }

    int m_socket;
    const ServerLimits& m_limits;
    Clock::time_point m_deadline{};
    Clock::time_point m_write_deadline{};
    std::size_t m_request_bytes = 0;
    bool m_exhausted = false;
    char m_buffer[4096] = {};
    size_t m_begin = 0;
    size_t m_end = 0;
};

// A fixed pool with a bounded queue. A connection beyond the queue is run on
// the accept thread in overload mode: answered 503 without reading, at once.
class BoundedPool final : public httplib::TaskQueue {
public:
    BoundedPool(std::size_t threads, std::size_t max_queued) : m_max_queued(max_queued)
    {
        for (std::size_t i = 0; i < threads; ++i) {
            m_workers.emplace_back([this] { work(); });
        }
    }

    // Connections accepted and waiting for a worker.
    [[nodiscard]] bool has_waiting() const { return m_waiting.load() > 0; }

    void enqueue(std::function<void()> job) override
    {
        {
            std::unique_lock lock(m_mutex);
            if (m_jobs.size() < m_max_queued) {
                m_jobs.push_back(std::move(job));
                m_waiting = m_jobs.size();
                m_ready.notify_one();
                return;
            }
        }
        t_overloaded = true;
        job();
        t_overloaded = false;
    }

    void shutdown() override
    {
        {
            std::unique_lock lock(m_mutex);
            m_stopping = true;
        }
        m_ready.notify_all();
        for (auto& worker : m_workers) {
            worker.join();
        }
    }

private:
    void work()
    {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(m_mutex);
                m_ready.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
                if (m_jobs.empty()) {
                    return;
                }
                job = std::move(m_jobs.front());
                m_jobs.pop_front();
                m_waiting = m_jobs.size();
            }
            job();
        }
    }

    std::size_t m_max_queued;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::function<void()>> m_jobs;
    std::atomic<std::size_t> m_waiting = 0;
    std::vector<std::thread> m_workers;
    bool m_stopping = false;
};

constexpr std::string_view k_overloaded = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                          "Content-Length: 20\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
                                          "server is too busy\r\n";

// httplib's Server with our own connection loop (deadline stream, keep-alive
// limit, overload answer) around its request parser and router.
class BoundedServer final : public httplib::Server {
public:
    explicit BoundedServer(const ServerLimits& limits) : m_limits(limits) {}

    // httplib listens with a backlog of 5 (compiled into Debian's library):
    // a burst of clients would wait in SYN retries instead of reaching the
    // accept loop, which answers them (503 when the pool is full). Listening
    // again on the bound socket raises it.
    void widen_backlog() { ::listen(svr_sock_, k_backlog); }

    static constexpr int k_backlog = 1024;

    // The pool that serves this server's connections (set by new_task_queue).
    void serve_with(const BoundedPool* pool) { m_pool = pool; }

private:
    bool process_and_close_socket(socket_t socket) override
    {
        bool ok = true;
        if (t_overloaded) {
            // Never blocks: the accept thread must go on accepting.
            (void)::send(socket, k_overloaded.data(), k_overloaded.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        } else {
            DeadlineStream stream(socket, m_limits);
            for (std::size_t left = m_limits.keep_alive_max_requests; left > 0; --left) {
                if (left != m_limits.keep_alive_max_requests && !stream.wait_for_request()) {
                    break;
                }
                stream.start_request();
                // Keep-alive only while nobody waits: a kept connection holds its
                // worker, and a hundred busy clients would starve the queue.
                const bool last = left == 1 || !is_running() || (m_pool != nullptr && m_pool.load()->has_waiting());
                bool closed = false;
                ok = process_request(stream, last, closed, [](httplib::Request&) {});
                if (!ok || closed || stream.exhausted()) {
                    break;
                }
            }
        }
        ::shutdown(socket, SHUT_RDWR);
        ::close(socket);
        return ok;
    }

    const ServerLimits& m_limits;
    std::atomic<const BoundedPool*> m_pool = nullptr;
};

} // namespace

class HttpServer::Impl {
public:
    Impl(const ServerOptions& options, Handler handler)
        : m_options(options), m_server(m_options.limits), m_handler(std::move(handler))
    {
        const auto& limits = m_options.limits;
        m_server.new_task_queue = [this] {
            auto* pool = new BoundedPool(m_options.limits.threads, m_options.limits.max_queued_connections);
            m_server.serve_with(pool);
            return pool;
        };
        const auto seconds = [](std::chrono::milliseconds duration) {
            return std::pair<time_t, time_t>(static_cast<time_t>(duration.count() / 1000),
                                             static_cast<time_t>((duration.count() % 1000) * 1000));
        };
        m_server.set_read_timeout(seconds(limits.read_timeout).first, seconds(limits.read_timeout).second);
        m_server.set_write_timeout(seconds(limits.write_timeout).first, seconds(limits.write_timeout).second);
        m_server.set_keep_alive_max_count(limits.keep_alive_max_requests);
        m_server.set_keep_alive_timeout(seconds(limits.read_timeout).first);
        m_server.set_payload_max_length(limits.max_request_bytes);
        httplib::Headers headers;
        for (const auto& [name, value] : m_options.default_headers) {
            headers.emplace(name, value);
        }
        m_server.set_default_headers(headers);
        m_server.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
            if (request.method != "GET" && request.method != "HEAD") {
                // Refused before any body is read: the console has no mutating endpoint.
                response.status = 405;
                response.set_header("Allow", "GET, HEAD");
                response.set_content("the console is read only: only GET and HEAD are served\n", "text/plain");
                return httplib::Server::HandlerResponse::Handled;
            }
            if (request.headers.size() > m_options.limits.max_headers) {
                response.status = 431;
                response.set_content("too many header fields\n", "text/plain");
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
        m_server.Get(
            ".*", [this](const httplib::Request& request, httplib::Response& response) { serve(request, response); });
        m_server.set_exception_handler(
            [](const httplib::Request&, httplib::Response& response, const std::exception_ptr&) {
                response.status = 500;
                response.set_content("internal error\n", "text/plain");
            });
    }

    Result<void> bind()
    {
        const auto& host = m_options.host;
        const std::string where =
            (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(m_options.port);
        if (m_options.port == 0) {
            m_port = m_server.bind_to_any_port(host);
        } else if (m_server.bind_to_port(host, m_options.port)) {
            m_port = m_options.port;
        }
        if (m_port > 0) {
            m_server.widen_backlog();
        }
        if (m_port <= 0) {
            return make_error(ErrorCode::network,
                              "could not listen there (address in use, not local, or a port below 1024 without the "
                              "right); choose another --listen",
                              where);
        }
        return {};
    }

    void serve(const httplib::Request& request, httplib::Response& response) const
    {
        HttpRequest mine;
        auto path = origin_path(request.path);
        if (!path) {
            // cpp-httplib takes any request target; handlers are promised a
            // path, so "GET x" or "GET *" is the client's error (RFC 9112 3.2).
            response.status = 400;
            response.set_content("bad request target\n", "text/plain; charset=utf-8");
            return;
        }
        mine.path = std::move(*path);
        for (const auto& [name, value] : request.params) {
            mine.query[name] = value;
        }
        const HttpResponse answer = m_handler(mine);
        response.status = answer.status;
        for (const auto& [name, value] : answer.headers) {
            response.set_header(name, value);
        }
        response.set_content(answer.body, answer.content_type);
    }

    ServerOptions m_options;
    BoundedServer m_server;
    Handler m_handler;
    int m_port = 0;
};

std::optional<std::string> origin_path(std::string_view target)
{
    if (!target.empty() && target.front() == '/') {
        return std::string(target);
    }
    for (const std::string_view scheme : {"http://", "https://"}) {
        if (target.size() >= scheme.size() &&
            std::equal(scheme.begin(), scheme.end(), target.begin(),
                       [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
            const auto slash = target.find('/', scheme.size());
            return slash == std::string_view::npos ? std::string("/") : std::string(target.substr(slash));
        }
    }
    return std::nullopt;
}

Result<std::unique_ptr<HttpServer>> HttpServer::bind(const ServerOptions& options, Handler handler)
{
    auto impl = std::make_unique<Impl>(options, std::move(handler));
    if (auto bound = impl->bind(); !bound) {
        return bound.error();
    }
    return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

HttpServer::~HttpServer() = default;

int HttpServer::port() const
{
    return m_impl->m_port;
}

bool HttpServer::run()
{
    return m_impl->m_server.listen_after_bind();
}

void HttpServer::stop()
{
    m_impl->m_server.stop();
}

bool is_loopback(const std::string& host)
{
    if (host == "localhost" || host == "::1") {
        return true;
    }
    in_addr address{};
    return ::inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

Result<std::pair<std::string, int>> parse_listen_address(const std::string& text)
{
    const auto fail = [] {
        return make_error(ErrorCode::usage, "expected HOST:PORT such as 127.0.0.1:8080 or [::1]:8080", "--listen");
    };
    std::string host;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find("]:");
        if (close == std::string::npos) {
            return fail();
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos || text.find(':') != colon) {
            return fail();
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (host.empty()) {
        host = "0.0.0.0";
    }
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) > 65535) {
        return fail();
    }
    return std::pair<std::string, int>(host, std::stoi(port));
}

void block_stop_signals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int wait_for_stop_signal()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    int received = 0;
    while (sigwait(&signals, &received) != 0) {
    }
    return received;
}

void interrupt_stop_wait()
{
    ::kill(::getpid(), SIGTERM);
}

} // namespace certgate::http_server
