#include "certgate/adapters/terraform/certificate_resources.hpp"

#include "attribute_path.hpp"

#include "certgate/core/timestamp.hpp"

#include <array>

namespace certgate::terraform {
namespace {

using Zone = TimestampZone;

constexpr std::array k_table{
    TimestampAttributes{"acme_certificate", "certificate_not_after", "", Zone::utc},
    TimestampAttributes{"tls_self_signed_cert", "validity_end_time", "validity_start_time", Zone::utc},
    TimestampAttributes{"tls_locally_signed_cert", "validity_end_time", "validity_start_time", Zone::utc},
    TimestampAttributes{"aws_acm_certificate", "not_after", "not_before", Zone::utc},
    TimestampAttributes{"aws_iam_server_certificate", "expiration", "", Zone::utc},
    TimestampAttributes{"google_compute_ssl_certificate", "expire_time", "", Zone::utc},
    TimestampAttributes{"google_compute_region_ssl_certificate", "expire_time", "", Zone::utc},
    TimestampAttributes{"google_compute_managed_ssl_certificate", "expire_time", "", Zone::utc},
    TimestampAttributes{"azurerm_key_vault_certificate", "certificate_attribute[*].expires",
                        "certificate_attribute[*].not_before", Zone::utc},
    TimestampAttributes{"azurerm_key_vault_certificate_data", "expires", "not_before", Zone::utc},
    TimestampAttributes{"azurerm_app_service_certificate", "expiration_date", "issue_date", Zone::utc},
    TimestampAttributes{"digitalocean_certificate", "not_after", "", Zone::utc},
    TimestampAttributes{"cloudflare_origin_ca_certificate", "expires_on", "", Zone::utc},
    TimestampAttributes{"huaweicloud_ccm_certificate", "expire_time", "", Zone::huaweicloud},
    TimestampAttributes{"huaweicloud_ccm_certificate", "not_after", "not_before", Zone::huaweicloud},
    TimestampAttributes{"huaweicloud_scm_certificate", "expire_time", "", Zone::huaweicloud},
    TimestampAttributes{"huaweicloud_scm_certificate", "not_after", "not_before", Zone::huaweicloud},
    TimestampAttributes{"huaweicloud_ccm_certificate_import", "not_after", "not_before", Zone::huaweicloud},
    TimestampAttributes{"huaweicloud_ccm_certificates", "certificates[*].expire_time", "", Zone::huaweicloud},
    TimestampAttributes{"huaweicloud_scm_certificates", "certificates[*].expire_time", "", Zone::huaweicloud},
    // terraform-provider-certgate's data sources (their PEM, when given as
    // text, is found as in any attribute and wins).
    TimestampAttributes{"certgate_certificate", "not_after", "not_before", Zone::utc},
    TimestampAttributes{"certgate_expiry", "not_after_rfc3339", "not_before_rfc3339", Zone::utc},
};

constexpr std::array<std::string_view, 12> k_pem_names{
    "certificate", "certificate_pem",    "cert_pem",  "certificate_body", "certificate_chain", "issuer_pem",
    "ca_cert_pem", "ca_certificate_pem", "chain_pem", "fullchain_pem",    "certificate_crt",   "signed_certificate",
};

} // namespace

std::span<const TimestampAttributes> timestamp_table()
{
    return k_table;
}

bool is_certificate_resource_type(std::string_view type)
{
    for (const TimestampAttributes& row : k_table) {
        if (row.type == type) {
            return true;
        }
    }
    return false;
}

bool is_timestamp_attribute_path(std::string_view path)
{
    const std::string_view name = detail::last_key(path);
    if (name.empty()) {
        return false;
    }
    // Most strings are not timestamps: compare the last key before building the pattern.
    bool named = false;
    for (const TimestampAttributes& row : k_table) {
        if (detail::last_key(row.not_after) == name ||
            (!row.not_before.empty() && detail::last_key(row.not_before) == name)) {
            named = true;
            break;
        }
    }
    if (!named) {
        return false;
    }
    const std::string pattern = detail::with_any_index(path);
    for (const TimestampAttributes& row : k_table) {
        if (row.not_after == pattern || row.not_before == pattern) {
            return true;
        }
    }
    return false;
}

bool is_not_after_path_of(std::string_view type, std::string_view path)
{
    const std::string pattern = detail::with_any_index(path);
    for (const TimestampAttributes& row : k_table) {
        if (row.type == type && row.not_after == pattern) {
            return true;
        }
    }
    return false;
}

bool is_pem_attribute_name(std::string_view name)
{
    for (const std::string_view known : k_pem_names) {
        if (name == known) {
            return true;
        }
    }
    const bool pem_suffix = name.size() > 4 && name.substr(name.size() - 4) == "_pem";
    return pem_suffix && name.find("cert") != std::string_view::npos &&
           name.find("request") == std::string_view::npos && name.find("key") == std::string_view::npos;
}

Result<Instant> parse_resource_timestamp(std::string_view text, const TimeZone& zoneless)
{
    auto instant = parse_timestamp(text, zoneless, BareDate::refused);
    if (!instant && timestamp_problem(instant.error()) == TimestampProblem::syntax) {
        return make_error(ErrorCode::input, "not a timestamp, expected RFC 3339 or \"YYYY-MM-DD HH:MM:SS\"");
    }
    return instant;
}

} // namespace certgate::terraform
