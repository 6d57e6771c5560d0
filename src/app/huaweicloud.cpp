#include "certgate/app/huaweicloud.hpp"

#include "certgate/adapters/files/input_files.hpp"

namespace certgate::app {
namespace {

// Debian's whole ca-certificates bundle is about 220 KB.
constexpr std::uintmax_t k_max_ca_bundle_bytes = 16U * 1024U * 1024U;

} // namespace

std::string huaweicloud_source(std::string_view region)
{
    return "huaweicloud:" + std::string(region);
}

Result<huaweicloud::ClientOptions> huaweicloud_client_options(const HuaweiCloudConnection& connection)
{
    auto region = huaweicloud::validate_region(connection.region);
    if (!region) {
        return make_error(ErrorCode::usage, region.error().message, "huaweicloud");
    }
    huaweicloud::ClientOptions options;
    if (connection.endpoint) {
        auto endpoint = huaweicloud::parse_endpoint(*connection.endpoint);
        if (!endpoint) {
            return make_error(ErrorCode::usage, endpoint.error().message, "--endpoint");
        }
        options.endpoint = std::move(*endpoint);
    } else {
        options.endpoint = huaweicloud::default_endpoint(*region);
    }
    if (connection.ca_file) {
        // Read through the files adapter, which refuses a FIFO or a device
        // without waiting on it (an ifstream would block on a FIFO) and a
        // directory, and bounds the size.
        if (!files::read_file(*connection.ca_file, k_max_ca_bundle_bytes)) {
            return make_error(ErrorCode::usage, "cannot read the CA bundle \"" + *connection.ca_file + "\"",
                              "--ca-file");
        }
        options.ca_file = connection.ca_file;
    }
    auto credentials = huaweicloud::credentials_from_environment(connection.variables);
    if (!credentials) {
        Error error = credentials.error();
        error.where = huaweicloud_source(*region);
        return error;
    }
    options.credentials = std::move(*credentials);
    return options;
}

std::optional<CertificateStatus> map_scm_status(std::string_view status)
{
    if (status == "ISSUED") {
        return CertificateStatus::issued;
    }
    if (status == "UPLOAD") {
        return CertificateStatus::hosting;
    }
    if (status == "EXPIRED") {
        return CertificateStatus::expired;
    }
    return std::nullopt;
}

std::string applied_toggle_key(std::string_view certificate_id)
{
    return "huaweicloud:" + std::string(certificate_id);
}

} // namespace certgate::app
