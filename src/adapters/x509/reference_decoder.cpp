// The full d2i_X509 path, kept as the reference the fast decoder is tested
// against (tests/unit/x509/decoder_differential_test.cpp, the certificates
// fuzz harness). Never on the hot path: OpenSSL 3 decodes every public key
// through its provider framework here.

#include "certificate_fields.hpp"

namespace certgate::x509 {

Result<CertificateInfo> describe_der_reference(std::string_view der, std::string_view where)
{
    const detail::ErrorQueueGuard guard;
    const detail::X509Ptr certificate = detail::parse_der_certificate(der);
    if (!certificate) {
        return make_error(ErrorCode::input, "not a certificate, expected one X.509 certificate in DER",
                          std::string(where));
    }
    X509* x = certificate.get();
    const X509_ALGOR* signature = nullptr;
    X509_get0_signature(nullptr, &signature, x);
    detail::CertificateParts parts;
    parts.serial = X509_get0_serialNumber(x);
    parts.signature = signature;
    parts.issuer = X509_get_issuer_name(x);
    parts.subject = X509_get_subject_name(x);
    parts.not_before = X509_get0_notBefore(x);
    parts.not_after = X509_get0_notAfter(x);
    parts.extensions = X509_get0_extensions(x);
    auto info = detail::describe_parts(parts, der);
    if (!info) {
        return make_error(ErrorCode::input, info.error().message, std::string(where));
    }
    const detail::KeyDescription key = detail::describe_key(X509_get0_pubkey(x));
    info->key_type = key.type;
    info->key_bits = key.bits;
    // OpenSSL's own judgement, without verifying the signature: subject ==
    // issuer, the key identifiers agree and the signature algorithm suits the key.
    const uint32_t flags = X509_get_extension_flags(x);
    info->self_signed = (flags & EXFLAG_SS) != 0;
    info->is_ca = (flags & EXFLAG_CA) != 0;
    return info;
}

} // namespace certgate::x509
