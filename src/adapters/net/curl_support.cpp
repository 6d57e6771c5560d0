#include "curl_support.hpp"

#include <arpa/inet.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace certgate::net::detail {

namespace {

std::once_flag g_initialised;

bool is_ip_address(const std::string& host)
{
    in6_addr ignored{};
    return inet_pton(AF_INET, host.c_str(), &ignored) == 1 || inet_pton(AF_INET6, host.c_str(), &ignored) == 1;
}

// libcurl checks the host name itself as well; setting it on OpenSSL's
// verification parameters makes OpenSSL's RFC 6125 matcher (SANs before CN,
// case-insensitive, no partial wildcards) decide first, during the handshake.
CURLcode on_ssl_context(CURL* /*handle*/, void* ssl_context, void* user)
{
    auto* context = static_cast<SSL_CTX*>(ssl_context);
    const auto& state = *static_cast<const TransferState*>(user);
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    if (!state.tls.verify) {
        return CURLE_OK;
    }
    if (!state.tls.ca_file && SSL_CTX_set_default_verify_paths(context) != 1) {
        return CURLE_SSL_CACERT_BADFILE;
    }
    X509_VERIFY_PARAM* parameters = SSL_CTX_get0_param(context);
    X509_VERIFY_PARAM_set_hostflags(parameters, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int set = is_ip_address(state.host) ? X509_VERIFY_PARAM_set1_ip_asc(parameters, state.host.c_str())
                                              : X509_VERIFY_PARAM_set1_host(parameters, state.host.c_str(), 0);
    return set == 1 ? CURLE_OK : CURLE_SSL_CERTPROBLEM;
}

int on_progress(void* user, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/, curl_off_t /*ultotal*/, curl_off_t /*ulnow*/)
{
    return static_cast<const TransferState*>(user)->over_cap ? 1 : 0;
}

std::string lowercase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string os_error(CURL* handle)
{
    long error = 0;
    if (curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &error) != CURLE_OK || error == 0) {
        return {};
    }
    return " (" + lowercase(std::strerror(static_cast<int>(error))) + ")";
}

} // namespace

void initialise()
{
    std::call_once(g_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Easy new_easy()
{
    initialise();
    return Easy(curl_easy_init());
}

bool TransferState::count(std::size_t size)
{
    received += size;
    if (received > cap) {
        over_cap = true;
    }
    return !over_cap;
}

Result<void> set_common_options(CURL* handle, TransferState& state, const Limits& limits, const char* protocols,
                                const std::string& where)
{
    const auto budget = time_budget(limits, Clock::now());
    if (budget.count() <= 0) {
        return make_error(ErrorCode::network, "no time left before the deadline; not sent", where);
    }
    state.cap = limits.max_response_bytes;
    const long milliseconds = static_cast<long>(budget.count());
    bool ok = true;
    const auto set = [&](CURLoption option, auto value) {
        ok = ok && curl_easy_setopt(handle, option, value) == CURLE_OK;
    };
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_ERRORBUFFER, state.error_buffer);
    set(CURLOPT_TIMEOUT_MS, milliseconds);
    set(CURLOPT_CONNECTTIMEOUT_MS,
        limits.connect ? std::min(milliseconds, static_cast<long>(std::max<long long>(1, limits.connect->count())))
                       : milliseconds);
    set(CURLOPT_LOW_SPEED_LIMIT, std::max(1L, limits.min_bytes_per_second));
    set(CURLOPT_LOW_SPEED_TIME, std::max(1L, static_cast<long>(limits.stall.count())));
    set(CURLOPT_PROTOCOLS_STR, protocols);
    set(CURLOPT_FOLLOWLOCATION, 0L);
    // Proxies from the environment are not used: every exchange goes where
    // its settings say (documented in docs/notify.md).
    set(CURLOPT_PROXY, "");
    set(CURLOPT_NOPROGRESS, 0L);
    set(CURLOPT_XFERINFOFUNCTION, on_progress);
    set(CURLOPT_XFERINFODATA, &state);
    set(CURLOPT_SSL_VERIFYPEER, state.tls.verify ? 1L : 0L);
    set(CURLOPT_SSL_VERIFYHOST, state.tls.verify ? 2L : 0L);
    // Either the given bundle or, through the context callback, OpenSSL's
    // defaults (which honour SSL_CERT_FILE and SSL_CERT_DIR); never curl's
    // compiled-in path alone.
    set(CURLOPT_CAINFO, state.tls.ca_file ? state.tls.ca_file->c_str() : nullptr);
    set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));
    set(CURLOPT_SSL_CTX_FUNCTION, on_ssl_context);
    set(CURLOPT_SSL_CTX_DATA, &state);
    if (!ok) {
        return make_error(ErrorCode::internal, "cannot set up the network client (libcurl option refused)", where);
    }
    return {};
}

TransferFailure failure_kind(CURLcode code, const TransferState& state)
{
    if (state.over_cap || code == CURLE_FILESIZE_EXCEEDED) {
        return TransferFailure::too_large;
    }
    switch (code) {
    case CURLE_OK:
        return TransferFailure::none;
    case CURLE_OPERATION_TIMEDOUT:
        return std::strncmp(state.error_buffer, "Operation too slow", 18) == 0 ? TransferFailure::stalled
               : std::strncmp(state.error_buffer, "Connection timed out", 20) == 0 ||
                       std::strncmp(state.error_buffer, "Failed to connect", 17) == 0
                   ? TransferFailure::connect
                   : TransferFailure::timeout;
    case CURLE_COULDNT_RESOLVE_HOST:
        return TransferFailure::resolve;
    case CURLE_COULDNT_CONNECT:
        return TransferFailure::connect;
    case CURLE_PEER_FAILED_VERIFICATION:
        return TransferFailure::tls_untrusted;
    case CURLE_SSL_CACERT_BADFILE:
        return TransferFailure::tls_ca;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
        return TransferFailure::tls_handshake;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        return TransferFailure::closed;
    default:
        return TransferFailure::other;
    }
}

ErrorCode failure_code(CURLcode code, const TransferState& state)
{
    if (state.over_cap || code == CURLE_FILESIZE_EXCEEDED) {
        return ErrorCode::limit;
    }
    return ErrorCode::network;
}

std::string failure_text(CURLcode code, CURL* handle, const TransferState& state, const Limits& limits,
                         std::chrono::milliseconds budget)
{
    if (state.over_cap || code == CURLE_FILESIZE_EXCEEDED) {
        return "answered more than " + std::to_string(limits.max_response_bytes) + " bytes; stopped reading";
    }
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        if (std::strncmp(state.error_buffer, "Operation too slow", 18) == 0) {
            return "stalled: less than " + std::to_string(limits.min_bytes_per_second) + " byte/s for " +
                   std::to_string(limits.stall.count()) + " s";
        }
        return "no complete exchange within " + std::to_string(budget.count()) + " ms (timed out)";
    case CURLE_COULDNT_RESOLVE_HOST:
        return "cannot resolve the host name";
    case CURLE_COULDNT_CONNECT:
        return "cannot connect" + os_error(handle);
    case CURLE_PEER_FAILED_VERIFICATION: {
        long result = 0;
        curl_easy_getinfo(handle, CURLINFO_SSL_VERIFYRESULT, &result);
        const std::string reason =
            result != 0 ? X509_verify_cert_error_string(result) : std::string("host name does not match");
        return "the TLS certificate is not trusted: " + reason;
    }
    case CURLE_SSL_CACERT_BADFILE:
        return "cannot load the CA certificates" +
               (state.tls.ca_file ? std::string(" from the given CA file") : std::string());
    case CURLE_SSL_CONNECT_ERROR:
        return "TLS handshake failed";
    case CURLE_USE_SSL_FAILED:
        return "the server does not offer STARTTLS, which is required";
    case CURLE_GOT_NOTHING:
        return "the server closed the connection without answering";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        return "the connection was closed or reset" + os_error(handle);
    case CURLE_WEIRD_SERVER_REPLY:
        return "answered something that is not a valid reply";
    case CURLE_LOGIN_DENIED:
        return "refused the login";
    default:
        return lowercase(curl_easy_strerror(code));
    }
}

} // namespace certgate::net::detail
