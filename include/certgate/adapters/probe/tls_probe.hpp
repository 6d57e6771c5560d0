#pragma once
// Probing one live TLS endpoint: connect, optional STARTTLS, handshake, and
// read the served chain whether or not it verifies.

#include "certgate/adapters/probe/starttls.hpp"
#include "certgate/adapters/probe/target.hpp"
#include "certgate/adapters/probe/trust_store.hpp"
#include "certgate/core/result.hpp"
#include "certgate/core/time.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace certgate::probe {

/// How a probe runs.
struct ProbeOptions {
    std::chrono::milliseconds connect_timeout{5000}; ///< per TCP connect attempt
    std::chrono::milliseconds deadline{15000};       ///< the whole probe: DNS, connect, STARTTLS, handshake
    StartTls starttls = StartTls::none;
    Instant now{}; ///< chains are verified as of this instant
};

/// What a TLS endpoint served.
struct ProbeResult {
    std::vector<std::string> chain_der; ///< DER certificates as served, leaf first
    bool chain_verified = false;
    std::string verify_error; ///< why the chain did not verify, "" when it did
    /// The chain leads to a trusted root, validity dates aside: it verifies,
    /// or fails only because a certificate expired or is not yet valid.
    bool chain_trusted = false;
    bool name_matches = false; ///< the leaf covers the target's requested_name()
    std::string tls_version;   ///< "TLSv1.3", "TLSv1.2", …
    std::string sni;           ///< the SNI sent, "" when none (IP literals)
};

/// Probes one endpoint, taking at most about `options.deadline`. Fails with
/// ErrorCode::network and `where` = the target's label on a DNS failure, a
/// refused or timed-out connection, a refused STARTTLS, a peer that does not
/// speak TLS or a failed handshake; the message says which.
[[nodiscard]] Result<ProbeResult> probe_endpoint(const Target& target, const ProbeOptions& options,
                                                 const TrustStore& trust);

} // namespace certgate::probe
