#pragma once
// What every libcurl transfer of certgate shares: global initialisation,
// the options that bound time and size and check TLS peers, and error texts.
// Internal to the net adapter.

#include "certgate/adapters/net/transfer.hpp"
#include "certgate/core/free_with.hpp"

#include <curl/curl.h>

#include <memory>
#include <string>

namespace certgate::net::detail {

using Easy = std::unique_ptr<CURL, FreeWith<curl_easy_cleanup>>;

/// Initialises libcurl once per process (thread-safe).
void initialise();

/// A new easy handle (initialising libcurl once per process); nullptr when
/// out of memory.
[[nodiscard]] Easy new_easy();

/// State the callbacks of one transfer share; lives as long as the transfer.
struct TransferState {
    std::string host; ///< the expected TLS host name or IP address
    Tls tls;
    std::size_t received = 0; ///< answer bytes so far (headers and body)
    std::size_t cap = 0;
    bool over_cap = false;
    char error_buffer[CURL_ERROR_SIZE] = {};

    /// Counts `size` received bytes; false (stop) past the cap.
    bool count(std::size_t size);
};

/// Sets what every transfer needs on `handle`: no signals, the time budget
/// (fails when none is left), low-speed limit, allowed protocols, no proxy,
/// TLS verification by OpenSSL with the host name, the answer cap through the
/// progress callback. `state` must outlive the transfer.
[[nodiscard]] Result<void> set_common_options(CURL* handle, TransferState& state, const Limits& limits,
                                              const char* protocols, const std::string& where);

/// The user-facing text of a failed transfer (never curl's own buffer, which
/// may hold a URL): "no complete answer within 2000 ms (timed out)".
[[nodiscard]] std::string failure_text(CURLcode code, CURL* handle, const TransferState& state, const Limits& limits,
                                       std::chrono::milliseconds budget);

/// The kind of a failed transfer.
[[nodiscard]] TransferFailure failure_kind(CURLcode code, const TransferState& state);

/// ErrorCode::limit for an answer over the cap, ErrorCode::network otherwise.
[[nodiscard]] ErrorCode failure_code(CURLcode code, const TransferState& state);

} // namespace certgate::net::detail
