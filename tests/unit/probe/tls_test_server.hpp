#pragma once
// A small threaded TLS server on loopback for the probe tests: serves a given
// chain (or one per SNI name), speaks STARTTLS, or misbehaves on purpose.
// Header-only so that tests/unit/probe and tests/e2e/probe can both use it.

#include "support/certificates.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace certgate::testing {

/// What the server does with each connection.
enum class PeerBehaviour {
    tls,                   ///< a TLS handshake serving the chain
    silent,                ///< accepts and never speaks
    garbage,               ///< answers with an HTTP error instead of TLS
    close_mid_handshake,   ///< reads the ClientHello, then closes
    trickle,               ///< reads the ClientHello, then sends one byte a second
    smtp_starttls,         ///< SMTP greeting, EHLO, STARTTLS, then TLS
    smtp_refuses_starttls, ///< SMTP that answers STARTTLS with 454
    imap_starttls,         ///< IMAP a001 STARTTLS, then TLS
    pop3_starttls,         ///< POP3 STLS, then TLS
    ftp_starttls,          ///< FTP AUTH TLS, then TLS
    long_line,             ///< a greeting line of 10,000 bytes
    endless_reply,         ///< "220-" continuation lines without end
};

/// A leaf and the chain certificates served after it.
struct ServedChain {
    TestCertificate leaf;
    std::vector<TestCertificate> chain;
};

/// How to set a server up.
struct ServerSetup {
    std::string address = "127.0.0.1"; ///< "127.0.0.1" or "::1"
    PeerBehaviour behaviour = PeerBehaviour::tls;
    std::optional<ServedChain> served;          ///< what to serve without (or for an unknown) SNI
    std::map<std::string, ServedChain> by_name; ///< what to serve for an SNI name
};

/// A server that serves `served` (after the STARTTLS dialogue of `behaviour`).
inline ServerSetup serving(ServedChain served, PeerBehaviour behaviour = PeerBehaviour::tls,
                           std::string address = "127.0.0.1")
{
    ServerSetup setup;
    setup.address = std::move(address);
    setup.behaviour = behaviour;
    setup.served = std::move(served);
    return setup;
}

/// A server that serves a chain per SNI name (the first for other names).
inline ServerSetup serving_by_name(std::map<std::string, ServedChain> by_name)
{
    ServerSetup setup;
    setup.by_name = std::move(by_name);
    return setup;
}

/// A server that misbehaves and serves no certificate.
inline ServerSetup misbehaving(PeerBehaviour behaviour)
{
    ServerSetup setup;
    setup.behaviour = behaviour;
    return setup;
}

/// True when a socket can be bound to ::1 here.
inline bool ipv6_loopback_available()
{
    const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
    const bool ok = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
    ::close(fd);
    return ok;
}

/// A port on 127.0.0.1 where nothing listens (connections are refused).
inline std::uint16_t refused_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
    auto* raw = reinterpret_cast<sockaddr*>(&address);
    socklen_t length = sizeof(address);
    if (fd < 0 || ::bind(fd, raw, length) != 0 || ::getsockname(fd, raw, &length) != 0) {
        throw std::runtime_error("cannot bind a loopback port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

/// A TLS server on a loopback port chosen by the system; stops when destroyed.
class TlsTestServer {
public:
    explicit TlsTestServer(ServerSetup setup) : m_setup(std::move(setup))
    {
        if (m_setup.served) {
            m_default = make_context(*m_setup.served);
        }
        for (const auto& [name, served] : m_setup.by_name) {
            m_named.emplace(name, make_context(served));
            if (!m_default) {
                m_default = make_context(served);
            }
        }
        if (!m_default && needs_tls()) {
            throw std::runtime_error("the test server has nothing to serve");
        }
        if (m_default) {
            SSL_CTX_callback_ctrl(m_default.get(), SSL_CTRL_SET_TLSEXT_SERVERNAME_CB,
                                  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
                                  reinterpret_cast<void (*)()>(&TlsTestServer::on_server_name));
            SSL_CTX_ctrl(m_default.get(), SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, this);
        }
        if (::pipe2(m_stop_pipe, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe failed");
        }
        listen_on(m_setup.address);
        m_acceptor = std::thread([this] { accept_loop(); });
    }

    ~TlsTestServer()
    {
        m_stopping = true;
        const char byte = 'x';
        [[maybe_unused]] const auto written = ::write(m_stop_pipe[1], &byte, 1);
        m_acceptor.join();
        {
            const std::lock_guard lock(m_mutex);
            for (int fd : m_open) {
                ::shutdown(fd, SHUT_RDWR);
            }
        }
        for (std::thread& handler : m_handlers) {
            handler.join();
        }
        ::close(m_listen_fd);
        ::close(m_stop_pipe[0]);
        ::close(m_stop_pipe[1]);
    }

    TlsTestServer(const TlsTestServer&) = delete;
    TlsTestServer& operator=(const TlsTestServer&) = delete;

    [[nodiscard]] std::uint16_t port() const { return m_port; }
    /// "127.0.0.1:PORT" or "[::1]:PORT".
    [[nodiscard]] std::string endpoint() const
    {
        const std::string host =
            m_setup.address.find(':') != std::string::npos ? "[" + m_setup.address + "]" : m_setup.address;
        return host + ":" + std::to_string(m_port);
    }
    /// Connections accepted so far.
    [[nodiscard]] int accepted() const { return m_accepted.load(); }
    /// The SMTP/IMAP/POP3/FTP commands received, in order.
    [[nodiscard]] std::vector<std::string> commands() const
    {
        const std::lock_guard lock(m_mutex);
        return m_commands;
    }

private:
    struct CtxFree {
        void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
    };
    using Ctx = std::unique_ptr<SSL_CTX, CtxFree>;

    [[nodiscard]] bool needs_tls() const
    {
        return m_setup.behaviour == PeerBehaviour::tls || m_setup.behaviour == PeerBehaviour::smtp_starttls ||
               m_setup.behaviour == PeerBehaviour::imap_starttls || m_setup.behaviour == PeerBehaviour::pop3_starttls ||
               m_setup.behaviour == PeerBehaviour::ftp_starttls;
    }

    static Ctx make_context(const ServedChain& served)
    {
        Ctx ctx(SSL_CTX_new(TLS_server_method()));
        if (!ctx || SSL_CTX_use_certificate(ctx.get(), served.leaf.x509()) != 1 ||
            SSL_CTX_use_PrivateKey(ctx.get(), served.leaf.key()) != 1) {
            throw std::runtime_error("cannot set up the test server's certificate");
        }
        for (const TestCertificate& certificate : served.chain) {
            if (SSL_CTX_ctrl(ctx.get(), SSL_CTRL_CHAIN_CERT, 1, certificate.x509()) != 1) {
                throw std::runtime_error("cannot add a chain certificate");
            }
        }
        return ctx;
    }

    static int on_server_name(SSL* ssl, int*, void* arg)
    {
        auto* self = static_cast<TlsTestServer*>(arg);
        const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
        if (name != nullptr) {
            const auto found = self->m_named.find(name);
            if (found != self->m_named.end()) {
                SSL_set_SSL_CTX(ssl, found->second.get());
            }
        }
        return SSL_TLSEXT_ERR_OK;
    }

    void listen_on(const std::string& address)
    {
        const bool v6 = address.find(':') != std::string::npos;
        m_listen_fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_storage storage{};
        socklen_t length = 0;
        if (v6) {
            sockaddr_in6 in6{};
            in6.sin6_family = AF_INET6;
            ::inet_pton(AF_INET6, address.c_str(), &in6.sin6_addr);
            std::memcpy(&storage, &in6, sizeof(in6));
            length = sizeof(in6);
        } else {
            sockaddr_in in4{};
            in4.sin_family = AF_INET;
            ::inet_pton(AF_INET, address.c_str(), &in4.sin_addr);
            std::memcpy(&storage, &in4, sizeof(in4));
            length = sizeof(in4);
        }
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
        auto* raw = reinterpret_cast<sockaddr*>(&storage);
        if (m_listen_fd < 0 || ::bind(m_listen_fd, raw, length) != 0 || ::listen(m_listen_fd, 128) != 0 ||
            ::getsockname(m_listen_fd, raw, &length) != 0) {
            throw std::runtime_error("cannot listen on " + address);
        }
        if (v6) {
            sockaddr_in6 in6{};
            std::memcpy(&in6, &storage, sizeof(in6));
            m_port = ntohs(in6.sin6_port);
        } else {
            sockaddr_in in4{};
            std::memcpy(&in4, &storage, sizeof(in4));
            m_port = ntohs(in4.sin_port);
        }
    }

    void accept_loop()
    {
        for (;;) {
            pollfd entries[2] = {{m_listen_fd, POLLIN, 0}, {m_stop_pipe[0], POLLIN, 0}};
            if (::poll(entries, 2, -1) < 0 || (entries[1].revents & POLLIN) != 0) {
                return;
            }
            const int fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                continue;
            }
            ++m_accepted;
            const std::lock_guard lock(m_mutex);
            m_open.insert(fd);
            m_handlers.emplace_back([this, fd] { serve(fd); });
        }
    }

    // Waits up to `ms` for the stop signal or for the peer; true when stopping.
    bool wait_stop(int fd, int ms) const
    {
        pollfd entries[2] = {{fd, POLLIN, 0}, {m_stop_pipe[0], POLLIN, 0}};
        ::poll(entries, 2, ms);
        return m_stopping.load() || (entries[1].revents & POLLIN) != 0;
    }

    // Waits until the peer closes or the server stops.
    void hold(int fd) const
    {
        char buffer[4096];
        while (!wait_stop(fd, 1000)) {
            if (::recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT) == 0) {
                return;
            }
        }
    }

    static void send_text(int fd, const std::string& text)
    {
        [[maybe_unused]] const auto sent = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    }

    // Reads one command line, byte by byte so nothing of the TLS handshake
    // that follows is consumed.
    std::string read_command(int fd)
    {
        std::string line;
        char c = 0;
        while (line.size() < 1024 && ::recv(fd, &c, 1, 0) == 1 && c != '\n') {
            if (c != '\r') {
                line += c;
            }
        }
        const std::lock_guard lock(m_mutex);
        m_commands.push_back(line);
        return line;
    }

    void handshake(int fd)
    {
        SSL* ssl = SSL_new(m_default.get());
        if (ssl == nullptr) {
            return;
        }
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) == 1) {
            SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        ERR_clear_error();
    }

    void serve(int fd)
    {
        // Clients hang up mid-write on purpose; a SIGPIPE raised on this
        // thread stays pending and dies with it.
        sigset_t pipe_only;
        sigemptyset(&pipe_only);
        sigaddset(&pipe_only, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
        timeval timeout{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        char buffer[4096];
        switch (m_setup.behaviour) {
        case PeerBehaviour::tls:
            handshake(fd);
            break;
        case PeerBehaviour::silent:
            hold(fd);
            break;
        case PeerBehaviour::garbage:
            send_text(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            hold(fd);
            break;
        case PeerBehaviour::close_mid_handshake:
            static_cast<void>(::recv(fd, buffer, sizeof(buffer), 0));
            break;
        case PeerBehaviour::trickle: {
            static_cast<void>(::recv(fd, buffer, sizeof(buffer), 0));
            // A handshake record header announcing 16 KiB, then one byte a second.
            const std::string bytes("\x16\x03\x03\x40\x00\x02\x00\x3f\xfc\x03\x03", 11);
            for (std::size_t i = 0; !wait_stop(fd, i == 0 ? 0 : 1000); i = (i + 1) % bytes.size()) {
                if (::send(fd, &bytes[i], 1, MSG_NOSIGNAL) != 1) {
                    break;
                }
            }
            break;
        }
        case PeerBehaviour::smtp_starttls:
        case PeerBehaviour::smtp_refuses_starttls:
            send_text(fd, "220 mail.test ESMTP ready\r\n");
            read_command(fd);
            send_text(fd, "250-mail.test greets you\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
            read_command(fd);
            if (m_setup.behaviour == PeerBehaviour::smtp_refuses_starttls) {
                send_text(fd, "454 4.7.0 TLS not available\r\n");
                hold(fd);
                break;
            }
            send_text(fd, "220 2.0.0 go ahead\r\n");
            handshake(fd);
            break;
        case PeerBehaviour::imap_starttls:
            send_text(fd, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
            read_command(fd);
            send_text(fd, "a001 OK begin TLS now\r\n");
            handshake(fd);
            break;
        case PeerBehaviour::pop3_starttls:
            send_text(fd, "+OK POP3 ready\r\n");
            read_command(fd);
            send_text(fd, "+OK begin TLS\r\n");
            handshake(fd);
            break;
        case PeerBehaviour::long_line:
            send_text(fd, "220-" + std::string(10000, 'x'));
            hold(fd);
            break;
        case PeerBehaviour::endless_reply:
            for (int i = 0; i < 1000 && !m_stopping.load(); ++i) {
                send_text(fd, "220-more\r\n");
            }
            hold(fd);
            break;
        case PeerBehaviour::ftp_starttls:
            send_text(fd, "220-Welcome\r\n220 FTP ready\r\n");
            read_command(fd);
            send_text(fd, "234 AUTH TLS successful\r\n");
            handshake(fd);
            break;
        }
        const std::lock_guard lock(m_mutex);
        m_open.erase(fd);
        ::close(fd);
    }

    ServerSetup m_setup;
    Ctx m_default;
    std::map<std::string, Ctx> m_named;
    int m_listen_fd = -1;
    int m_stop_pipe[2] = {-1, -1};
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_accepted{0};
    mutable std::mutex m_mutex;
    std::set<int> m_open;
    std::vector<std::string> m_commands;
    std::vector<std::thread> m_handlers;
    std::thread m_acceptor;
};

} // namespace certgate::testing
