#include "certificate_fields.hpp"

namespace certgate::x509 {

Result<Bundle> read_der(std::string_view content, std::string_view where, const ReadLimits& limits)
{
    if (content.empty()) {
        return make_error(ErrorCode::input, "empty input, expected a DER certificate", std::string(where));
    }
    if (content.size() > limits.max_certificate_bytes) {
        return make_error(ErrorCode::limit,
                          "DER input of " + std::to_string(content.size()) + " bytes is over the limit of " +
                              std::to_string(limits.max_certificate_bytes) + " bytes for one certificate",
                          std::string(where));
    }
    auto read = detail::certificate_from_der(std::string(content), "",
                                             "not a certificate, expected PEM, DER or PKCS#12", where);
    if (!read) {
        return read.error();
    }
    Bundle bundle;
    bundle.certificates.push_back(std::move(*read));
    return bundle;
}

Result<Bundle> read_certificate_file(std::string_view content, std::string_view where,
                                     const std::optional<std::string>& pkcs12_password, const ReadLimits& limits)
{
    if (looks_like_pem(content)) {
        return read_pem(content, where, limits);
    }
    if (content.empty()) {
        return make_error(ErrorCode::input, "empty input, expected PEM, DER or PKCS#12", std::string(where));
    }
    if (looks_like_pkcs12(content)) {
        return read_pkcs12(content, where, pkcs12_password, limits);
    }
    return read_der(content, where, limits);
}

Result<Bundle> read_certificates(std::string_view content, std::string_view where, const ReadLimits& limits)
{
    return read_certificate_file(content, where, std::nullopt, limits);
}

Result<CertificateInfo> describe_der(std::string_view der, std::string_view where, NameDecoding names)
{
    auto decoded = detail::decode_certificate(der, names);
    if (!decoded || decoded->size != der.size()) {
        return make_error(ErrorCode::input, "not a certificate, expected one X.509 certificate in DER",
                          std::string(where));
    }
    if (!decoded->info) {
        return make_error(ErrorCode::input, decoded->info.error().message, std::string(where));
    }
    return std::move(decoded->info);
}

} // namespace certgate::x509
