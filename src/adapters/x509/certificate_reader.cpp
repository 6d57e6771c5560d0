#include "certgate/adapters/x509/certificate_reader.hpp"

namespace certgate::x509 {

// Placeholder until the x509 adapter lands.
bool looks_like_pem(std::string_view content) { return content.find("-----BEGIN ") != std::string_view::npos; }

Result<Bundle> read_pem(std::string_view, std::string_view where, const ReadLimits&)
{
    return make_error(ErrorCode::internal, "PEM reading is not built yet", std::string(where));
}

Result<Bundle> read_der(std::string_view, std::string_view where, const ReadLimits&)
{
    return make_error(ErrorCode::internal, "DER reading is not built yet", std::string(where));
}

Result<Bundle> read_certificates(std::string_view content, std::string_view where, const ReadLimits& limits)
{
    return looks_like_pem(content) ? read_pem(content, where, limits) : read_der(content, where, limits);
}

Result<void> check_private_key(std::string_view, const Certificate&, std::string_view where,
                               const std::optional<std::string>&)
{
    return make_error(ErrorCode::internal, "key checking is not built yet", std::string(where));
}

} // namespace certgate::x509
