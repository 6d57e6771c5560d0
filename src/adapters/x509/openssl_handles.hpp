#pragma once
// RAII handles for the OpenSSL objects the x509 adapter uses, and the few
// helpers every reader shares. Private to src/adapters/x509.

#include "certgate/adapters/x509/certificate_reader.hpp"
#include "certgate/core/free_with.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <string_view>

namespace certgate::x509::detail {

/// Calls an OpenSSL free function; used as a unique_ptr deleter.
template <auto Free> using Deleter = FreeWith<Free>;

using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;

/// Frees a STACK_OF(X509) and every certificate in it.
struct X509StackDeleter {
    void operator()(STACK_OF(X509) * stack) const noexcept { sk_X509_pop_free(stack, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

/// Frees memory OpenSSL allocated with OPENSSL_malloc.
struct OpensslFree {
    void operator()(void* pointer) const noexcept { OPENSSL_free(pointer); }
};
using OpensslCharPtr = std::unique_ptr<char, OpensslFree>;
using OpensslBytesPtr = std::unique_ptr<unsigned char, OpensslFree>;

/// Discards OpenSSL's thread-local error queue when it goes out of scope, so
/// that one failed parse never leaks into the next call's diagnostics.
class ErrorQueueGuard {
public:
    ErrorQueueGuard() = default;
    ~ErrorQueueGuard() { ERR_clear_error(); }
    ErrorQueueGuard(const ErrorQueueGuard&) = delete;
    ErrorQueueGuard& operator=(const ErrorQueueGuard&) = delete;
};

/// A read-only memory BIO over `content` (no copy).
[[nodiscard]] BioPtr memory_bio(std::string_view content);

/// Parses exactly one DER certificate: nullptr when the bytes are not a
/// certificate or when bytes follow it.
[[nodiscard]] X509Ptr parse_der_certificate(std::string_view der);

/// The DER encoding of a certificate.
[[nodiscard]] std::string der_of(X509* certificate);

/// Builds a Bundle entry from a parsed certificate (its DER goes through the
/// same decoder as every other certificate); `context` prefixes errors
/// ("block 2: ").
[[nodiscard]] Result<Certificate> to_certificate(X509* certificate, const std::string& context, std::string_view where);

/// Builds a Bundle entry from DER that must be exactly one certificate.
/// `refusal` is the message when it is not one; `context` prefixes errors.
[[nodiscard]] Result<Certificate> certificate_from_der(std::string der, const std::string& context,
                                                       std::string_view refusal, std::string_view where);

} // namespace certgate::x509::detail
