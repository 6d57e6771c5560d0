#pragma once
// The seam between certgate-external and runtime facts kept by `certgate
// notify`: recipient verification and the toggle a certificate had when it
// expired. Declarations never come from here, only facts.

#include "certgate/core/result.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace certgate::app {

/// Read-only runtime facts for the external program.
class ExternalState {
public:
    ExternalState() = default;
    ExternalState(const ExternalState&) = delete;
    ExternalState& operator=(const ExternalState&) = delete;
    virtual ~ExternalState() = default;

    /// True when the recipient has verified its contact details; false when
    /// it is pending or unknown to the store. Fails when the store cannot be read.
    [[nodiscard]] virtual Result<bool> recipient_verified(std::string_view recipient_id) = 0;

    /// The expiration-notification toggle recorded when the certificate
    /// (by SHA-256 fingerprint) expired; nullopt when none was recorded.
    [[nodiscard]] virtual Result<std::optional<bool>> toggle_at_expiry(std::string_view certificate_id) = 0;
};

/// Opens the SQLite store at `path` read-only (a missing file is an empty
/// store). Fails with ErrorCode::store when it cannot be opened.
[[nodiscard]] Result<std::unique_ptr<ExternalState>> open_store_state(const std::string& path);

} // namespace certgate::app
