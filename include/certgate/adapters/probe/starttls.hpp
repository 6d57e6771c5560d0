#pragma once
// Plain-text protocols that upgrade a connection to TLS (STARTTLS).

#include "certgate/core/result.hpp"

#include <string_view>

namespace certgate::probe {

/// Plain-text protocols upgraded to TLS before the handshake.
enum class StartTls { none, smtp, imap, pop3, ftp };

/// Parses "smtp", "imap", "pop3" or "ftp" (the --starttls values);
/// fails with "expected one of: smtp, imap, pop3, ftp".
[[nodiscard]] Result<StartTls> parse_starttls(std::string_view text);

/// "smtp", "imap", "pop3", "ftp", or "none".
[[nodiscard]] std::string_view to_string(StartTls protocol);

} // namespace certgate::probe
