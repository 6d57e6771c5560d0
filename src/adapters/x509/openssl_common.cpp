#include "certificate_fields.hpp"

#include <climits>

namespace certgate::x509::detail {

BioPtr memory_bio(std::string_view content)
{
    if (content.size() > static_cast<std::size_t>(INT_MAX)) {
        return nullptr;
    }
    return BioPtr{BIO_new_mem_buf(content.data(), static_cast<int>(content.size()))};
}

X509Ptr parse_der_certificate(std::string_view der)
{
    if (der.empty() || der.size() > static_cast<std::size_t>(LONG_MAX)) {
        return nullptr;
    }
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    const auto* const start = cursor;
    X509Ptr certificate{d2i_X509(nullptr, &cursor, static_cast<long>(der.size()))};
    if (!certificate || static_cast<std::size_t>(cursor - start) != der.size()) {
        return nullptr;
    }
    return certificate;
}

std::string der_of(X509* certificate)
{
    unsigned char* buffer = nullptr;
    const int size = i2d_X509(certificate, &buffer);
    if (size <= 0) {
        return {};
    }
    const OpensslBytesPtr owner{buffer};
    return std::string(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
}

Result<Certificate> certificate_from_der(std::string der, const std::string& context, std::string_view refusal,
                                         std::string_view where)
{
    auto decoded = decode_certificate(der, NameDecoding::lenient);
    if (!decoded) {
        return make_error(ErrorCode::input, context + std::string(refusal), std::string(where));
    }
    if (decoded->size != der.size()) {
        return make_error(ErrorCode::input,
                          context + "not a certificate, " + std::to_string(der.size() - decoded->size) +
                              " unexpected bytes after the DER certificate",
                          std::string(where));
    }
    if (!decoded->info) {
        return make_error(ErrorCode::input, context + decoded->info.error().message, std::string(where));
    }
    return Certificate{std::move(*decoded->info), std::move(der)};
}

Result<Certificate> to_certificate(X509* certificate, const std::string& context, std::string_view where)
{
    std::string der = der_of(certificate);
    if (der.empty()) {
        return make_error(ErrorCode::input, context + "the certificate cannot be encoded as DER", std::string(where));
    }
    return certificate_from_der(std::move(der), context, "the certificate cannot be decoded", where);
}

} // namespace certgate::x509::detail
