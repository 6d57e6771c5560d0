#pragma once
// The `certgate check` use case: gather inputs, evaluate, decide the gate.

#include "certgate/adapters/config/policy_file.hpp"
#include "certgate/adapters/huaweicloud/credentials.hpp"
#include "certgate/core/report.hpp"
#include "certgate/core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certgate::app {

/// How live TLS endpoints are probed.
/// Whether a --host endpoint must serve a trusted chain for its name.
enum class TlsVerification {
    required, ///< an untrusted chain or a name mismatch is an error finding (fails the gate)
    skipped,  ///< --insecure-skip-verify: reported in the details only
};

struct HostOptions {
    std::vector<std::string> hosts; ///< "host[:port]" or "[v6]:port", optionally "host:port sni"
    std::optional<std::string> hosts_file;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds deadline{15000}; ///< per host, from connect to the end of the handshake
    unsigned concurrency = 32;
    std::optional<std::string> starttls; ///< smtp, imap, pop3, ftp
    std::optional<std::string> ca_file;
    TlsVerification verification = TlsVerification::required;
};

/// Where the Huawei Cloud source reads from.
struct HuaweiCloudOptions {
    std::optional<std::string> region;
    std::optional<std::string> endpoint;      ///< overrides https://scm.REGION.myhuaweicloud.com
    std::string expire_time_zone = "UTC";     ///< zone of the list's zoneless expire_time
    huaweicloud::EnvironmentLookup variables; ///< HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN
};

/// Everything a check needs; `now` comes from the caller, never the clock.
struct CheckRequest {
    std::vector<std::string> inputs; ///< files, directories, "-" for stdin
    HostOptions hosts;
    HuaweiCloudOptions huaweicloud;
    config::LoadedPolicy policy;
    GateOptions gate;
    Instant now{};
    bool leaf_only = false;
    std::optional<std::string> pkcs12_password; ///< already read from the environment
    std::uint64_t max_file_bytes = 64ULL * 1024 * 1024;
    unsigned jobs = 0; ///< threads decoding input files; 0: one per core
};

/// A finished check. The inputs that could not be read or parsed are in
/// `report.input_errors` (every format lists them; they make the exit status
/// 2), the files a directory walk passed over in `report.skipped`.
struct CheckOutcome {
    Report report;
};

/// Runs a check. Never throws for bad input: unreadable inputs become
/// `report.input_errors`, unreachable hosts become `error` findings.
[[nodiscard]] CheckOutcome run_check(const CheckRequest& request);

/// 0 when the gate passed, 1 when it failed, 2 when an input could not be read.
[[nodiscard]] int exit_status(const CheckOutcome& outcome);

} // namespace certgate::app
