#pragma once
// What both certificate decoders share: turning the OpenSSL structures of a
// certificate (names, extensions, times, algorithm identifiers) into
// CertificateInfo fields. The fast decoder (certificate_decoder.cpp) and the
// full d2i_X509 reference (reference_decoder.cpp) differ only in how they
// get those structures and in how they judge the key and "self-signed", so
// the differential test compares exactly the parts that differ.
// Private to src/adapters/x509.

#include "openssl_handles.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::x509::detail {

/// Escapes control bytes and invalid UTF-8 as \xNN (terminals, JSON).
[[nodiscard]] std::string printable(std::string_view text);

/// RFC 2253 text of a name, UTF-8 kept as UTF-8; "" for an empty name.
[[nodiscard]] std::string name_rfc2253(const X509_NAME* name);

/// The last commonName of a name, "" when none.
[[nodiscard]] std::string common_name(const X509_NAME* name);

/// "DNS:…", "IP:…", "email:…", "URI:…" of the subjectAltName extension;
/// empty when absent, duplicated or malformed (as X509_get_ext_d2i).
[[nodiscard]] std::vector<std::string> subject_alt_names(const STACK_OF(X509_EXTENSION) * extensions);

/// Lowercase hex of the serial as OpenSSL prints it: whole bytes, "00" for
/// zero, a leading "-" for a (non-conforming) negative serial.
[[nodiscard]] std::string serial_hex(const ASN1_INTEGER* serial);

/// Lowercase hex SHA-256 of bytes.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// A validity time as an Instant; `field` names it in the error.
[[nodiscard]] Result<Instant> to_instant(const ASN1_TIME* time, const char* field);

/// OpenSSL's long name of an algorithm, or its dotted OID.
[[nodiscard]] std::string algorithm_name(const X509_ALGOR* algorithm);

/// True when basicConstraints is present once, decodes and says cA.
[[nodiscard]] bool basic_constraints_ca(const STACK_OF(X509_EXTENSION) * extensions);

/// Key type and size. `base_id` is the EVP_PKEY base type (NID_undef when
/// the key is not known), which "self-signed" compares with the signature
/// algorithm.
struct KeyDescription {
    std::string type;
    int bits = 0;
    int base_id = NID_undef;
};

/// Describes a decoded public key (the reference path, and the fast path's
/// fallback for rare algorithms).
[[nodiscard]] KeyDescription describe_key(const EVP_PKEY* key);

/// The fields both decoders read the same way: dates, names, SANs, serial,
/// fingerprint, signature algorithm, CA flag. Fails only on a validity time
/// that cannot be read.
struct CertificateParts {
    const ASN1_INTEGER* serial = nullptr;
    const X509_ALGOR* signature = nullptr; ///< the outer signatureAlgorithm
    const X509_NAME* issuer = nullptr;     ///< nullptr when undecodable (names filled by the caller)
    const X509_NAME* subject = nullptr;
    const ASN1_TIME* not_before = nullptr;
    const ASN1_TIME* not_after = nullptr;
    const STACK_OF(X509_EXTENSION) * extensions = nullptr;
};
[[nodiscard]] Result<CertificateInfo> describe_parts(const CertificateParts& parts, std::string_view der);

} // namespace certgate::x509::detail

namespace certgate::x509::detail {

/// The key of a DER SubjectPublicKeyInfo, read from its algorithm
/// identifier and key bits without building an EVP_PKEY: RSA modulus bits
/// from the BIT STRING's inner SEQUENCE, EC size from the named curve,
/// Ed25519/Ed448 from the OID. Rare forms (RSA-PSS, DSA, explicit curves,
/// other algorithms) are decoded by OpenSSL. nullopt when the bytes are not
/// a SubjectPublicKeyInfo.
[[nodiscard]] std::optional<KeyDescription> describe_public_key_info(std::string_view spki_der);

/// A name as text when OpenSSL's X509_NAME refuses it (invalid UTF-8, a
/// string tag outside DirectoryString): RFC 2253 order, unconvertible bytes
/// as \xNN, values that are not strings as "#" and their DER in hex.
struct LenientName {
    std::string rfc2253;
    std::string common_name;
};
/// nullopt when the bytes are not even a SEQUENCE OF SET OF
/// AttributeTypeAndValue.
[[nodiscard]] std::optional<LenientName> read_lenient_name(std::string_view name_der);

/// One certificate decoded by the fast path, and how many bytes it took.
struct DecodedCertificate {
    Result<CertificateInfo> info;
    std::size_t size = 0;
};
/// Decodes the certificate at the start of `bytes` through ASN.1 templates
/// (no EVP_PKEY, no signature check). nullopt when the bytes do not start
/// with an X.509 certificate.
[[nodiscard]] std::optional<DecodedCertificate> decode_certificate(std::string_view bytes, NameDecoding names);

} // namespace certgate::x509::detail
