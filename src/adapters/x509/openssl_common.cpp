#include "openssl_handles.hpp"

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

Result<Certificate> to_certificate(X509* certificate, const std::string& context, std::string_view where)
{
    Certificate result;
    result.der = der_of(certificate);
    if (result.der.empty()) {
        return make_error(ErrorCode::input, context + "the certificate cannot be encoded as DER", std::string(where));
    }
    auto info = describe(certificate, result.der);
    if (!info) {
        return make_error(ErrorCode::input, context + info.error().message, std::string(where));
    }
    result.info = std::move(*info);
    return result;
}

} // namespace certgate::x509::detail
