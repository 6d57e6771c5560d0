#pragma once
// The attribute tables of the provider block and of each provider type.

#include "fields.hpp"

namespace certgate::app::provider {

/// The provider block: store, the policy defaults, now, gate_failures.
[[nodiscard]] const Kind& provider_block();
/// Data source certgate_certificate (certgate-external certificate).
[[nodiscard]] const Kind& certificate_kind();
/// Data source certgate_expiry (certgate-external expiry).
[[nodiscard]] const Kind& expiry_kind();
/// Resource certgate_recipient (certgate-external recipient).
[[nodiscard]] const Kind& recipient_kind();
/// Resource certgate_notification (certgate-external notification).
[[nodiscard]] const Kind& notification_kind();

} // namespace certgate::app::provider
