#pragma once
// One function per certgate-external KIND: query in, result fields out.

#include "external_support.hpp"

namespace certgate::app::external_kind {

using external_support::Output;
using external_support::Query;

/// `certificate`: a PEM/DER certificate with its policy and lifecycle.
[[nodiscard]] Result<Output> answer_certificate(const Query& query, const ExternalEnvironment& environment);
/// `expiry`: the same evaluation from a not_after timestamp alone.
[[nodiscard]] Result<Output> answer_expiry(const Query& query, const ExternalEnvironment& environment);
/// `recipient`: normalised contacts, id and verification.
[[nodiscard]] Result<Output> answer_recipient(const Query& query, const ExternalEnvironment& environment);
/// `notification`: a certificate's notification settings and schedule.
[[nodiscard]] Result<Output> answer_notification(const Query& query, const ExternalEnvironment& environment);

} // namespace certgate::app::external_kind

namespace certgate::app::external_kind {

/// not_after (required or not) and not_before of a query; zone-less
/// timestamps are read in not_after_timezone, else the policy time zone.
[[nodiscard]] Result<Validity> validity_of(const Query& query, const Policy& policy, bool required);

} // namespace certgate::app::external_kind
