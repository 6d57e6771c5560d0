#pragma once
// Live TLS endpoints to probe: "host[:port] [sni]" as given on the command
// line or in a hosts file.

#include "certgate/core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::probe {

/// The port used when a target names none.
inline constexpr std::uint16_t k_default_port = 443;

/// One endpoint: a host name or IP literal (IPv6 without brackets), a port,
/// and optionally the server name to send instead of the host name.
struct Target {
    std::string host;
    std::uint16_t port = k_default_port;
    std::optional<std::string> sni;

    /// "host:port", or "[v6]:port" for IPv6 literals; names findings and errors.
    [[nodiscard]] std::string label() const;
    /// True when `host` is an IPv4 or IPv6 literal (no SNI is sent for those).
    [[nodiscard]] bool host_is_ip() const;
    /// The name sent as SNI and checked against the leaf: `sni` when given,
    /// else the host name, else (IP literal) the address itself.
    [[nodiscard]] std::string requested_name() const;

    friend bool operator==(const Target&, const Target&) = default;
};

/// Parses "HOST", "HOST:PORT", "[V6]", "[V6]:PORT" or a bare IPv6 literal,
/// optionally followed by whitespace and an SNI name. Fails with a message
/// saying what was expected ("expected HOST[:PORT] or [IPV6]:PORT").
[[nodiscard]] Result<Target> parse_target(std::string_view text);

/// `targets` in their order, each once (the first occurrence is kept).
/// Linear in the number of targets: a hash set, never pairwise comparison.
[[nodiscard]] std::vector<Target> unique_targets(std::vector<Target> targets);

/// The targets of a hosts file and the lines that could not be read.
struct HostsFile {
    std::vector<Target> targets;
    std::vector<Error> errors; ///< `where` is "path:line"
};

/// Reads a hosts file's text: one "host[:port] [sni]" a line; blank lines and
/// text from a '#' that starts a line or follows whitespace are ignored.
/// A bad line is an error naming `path:line`; the other lines still count.
/// Errors never repeat the line's text (the file may be anything).
[[nodiscard]] HostsFile parse_hosts_file(std::string_view content, std::string_view path);

} // namespace certgate::probe
