#include "certgate/adapters/terraform/certificate_resources.hpp"

#include <array>
#include <charconv>
#include <chrono>

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
};

constexpr std::array<std::string_view, 12> k_pem_names{
    "certificate", "certificate_pem",    "cert_pem",  "certificate_body", "certificate_chain", "issuer_pem",
    "ca_cert_pem", "ca_certificate_pem", "chain_pem", "fullchain_pem",    "certificate_crt",   "signed_certificate",
};

bool all_digits(std::string_view text)
{
    if (text.empty()) {
        return false;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

int two_digits(std::string_view text, std::size_t at)
{
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// "YYYY-MM-DD HH:MM:SS[.fraction]" or "YYYY-MM-DDTHH:MM:SS[.fraction]" with no zone.
Result<Instant> parse_zoneless(std::string_view text, const TimeZone& zone)
{
    const auto bad = make_error(ErrorCode::input, "not a timestamp, expected RFC 3339 or \"YYYY-MM-DD HH:MM:SS\"");
    if (text.size() < 19 || (text[10] != ' ' && text[10] != 'T')) {
        return bad;
    }
    const auto date = parse_date(text.substr(0, 10));
    if (!date) {
        return bad;
    }
    const std::string_view clock = text.substr(11, 8);
    if (clock[2] != ':' || clock[5] != ':' || !all_digits(clock.substr(0, 2)) || !all_digits(clock.substr(3, 2)) ||
        !all_digits(clock.substr(6, 2))) {
        return bad;
    }
    const std::string_view rest = text.substr(19);
    if (!rest.empty() && (rest.front() != '.' || !all_digits(rest.substr(1)))) {
        return bad;
    }
    const int hours = two_digits(clock, 0);
    const int minutes = two_digits(clock, 3);
    const int seconds = two_digits(clock, 6);
    if (hours > 23 || minutes > 59 || seconds > 60) {
        return bad;
    }
    // Local midnight plus the time of day: exact except on a day with a
    // daylight-saving change before that time, which Huawei's zones do not have.
    return zone.start_of_day(*date) + std::chrono::hours(hours) + std::chrono::minutes(minutes) +
           std::chrono::seconds(seconds);
}

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
    if (all_digits(text)) {
        if (text.size() > 13) {
            return make_error(ErrorCode::input, "not a timestamp, expected RFC 3339 or epoch seconds");
        }
        std::int64_t value = 0;
        std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.size() == 13) {
            value /= 1000;
        }
        return Instant{std::chrono::seconds{value}};
    }
    auto instant = parse_rfc3339(text);
    if (instant) {
        return instant;
    }
    return parse_zoneless(text, zoneless);
}

} // namespace certgate::terraform
