#pragma once
// Reading X.509 certificates (PEM bundles, DER, PKCS#12) with OpenSSL.

#include "certgate/core/certificate.hpp"
#include "certgate/core/result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::x509 {

/// Limits that keep hostile input from costing unbounded work.
struct ReadLimits {
    std::size_t max_pem_blocks = 10000;
    std::size_t max_certificate_bytes = 1024 * 1024; ///< one DER certificate
};

/// One certificate read from an input, with its DER encoding.
struct Certificate {
    CertificateInfo info;
    std::string der;
};

/// What a PEM text or DER file held: certificates in the order given (leaf
/// first), and how many private keys and other blocks were seen (their
/// content is never kept or echoed).
struct Bundle {
    std::vector<Certificate> certificates;
    std::size_t private_keys = 0;
    std::vector<std::string> other_block_labels; ///< e.g. "CERTIFICATE REQUEST"
};

/// True when the text holds a "-----BEGIN " line.
[[nodiscard]] bool looks_like_pem(std::string_view content);

/// Reads every CERTIFICATE block of a PEM text; text between blocks is
/// ignored. Errors name `where` and the block number ("block 2: bad base64").
[[nodiscard]] Result<Bundle> read_pem(std::string_view content, std::string_view where, const ReadLimits& limits = {});

/// Reads one DER certificate; the whole input must be that certificate.
[[nodiscard]] Result<Bundle> read_der(std::string_view content, std::string_view where, const ReadLimits& limits = {});

/// Reads PEM, DER or an unencrypted PKCS#12 file, whichever the content is.
[[nodiscard]] Result<Bundle> read_certificates(std::string_view content, std::string_view where,
                                               const ReadLimits& limits = {});

/// Reads the certificates of a PKCS#12 (.p12, .pfx) file: the leaf (the
/// certificate of the key) first, then the chain. A private key in it is
/// counted, never kept. Fails when the file is encrypted and no password is
/// given, when the password is wrong, or when it is not PKCS#12.
[[nodiscard]] Result<Bundle> read_pkcs12(std::string_view content, std::string_view where,
                                         const std::optional<std::string>& password = std::nullopt,
                                         const ReadLimits& limits = {});

/// True when the whole content parses as a PKCS#12 structure (no decryption).
[[nodiscard]] bool looks_like_pkcs12(std::string_view content);

/// Reads a certificate file whatever its form: PEM, DER, or PKCS#12 (with
/// `pkcs12_password` when it is encrypted).
[[nodiscard]] Result<Bundle> read_certificate_file(std::string_view content, std::string_view where,
                                                   const std::optional<std::string>& pkcs12_password,
                                                   const ReadLimits& limits = {});

/// How the certificate decoder treats a name OpenSSL's X509_NAME refuses
/// (invalid UTF-8 in a UTF8String, a string tag outside DirectoryString):
/// `lenient` still evaluates the certificate (dates and fingerprint are what
/// matter for expiry) and shows the name with \xNN escapes; `strict`
/// refuses the certificate, as d2i_X509 does.
enum class NameDecoding { lenient, strict };

/// Parses one DER certificate into CertificateInfo (the whole input must be
/// the certificate) through OpenSSL's ASN.1 templates: the public key is
/// never decoded into an EVP_PKEY and no signature is verified. Every reader
/// of this adapter uses this decoder.
[[nodiscard]] Result<CertificateInfo> describe_der(std::string_view der, std::string_view where,
                                                   NameDecoding names = NameDecoding::lenient);

/// The same through a full d2i_X509 decode: the reference describe_der is
/// tested against (field by field), never used on the hot path.
[[nodiscard]] Result<CertificateInfo> describe_der_reference(std::string_view der, std::string_view where);

/// Checks that a PEM private key (optionally encrypted, with `password`)
/// belongs to the certificate. Error messages never contain key material.
[[nodiscard]] Result<void> check_private_key(std::string_view private_key_pem, const Certificate& certificate,
                                             std::string_view where,
                                             const std::optional<std::string>& password = std::nullopt);

} // namespace certgate::x509
