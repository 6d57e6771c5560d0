#include "certgate/adapters/probe/tls_probe.hpp"
#include "certgate/core/free_with.hpp"

#include "connection.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <system_error>

namespace certgate::probe {
namespace {

using detail::Deadline;
using detail::Readiness;
using detail::Socket;

using SslCtxFree = FreeWith<SSL_CTX_free>;
using SslFree = FreeWith<SSL_free>;
using StoreCtxFree = FreeWith<X509_STORE_CTX_free>;

// OpenSSL writes to the socket with write(2); a peer that has gone away
// raises SIGPIPE. Block it on this thread while probing and swallow any
// SIGPIPE the probe raised, leaving the process's signal handling alone.
class SigpipeGuard {
public:
    SigpipeGuard()
    {
        sigemptyset(&m_pipe);
        sigaddset(&m_pipe, SIGPIPE);
        sigset_t pending;
        sigemptyset(&pending);
        sigpending(&pending);
        m_was_pending = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &m_pipe, &m_old);
    }
    ~SigpipeGuard()
    {
        if (!m_was_pending) {
            sigset_t pending;
            sigemptyset(&pending);
            sigpending(&pending);
            if (sigismember(&pending, SIGPIPE) == 1) {
                const timespec zero{};
                sigtimedwait(&m_pipe, nullptr, &zero);
            }
        }
        pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
    }
    SigpipeGuard(const SigpipeGuard&) = delete;
    SigpipeGuard& operator=(const SigpipeGuard&) = delete;

private:
    sigset_t m_pipe{};
    sigset_t m_old{};
    bool m_was_pending = false;
};

// A context that reads any server's chain: no verification during the
// handshake (done afterwards, so that expired and self-signed chains are
// still read) and every protocol version and cipher a server may still use.
std::unique_ptr<SSL_CTX, SslCtxFree> make_context()
{
    std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) {
        return nullptr;
    }
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_security_level(ctx.get(), 0);
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_VERSION);
    SSL_CTX_set_options(ctx.get(), SSL_OP_LEGACY_SERVER_CONNECT);
    SSL_CTX_set_cipher_list(ctx.get(), "ALL:!aNULL:!eNULL:@SECLEVEL=0");
    return ctx;
}

bool peer_does_not_speak_tls(int reason)
{
    return reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_UNKNOWN_PROTOCOL ||
           reason == SSL_R_PACKET_LENGTH_TOO_LONG || reason == SSL_R_HTTP_REQUEST ||
           reason == SSL_R_HTTPS_PROXY_REQUEST || reason == SSL_R_RECORD_LENGTH_MISMATCH ||
           reason == SSL_R_UNEXPECTED_RECORD || reason == SSL_R_UNEXPECTED_MESSAGE || reason == SSL_R_LENGTH_MISMATCH ||
           reason == SSL_R_BAD_PACKET_LENGTH;
}

Error handshake_error(int ssl_error, int saved_errno, const std::string& where)
{
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code != 0) {
        const int reason = ERR_GET_REASON(code);
        const char* text = ERR_reason_error_string(code);
        const std::string detail = text != nullptr ? text : "error " + std::to_string(reason);
        if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
            return make_error(ErrorCode::network, "the server closed the connection during the tls handshake", where);
        }
        if (peer_does_not_speak_tls(reason)) {
            return make_error(ErrorCode::network, "the server does not speak TLS (" + detail + ")", where);
        }
        return make_error(ErrorCode::network, "tls handshake failed: " + detail, where);
    }
    if (ssl_error == SSL_ERROR_SYSCALL && saved_errno != 0) {
        if (saved_errno == ECONNRESET || saved_errno == EPIPE) {
            return make_error(ErrorCode::network, "the server reset the connection during the tls handshake", where);
        }
        return make_error(ErrorCode::network, "tls handshake failed: " + std::generic_category().message(saved_errno),
                          where);
    }
    if (ssl_error == SSL_ERROR_SYSCALL || ssl_error == SSL_ERROR_ZERO_RETURN) {
        return make_error(ErrorCode::network, "the server closed the connection during the tls handshake", where);
    }
    return make_error(ErrorCode::network, "tls handshake failed (ssl error " + std::to_string(ssl_error) + ")", where);
}

Result<void> handshake(SSL* ssl, const Socket& socket, const Deadline& deadline, const std::string& where)
{
    for (;;) {
        ERR_clear_error();
        errno = 0;
        const int status = SSL_do_handshake(ssl);
        if (status == 1) {
            return {};
        }
        const int saved_errno = errno;
        const int ssl_error = SSL_get_error(ssl, status);
        Readiness readiness = Readiness::readable;
        if (ssl_error == SSL_ERROR_WANT_WRITE) {
            readiness = Readiness::writable;
        } else if (ssl_error != SSL_ERROR_WANT_READ) {
            return handshake_error(ssl_error, saved_errno, where);
        }
        auto ready = detail::wait_ready(socket.fd(), readiness, deadline.remaining());
        if (!ready) {
            return make_error(ErrorCode::network, ready.error().message, where);
        }
        if (!*ready) {
            return detail::deadline_error(deadline, "during the tls handshake", where);
        }
    }
}

std::string to_der(X509* certificate)
{
    const int length = i2d_X509(certificate, nullptr);
    if (length <= 0) {
        return {};
    }
    std::string der(static_cast<std::size_t>(length), '\0');
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL writes bytes
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    i2d_X509(certificate, &out);
    return der;
}

// Verifies as of `now`, or with no time check at all (`now` = nullopt).
// Returns OpenSSL's error code (X509_V_OK when the chain verifies).
int verify_at(X509* leaf, STACK_OF(X509) * chain, const TrustStore& trust, std::optional<Instant> now)
{
    std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), trust.native(), leaf, chain) != 1) {
        ERR_clear_error();
        return X509_V_ERR_UNSPECIFIED;
    }
    X509_STORE_CTX_set_default(ctx.get(), "ssl_server");
    X509_VERIFY_PARAM* parameters = X509_STORE_CTX_get0_param(ctx.get());
    if (now) {
        X509_VERIFY_PARAM_set_time(parameters, static_cast<time_t>(now->time_since_epoch().count()));
    } else {
        X509_VERIFY_PARAM_set_flags(parameters, X509_V_FLAG_NO_CHECK_TIME);
    }
    const int error = X509_verify_cert(ctx.get()) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return error;
}

void verify_chain(X509* leaf, STACK_OF(X509) * chain, const TrustStore& trust, Instant now, ProbeResult& result)
{
    const int error = verify_at(leaf, chain, trust, now);
    result.chain_verified = error == X509_V_OK;
    result.chain_trusted = result.chain_verified;
    if (result.chain_verified) {
        return;
    }
    result.verify_error =
        error == X509_V_ERR_UNSPECIFIED ? "cannot set up verification" : X509_verify_cert_error_string(error);
    // An expired (or not yet valid) chain that is otherwise sound is still
    // trusted: its dates are the policy's to judge, as for any certificate.
    if (error == X509_V_ERR_CERT_HAS_EXPIRED || error == X509_V_ERR_CERT_NOT_YET_VALID) {
        result.chain_trusted = verify_at(leaf, chain, trust, std::nullopt) == X509_V_OK;
    }
}

bool leaf_covers(X509* leaf, const Target& target)
{
    const std::string name = target.requested_name();
    if (!target.sni && target.host_is_ip()) {
        return X509_check_ip_asc(leaf, name.c_str(), 0) == 1;
    }
    return X509_check_host(leaf, name.c_str(), name.size(), 0, nullptr) == 1;
}

} // namespace

Result<ProbeResult> probe_endpoint(const Target& target, const ProbeOptions& options, const TrustStore& trust)
{
    const SigpipeGuard sigpipe_guard;
    const std::string where = target.label();
    const Deadline deadline(options.deadline);
    auto socket = detail::connect_to(target, options.connect_timeout, deadline);
    if (!socket) {
        return socket.error();
    }
    if (auto started = detail::start_tls(options.starttls, *socket, deadline, where); !started) {
        return started.error();
    }
    auto ctx = make_context();
    std::unique_ptr<SSL, SslFree> ssl(ctx ? SSL_new(ctx.get()) : nullptr);
    if (!ssl || SSL_set_fd(ssl.get(), socket->fd()) != 1) {
        ERR_clear_error();
        return make_error(ErrorCode::internal, "cannot set up a tls connection", where);
    }
    ProbeResult result;
    if (target.sni || !target.host_is_ip()) {
        result.sni = target.requested_name();
        if (SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, result.sni.data()) != 1) {
            ERR_clear_error();
            return make_error(ErrorCode::usage, "cannot send \"" + result.sni + "\" as the server name", where);
        }
    }
    SSL_set_connect_state(ssl.get());
    if (auto done = handshake(ssl.get(), *socket, deadline, where); !done) {
        return done.error();
    }
    result.tls_version = SSL_get_version(ssl.get());
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl.get());
    X509* leaf = SSL_get0_peer_certificate(ssl.get());
    if (leaf == nullptr || chain == nullptr || sk_X509_num(chain) == 0) {
        return make_error(ErrorCode::network, "the server sent no certificate", where);
    }
    for (int i = 0; i < sk_X509_num(chain); ++i) {
        result.chain_der.push_back(to_der(sk_X509_value(chain, i)));
    }
    verify_chain(leaf, chain, trust, options.now, result);
    result.name_matches = leaf_covers(leaf, target);
    return result;
}

} // namespace certgate::probe
