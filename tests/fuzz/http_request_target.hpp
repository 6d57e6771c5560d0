#pragma once
// Fuzzes the console's HTTP server (adapters/http_server over cpp-httplib)
// with raw request bytes: one bound server on loopback for the whole run; each
// input is sent on a new connection, which is then half-closed, and the answer
// read to its end. Checks: the server answers or closes within a deadline
// (never hangs on a malformed or partial request), every answer starts with a
// status line of a known status, and the handler only ever sees a path
// that starts with '/' (http_server::origin_path).
// Shared by the harness (http_request_fuzzer.cpp) and the replay of its kept
// inputs in the normal suite (tests/unit/app/fuzz_regressions_test.cpp).

#include "certgate/adapters/http_server/http_server.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace certgate::fuzz {

namespace http_request_detail {

inline http_server::HttpResponse echo(const http_server::HttpRequest& request)
{
    if (request.path.empty() || request.path.front() != '/') {
        std::abort(); // the adapter hands handlers only a path (http_server::origin_path)
    }
    std::string body = request.path;
    for (const auto& [name, value] : request.query) {
        body += "\n" + name + "=" + value;
    }
    return {200, "text/plain; charset=utf-8", std::move(body), {}};
}

// The server, started once; short timeouts so that partial requests end fast.
inline int server_port()
{
    static const int port = [] {
        http_server::ServerOptions options;
        options.host = "127.0.0.1";
        options.port = 0;
        options.limits.read_timeout = std::chrono::milliseconds{200};
        options.limits.write_timeout = std::chrono::milliseconds{200};
        options.limits.request_deadline = std::chrono::milliseconds{400};
        options.limits.threads = 2;
        auto bound = http_server::HttpServer::bind(options, echo);
        if (!bound) {
            std::abort();
        }
        // Never destroyed: it serves until the process ends.
        http_server::HttpServer* server = bound->release();
        std::thread([server] { server->run(); }).detach();
        return server->port();
    }();
    return port;
}

} // namespace http_request_detail

inline void fuzz_http_request(std::string_view input)
{
    const int port = http_request_detail::server_port();
    const int connection = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (connection < 0) {
        return;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(connection, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(connection);
        return;
    }
    // Beyond the request cap (16 KiB) the server stops reading; what is sent
    // past a full socket buffer is dropped, as a client that gives up would.
    std::size_t written = 0;
    while (written < input.size()) {
        const auto sent =
            ::send(connection, input.data() + written, input.size() - written, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent <= 0) {
            break;
        }
        written += static_cast<std::size_t>(sent);
    }
    ::shutdown(connection, SHUT_WR);
    std::string answer;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{5};
    char buffer[8192];
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            std::abort(); // the server neither answered nor closed: a hang
        }
        pollfd ready{connection, POLLIN, 0};
        if (::poll(&ready, 1, static_cast<int>(left)) <= 0) {
            continue;
        }
        const auto got = ::recv(connection, buffer, sizeof buffer, 0);
        if (got <= 0) {
            break; // closed (or reset, when the server stopped reading)
        }
        if (answer.size() < 64 * 1024) {
            answer.append(buffer, static_cast<std::size_t>(got));
        }
    }
    ::close(connection);
    if (answer.empty()) {
        return;
    }
    // Every answer (possibly several, keep-alive) starts with a status line.
    if (answer.compare(0, 9, "HTTP/1.1 ") != 0 || answer.size() < 12) {
        std::abort();
    }
    const int status = std::atoi(answer.substr(9, 3).c_str());
    if (status < 200 || status > 599) {
        std::abort();
    }
}

} // namespace certgate::fuzz
