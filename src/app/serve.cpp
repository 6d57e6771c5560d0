#include "certgate/app/serve.hpp"

#include "certgate/adapters/http_server/http_server.hpp"
#include "certgate/app/console_view.hpp"
#include "certgate/core/severity.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

namespace certgate::app {
namespace {

// A clock-driven console is evaluated again when this much time has passed,
// so a page never lags the clock by more than a minute.
constexpr std::chrono::seconds k_clock_refresh{60};

// What identifies a version of the input file without reading it.
struct FileStamp {
    std::filesystem::file_time_type modified{};
    std::uintmax_t size = 0;
    friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

std::optional<FileStamp> stamp_of(const std::string& path)
{
    std::error_code error;
    const auto modified = std::filesystem::last_write_time(path, error);
    if (error) {
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        return std::nullopt;
    }
    return FileStamp{modified, size};
}

// The current snapshot, re-read when the input file's mtime or size changes.
// A failed re-read keeps the last good snapshot and marks it with the error
// until a later version of the file reads well.
class ConsoleFeed {
public:
    ConsoleFeed(const ServeRequest& request, const Environment& environment, Policy policy, bool fixed_now)
        : m_request(request), m_environment(environment), m_policy(std::move(policy)), m_fixed_now(fixed_now),
          m_path(request.inputs.state ? *request.inputs.state : *request.inputs.declarations),
          m_source{m_path, request.inputs.state ? SourceKind::state : SourceKind::file}
    {
    }

    // Reads the input and builds the first snapshot; its errors stop serve.
    Result<void> start(Instant now)
    {
        m_stamp = stamp_of(m_path);
        auto declarations = load_declarations(m_request.inputs, true);
        if (!declarations) {
            return declarations.error();
        }
        return rebuild(std::move(*declarations), now);
    }

    // The snapshot to answer with, refreshed first when the input changed.
    std::shared_ptr<const ConsoleSnapshot> current()
    {
        std::lock_guard lock(m_mutex);
        const auto stamp = stamp_of(m_path);
        if (stamp && stamp != m_stamp) {
            m_stamp = stamp;
            reload();
        } else if (!m_fixed_now && system_now() - m_snapshot->view.now >= k_clock_refresh) {
            if (auto rebuilt = rebuild(m_declarations, system_now()); !rebuilt) {
                mark(rebuilt.error());
            }
        }
        return m_snapshot;
    }

private:
    void reload()
    {
        auto declarations = load_declarations(m_request.inputs, true);
        if (!declarations) {
            mark(declarations.error());
            return;
        }
        if (auto rebuilt = rebuild(std::move(*declarations), now()); !rebuilt) {
            mark(rebuilt.error());
            return;
        }
        m_request.say("certgate: serve: re-read " + m_path);
    }

    Instant now() const { return m_fixed_now ? m_snapshot->view.now : system_now(); }

    Result<void> rebuild(Declarations declarations, Instant now)
    {
        auto store = open_named_store_read_only(m_request.store, m_environment);
        if (!store) {
            return store.error();
        }
        auto built = build_console_snapshot(declarations, m_policy, now, m_source, *store ? &**store : nullptr);
        if (!built) {
            return built.error();
        }
        m_declarations = std::move(declarations);
        m_snapshot = std::make_shared<const ConsoleSnapshot>(std::move(*built));
        return {};
    }

    // Keeps the last good view and says why it is not the newest.
    void mark(const Error& error)
    {
        auto marked = std::make_shared<ConsoleSnapshot>(*m_snapshot);
        marked->view.reload_error = "The last change of " + m_path + " could not be read (" + error.describe() +
                                    "); this page shows the certificates as last read. Fix the file and reload.";
        m_snapshot = std::move(marked);
        m_request.say("certgate: error: " + error.describe() + " (serve keeps the last good view)");
    }

    const ServeRequest& m_request;
    const Environment& m_environment;
    const Policy m_policy;
    const bool m_fixed_now;
    const std::string m_path;
    const ConsoleSource m_source;
    std::mutex m_mutex;
    std::optional<FileStamp> m_stamp;
    Declarations m_declarations;
    std::shared_ptr<const ConsoleSnapshot> m_snapshot;
};

http_server::HttpResponse html(int status, std::string body)
{
    return {status, "text/html; charset=utf-8", std::move(body), {}};
}

http_server::HttpResponse json(int status, std::string body)
{
    return {status, "application/json", std::move(body), {}};
}

// The list's filters; an unknown value is an error page, not an empty list.
Result<report::ConsoleFilter> filter_of(const http_server::HttpRequest& request)
{
    report::ConsoleFilter filter;
    if (const auto found = request.query.find("severity"); found != request.query.end() && !found->second.empty()) {
        auto severity = parse_severity(found->second, SeverityScope::gate_only);
        if (!severity) {
            return make_error(ErrorCode::usage,
                              "unknown severity, expected one of: ok, notice, warning, renew, critical, expired",
                              "severity");
        }
        filter.severity = *severity;
    }
    if (const auto found = request.query.find("status"); found != request.query.end() && !found->second.empty()) {
        auto status = parse_status(found->second, true);
        if (!status) {
            return make_error(ErrorCode::usage, "unknown status, expected one of: issued, hosting, uploaded, expired",
                              "status");
        }
        filter.status = *status;
    }
    return filter;
}

const report::ConsoleCertificate* find_certificate(const report::ConsoleView& view, std::string_view id)
{
    for (const auto& certificate : view.certificates) {
        if (certificate.id == id) {
            return &certificate;
        }
    }
    return nullptr;
}

http_server::HttpResponse route(ConsoleFeed& feed, const http_server::HttpRequest& request)
{
    const std::string& path = request.path;
    if (path == "/healthz") {
        return {200, "text/plain; charset=utf-8", "ok\n", {}};
    }
    if (path == "/console.css") {
        return {200, "text/css; charset=utf-8", report::console_stylesheet(), {}};
    }
    const auto snapshot = feed.current();
    const auto& view = snapshot->view;
    if (path == "/metrics") {
        return {200, "text/plain; version=0.0.4; charset=utf-8", snapshot->metrics, {}};
    }
    if (path == "/" || path == "/api/certificates") {
        auto filter = filter_of(request);
        if (!filter) {
            const std::string message = filter.error().where + ": " + filter.error().message;
            return path == "/" ? html(400, report::render_console_error(view, 400, message))
                               : json(400, report::render_console_error_json(message));
        }
        return path == "/" ? html(200, report::render_console_list(view, *filter))
                           : json(200, report::render_console_certificates_json(view, *filter));
    }
    if (path == "/recipients") {
        return html(200, report::render_console_recipients(view));
    }
    if (path == "/api/recipients") {
        return json(200, report::render_console_recipients_json(view));
    }
    for (const std::string_view prefix : {"/certificates/", "/api/certificates/"}) {
        if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0) {
            const bool api = prefix.front() == '/' && prefix[1] == 'a';
            const auto* certificate = find_certificate(view, std::string_view(path).substr(prefix.size()));
            if (certificate == nullptr) {
                return api ? json(404, report::render_console_error_json("no certificate with this id"))
                           : html(404, report::render_console_error(view, 404, "No certificate with this id."));
            }
            return api ? json(200, report::render_console_certificate_json(view, *certificate))
                       : html(200, report::render_console_certificate(view, *certificate));
        }
    }
    if (path.compare(0, 5, "/api/") == 0) {
        return json(404, report::render_console_error_json("no such endpoint"));
    }
    return html(404, report::render_console_error(view, 404, "No such page."));
}

} // namespace

Result<void> run_serve(const ServeRequest& request, const Environment& environment)
{
    auto listen = http_server::parse_listen_address(request.listen);
    if (!listen) {
        return listen.error();
    }
    if (request.inputs.state.value_or("") == "-" || request.inputs.declarations.value_or("") == "-") {
        return make_error(ErrorCode::usage, "serve re-reads its input when it changes: give a file, not stdin",
                          request.inputs.state ? "--state" : "--declarations");
    }
    auto run = load_declared_run(request.inputs, request.now, environment);
    if (!run) {
        return run.error();
    }
    const bool fixed_now = request.now || (environment.now && !environment.now->empty());
    ConsoleFeed feed(request, environment, run->policy, fixed_now);
    if (auto started = feed.start(run->now); !started) {
        return started.error();
    }
    if (!http_server::is_loopback(listen->first)) {
        request.say("certgate: warning: --listen: \"" + listen->first +
                    "\" is not a loopback address: anyone who can reach it sees every certificate and recipient");
    }
    http_server::ServerOptions options;
    options.host = listen->first;
    options.port = listen->second;
    options.default_headers = {{"Content-Security-Policy", "default-src 'none'; style-src 'self'"},
                               {"X-Content-Type-Options", "nosniff"},
                               {"Referrer-Policy", "no-referrer"},
                               {"X-Frame-Options", "DENY"},
                               {"Cache-Control", "no-store"}};
    // Before any thread starts, so that only the waiting thread gets them.
    http_server::block_stop_signals();
    auto server = http_server::HttpServer::bind(
        options, [&feed](const http_server::HttpRequest& http_request) { return route(feed, http_request); });
    if (!server) {
        return server.error();
    }
    const std::string host = listen->first.find(':') != std::string::npos ? "[" + listen->first + "]" : listen->first;
    request.say("certgate: serving http://" + host + ":" + std::to_string((*server)->port()) +
                "/ (stop with Ctrl-C or SIGTERM)");
    std::atomic<bool> failed = false;
    std::atomic<bool> finished = false;
    std::thread serving([&] {
        failed = !(*server)->run();
        finished = true;
        if (failed) {
            http_server::interrupt_stop_wait();
        }
    });
    const int signal = http_server::wait_for_stop_signal();
    // A signal that comes before the server thread listens would find nothing
    // to stop: ask again until it has returned.
    while (!finished) {
        (*server)->stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    serving.join();
    request.say("certgate: serve: stopped by " + std::string(signal == SIGINT ? "SIGINT" : "SIGTERM"));
    if (failed) {
        return make_error(ErrorCode::network, "the server stopped on an error", request.listen);
    }
    return {};
}

} // namespace certgate::app
