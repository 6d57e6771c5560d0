#pragma once
// A small, bounded, read-only HTTP/1.1 server (cpp-httplib; the only server
// in src/). Every connection has a deadline per request, a request size cap,
// a header count cap and a keep-alive limit; a fixed thread pool serves them
// and connections beyond its queue are answered 503 at once.

#include "certgate/core/result.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certgate::http_server {

/// The bounds every connection lives within.
struct ServerLimits {
    std::size_t max_request_bytes = 16 * 1024; ///< request line, headers and body of one request
    std::size_t max_headers = 64;
    std::chrono::milliseconds read_timeout{5000};      ///< for each read, and the idle wait before a request
    std::chrono::milliseconds write_timeout{5000};     ///< for each write
    std::chrono::milliseconds request_deadline{10000}; ///< to receive one whole request (slow clients)
    std::size_t keep_alive_max_requests = 100;
    std::size_t threads = 8;
    std::size_t max_queued_connections = 256; ///< accepted, waiting for a thread; beyond: 503
};

/// What a handler sees of a GET (or HEAD) request.
struct HttpRequest {
    std::string path;                         ///< decoded, without the query
    std::map<std::string, std::string> query; ///< the last value of each parameter
};

/// What a handler answers.
struct HttpResponse {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; ///< extra headers
};

/// Answers one GET request; called from the pool's threads at once, so it
/// must be thread safe. Exceptions become a 500 without detail.
using Handler = std::function<HttpResponse(const HttpRequest&)>;

/// How the server is set up.
struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080; ///< 0: any free port (see HttpServer::port)
    ServerLimits limits;
    /// Sent with every response (security headers).
    std::vector<std::pair<std::string, std::string>> default_headers;
};

/// A bound server. Only GET and HEAD are served; every other method is
/// answered 405 with `Allow: GET, HEAD`.
class HttpServer {
public:
    /// Binds the listening socket. Fails (ErrorCode::io, naming host:port)
    /// when the address cannot be bound.
    [[nodiscard]] static Result<std::unique_ptr<HttpServer>> bind(const ServerOptions& options, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// The port bound (the chosen one when options.port was 0).
    [[nodiscard]] int port() const;
    /// Serves until stop() is called; returns false if the server failed.
    bool run();
    /// Stops run() from any thread; connections being served finish.
    void stop();

    class Impl;

private:
    explicit HttpServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// The path of a request target as the server parsed it (already
/// percent-decoded, without the query): an origin-form path ("/x") as it is,
/// an absolute-form target ("http://host/x", which servers must accept) as its
/// path ("/" when it has none), and nullopt for any other form ("x", "*"),
/// which is answered 400 without calling the handler.
[[nodiscard]] std::optional<std::string> origin_path(std::string_view target);

/// True for 127.0.0.0/8, ::1 and "localhost".
[[nodiscard]] bool is_loopback(const std::string& host);

/// Splits "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080" = all
/// addresses, port 0 = any free port). Fails (ErrorCode::usage) otherwise.
[[nodiscard]] Result<std::pair<std::string, int>> parse_listen_address(const std::string& text);

/// Blocks SIGINT and SIGTERM in the calling thread (and the threads it starts
/// later), so that wait_for_stop_signal receives them. Call before bind().
void block_stop_signals();

/// Waits for SIGINT or SIGTERM (blocked by block_stop_signals) and returns it.
int wait_for_stop_signal();

/// Ends wait_for_stop_signal from another thread (sends SIGTERM to the process).
void interrupt_stop_wait();

} // namespace certgate::http_server
