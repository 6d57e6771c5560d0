// A small SMTP client (RFC 5321) on blocking sockets with timeouts and
// OpenSSL for STARTTLS and implicit TLS.

#include "certgate/adapters/delivery/email.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <vector>

namespace certgate::delivery {

namespace {

constexpr std::size_t k_max_line = 4096;
constexpr std::size_t k_max_reply_lines = 100;

struct SslCtxFree {
    void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
};

std::string openssl_reason()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "handshake failed";
    }
    const char* reason = ERR_reason_error_string(code);
    return reason == nullptr ? "handshake failed" : reason;
}

std::string base64(std::string_view data)
{
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int size =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(size));
    return out;
}

struct Reply {
    int code = 0;
    std::vector<std::string> lines; ///< text after the code and separator
    [[nodiscard]] std::string text() const
    {
        std::string joined = std::to_string(code);
        for (const auto& line : lines) {
            joined += " " + line;
        }
        return joined;
    }
};

class Connection {
public:
    Connection(const SmtpSettings& settings)
        : m_settings(settings), m_where("smtp://" + settings.host + ":" + std::to_string(settings.port))
    {
    }
    ~Connection()
    {
        m_ssl.reset();
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    [[nodiscard]] const std::string& where() const { return m_where; }

    Error network(const std::string& message) const { return make_error(ErrorCode::network, message, m_where); }

    Result<void> connect()
    {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        const std::string port = std::to_string(m_settings.port);
        if (const int rc = getaddrinfo(m_settings.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
            return network("cannot resolve \"" + m_settings.host + "\": " + gai_strerror(rc));
        }
        std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);
        std::string last_error = "no address";
        for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
            const int fd = ::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
            if (fd < 0) {
                last_error = std::strerror(errno);
                continue;
            }
            const int flags = fcntl(fd, F_GETFL, 0);
            fcntl(fd, F_SETFL, flags | O_NONBLOCK);
            int rc = ::connect(fd, address->ai_addr, address->ai_addrlen);
            if (rc != 0 && errno == EINPROGRESS) {
                pollfd waiting{fd, POLLOUT, 0};
                rc = ::poll(&waiting, 1, static_cast<int>(m_settings.timeout.count()));
                if (rc == 0) {
                    ::close(fd);
                    last_error = "connection timed out after " + std::to_string(m_settings.timeout.count()) + " ms";
                    continue;
                }
                int so_error = 0;
                socklen_t length = sizeof so_error;
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &length);
                rc = so_error == 0 ? 0 : -1;
                errno = so_error;
            }
            if (rc != 0) {
                last_error = std::strerror(errno);
                ::close(fd);
                continue;
            }
            fcntl(fd, F_SETFL, flags);
            timeval limit{};
            limit.tv_sec = static_cast<time_t>(m_settings.timeout.count() / 1000);
            limit.tv_usec = static_cast<suseconds_t>((m_settings.timeout.count() % 1000) * 1000);
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
            m_fd = fd;
            return {};
        }
        std::string lowered = last_error;
        std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return network("cannot connect: " + lowered);
    }

    Result<void> start_tls()
    {
        m_ctx.reset(SSL_CTX_new(TLS_client_method()));
        if (!m_ctx) {
            return network("cannot start TLS: " + openssl_reason());
        }
        SSL_CTX_set_min_proto_version(m_ctx.get(), TLS1_2_VERSION);
        if (m_settings.verify == TlsVerify::verify) {
            SSL_CTX_set_verify(m_ctx.get(), SSL_VERIFY_PEER, nullptr);
            const bool loaded =
                m_settings.ca_file
                    ? SSL_CTX_load_verify_locations(m_ctx.get(), m_settings.ca_file->c_str(), nullptr) == 1
                    : SSL_CTX_set_default_verify_paths(m_ctx.get()) == 1;
            if (!loaded) {
                return network("cannot load CA certificates: " + openssl_reason());
            }
        }
        m_ssl.reset(SSL_new(m_ctx.get()));
        if (!m_ssl) {
            return network("cannot start TLS: " + openssl_reason());
        }
        // An IP address is checked against IP SANs and never sent as SNI.
        in6_addr ignored{};
        const bool is_ip = inet_pton(AF_INET, m_settings.host.c_str(), &ignored) == 1 ||
                           inet_pton(AF_INET6, m_settings.host.c_str(), &ignored) == 1;
        if (!is_ip) {
            SSL_ctrl(m_ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char*>(m_settings.host.c_str()));
        }
        if (m_settings.verify == TlsVerify::verify) {
            X509_VERIFY_PARAM* param = SSL_get0_param(m_ssl.get());
            const int set = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, m_settings.host.c_str())
                                  : X509_VERIFY_PARAM_set1_host(param, m_settings.host.c_str(), 0);
            if (set != 1) {
                return network("cannot set the expected host name: " + openssl_reason());
            }
        }
        SSL_set_fd(m_ssl.get(), m_fd);
        if (SSL_connect(m_ssl.get()) != 1) {
            const long verify = SSL_get_verify_result(m_ssl.get());
            if (verify != X509_V_OK) {
                return network(std::string("TLS certificate not trusted: ") + X509_verify_cert_error_string(verify));
            }
            return network("TLS handshake failed: " + openssl_reason());
        }
        m_buffer.clear();
        return {};
    }

    Result<void> write(std::string_view data)
    {
        while (!data.empty()) {
            long written = 0;
            if (m_ssl) {
                const int rc =
                    SSL_write(m_ssl.get(), data.data(), static_cast<int>(std::min<std::size_t>(data.size(), 1 << 20)));
                if (rc <= 0) {
                    return network("cannot write: " + io_error());
                }
                written = rc;
            } else {
                written = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
                if (written <= 0) {
                    if (errno == EINTR) {
                        continue;
                    }
                    return network("cannot write: " + io_error());
                }
            }
            data.remove_prefix(static_cast<std::size_t>(written));
        }
        return {};
    }

    Result<std::string> read_line()
    {
        while (true) {
            if (const auto end = m_buffer.find('\n'); end != std::string::npos) {
                std::string line = m_buffer.substr(0, end);
                m_buffer.erase(0, end + 1);
                if (!line.empty() && line.back() == '\r') {
                    line.pop_back();
                }
                return line;
            }
            if (m_buffer.size() > k_max_line) {
                return make_error(ErrorCode::remote, "answered a line longer than 4096 bytes", m_where);
            }
            char chunk[2048];
            long got = 0;
            if (m_ssl) {
                got = SSL_read(m_ssl.get(), chunk, sizeof chunk);
            } else {
                got = ::recv(m_fd, chunk, sizeof chunk, 0);
                if (got < 0 && errno == EINTR) {
                    continue;
                }
            }
            if (got == 0) {
                return network("the server closed the connection");
            }
            if (got < 0) {
                return network("cannot read: " + io_error());
            }
            m_buffer.append(chunk, static_cast<std::size_t>(got));
        }
    }

    Result<Reply> read_reply()
    {
        Reply reply;
        for (std::size_t count = 0; count < k_max_reply_lines; ++count) {
            auto line = read_line();
            if (!line) {
                return line.error();
            }
            if (line->size() < 3 || !std::isdigit(static_cast<unsigned char>((*line)[0])) ||
                !std::isdigit(static_cast<unsigned char>((*line)[1])) ||
                !std::isdigit(static_cast<unsigned char>((*line)[2])) ||
                (line->size() > 3 && (*line)[3] != ' ' && (*line)[3] != '-')) {
                return make_error(ErrorCode::remote, "answered \"" + line->substr(0, 80) + "\", expected an SMTP reply",
                                  m_where);
            }
            reply.code = std::stoi(line->substr(0, 3));
            reply.lines.push_back(line->size() > 4 ? line->substr(4) : std::string{});
            if (line->size() == 3 || (*line)[3] == ' ') {
                return reply;
            }
        }
        return make_error(ErrorCode::remote, "answered more than 100 reply lines", m_where);
    }

    /// Sends a command and expects a reply in [low, high].
    Result<Reply> command(const std::string& line, int low, int high, const std::string& shown)
    {
        if (auto sent = write(line + "\r\n"); !sent) {
            return sent.error();
        }
        return expect(low, high, shown);
    }

    Result<Reply> expect(int low, int high, const std::string& shown)
    {
        auto reply = read_reply();
        if (!reply) {
            return reply.error();
        }
        if (reply->code < low || reply->code > high) {
            return make_error(ErrorCode::remote, "refused " + shown + ": " + reply->text(), m_where);
        }
        return reply;
    }

private:
    std::string io_error() const
    {
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return "timed out after " + std::to_string(m_settings.timeout.count()) + " ms";
        }
        std::string text = std::strerror(errno);
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return text;
    }

    const SmtpSettings& m_settings;
    std::string m_where;
    int m_fd = -1;
    std::unique_ptr<SSL_CTX, SslCtxFree> m_ctx;
    std::unique_ptr<SSL, SslFree> m_ssl;
    std::string m_buffer;
};

bool has_capability(const Reply& ehlo, std::string_view name, std::string_view argument = {})
{
    for (const auto& line : ehlo.lines) {
        std::string upper = line;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (upper.rfind(name, 0) != 0) {
            continue;
        }
        if (argument.empty()) {
            return true;
        }
        if (upper.find(std::string(" ") + std::string(argument)) != std::string::npos) {
            return true;
        }
    }
    return false;
}

bool clean_address(const std::string& address)
{
    return !address.empty() && address.find_first_of("<>\r\n ") == std::string::npos;
}

} // namespace

Result<SmtpTls> parse_smtp_tls(std::string_view text)
{
    if (text == "none") {
        return SmtpTls::none;
    }
    if (text == "starttls") {
        return SmtpTls::starttls;
    }
    if (text == "implicit") {
        return SmtpTls::implicit;
    }
    return make_error(ErrorCode::usage,
                      "unknown TLS mode \"" + std::string(text) + "\", expected one of: none, starttls, implicit",
                      "--smtp-tls");
}

std::string smtp_data(const std::string& message)
{
    std::string data;
    data.reserve(message.size() + message.size() / 50 + 8);
    bool line_start = true;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (line_start && c == '.') {
            data.push_back('.');
        }
        if (c == '\r') {
            continue;
        }
        if (c == '\n') {
            data += "\r\n";
            line_start = true;
            continue;
        }
        data.push_back(c);
        line_start = false;
    }
    if (!line_start) {
        data += "\r\n";
    }
    data += ".\r\n";
    return data;
}

Result<void> send_email(const SmtpSettings& settings, const EmailMessage& message, Instant date)
{
    const std::string where = "smtp://" + settings.host + ":" + std::to_string(settings.port);
    if (!clean_address(settings.from)) {
        return make_error(ErrorCode::usage, "invalid sender address \"" + settings.from + "\"", "--smtp-from");
    }
    if (!clean_address(message.to)) {
        return make_error(ErrorCode::input, "invalid recipient address \"" + message.to + "\"", where);
    }
    Connection connection(settings);
    if (auto connected = connection.connect(); !connected) {
        return connected.error();
    }
    if (settings.tls == SmtpTls::implicit) {
        if (auto secured = connection.start_tls(); !secured) {
            return secured.error();
        }
    }
    if (auto greeting = connection.expect(220, 220, "the connection"); !greeting) {
        return greeting.error();
    }
    auto ehlo = connection.command("EHLO " + settings.helo_name, 250, 250, "EHLO");
    if (!ehlo) {
        return ehlo.error();
    }
    if (settings.tls == SmtpTls::starttls) {
        if (!has_capability(*ehlo, "STARTTLS")) {
            return make_error(ErrorCode::remote, "does not offer STARTTLS (use --smtp-tls none or implicit)", where);
        }
        if (auto ready = connection.command("STARTTLS", 220, 220, "STARTTLS"); !ready) {
            return ready.error();
        }
        if (auto secured = connection.start_tls(); !secured) {
            return secured.error();
        }
        ehlo = connection.command("EHLO " + settings.helo_name, 250, 250, "EHLO");
        if (!ehlo) {
            return ehlo.error();
        }
    }
    if (settings.user) {
        if (has_capability(*ehlo, "AUTH", "PLAIN")) {
            const std::string token =
                base64(std::string(1, '\0') + *settings.user + std::string(1, '\0') + settings.password);
            if (auto auth = connection.command("AUTH PLAIN " + token, 235, 235, "AUTH PLAIN"); !auth) {
                return auth.error();
            }
        } else if (has_capability(*ehlo, "AUTH", "LOGIN")) {
            if (auto step = connection.command("AUTH LOGIN", 334, 334, "AUTH LOGIN"); !step) {
                return step.error();
            }
            if (auto step = connection.command(base64(*settings.user), 334, 334, "the user name"); !step) {
                return step.error();
            }
            if (auto step = connection.command(base64(settings.password), 235, 235, "the password"); !step) {
                return step.error();
            }
        } else {
            return make_error(ErrorCode::remote, "offers neither AUTH PLAIN nor AUTH LOGIN", where);
        }
    }
    const std::string body_8bit = has_capability(*ehlo, "8BITMIME") ? " BODY=8BITMIME" : "";
    if (auto mail = connection.command("MAIL FROM:<" + settings.from + ">" + body_8bit, 250, 250, "MAIL FROM"); !mail) {
        return mail.error();
    }
    if (auto rcpt = connection.command("RCPT TO:<" + message.to + ">", 250, 251, "RCPT TO"); !rcpt) {
        return rcpt.error();
    }
    if (auto data = connection.command("DATA", 354, 354, "DATA"); !data) {
        return data.error();
    }
    if (auto sent = connection.write(smtp_data(format_email(message, settings.from, date))); !sent) {
        return sent.error();
    }
    if (auto accepted = connection.expect(250, 250, "the message"); !accepted) {
        return accepted.error();
    }
    // The message is accepted; a failed QUIT does not undo that.
    (void)connection.command("QUIT", 221, 221, "QUIT");
    return {};
}

} // namespace certgate::delivery
