#include "certgate/adapters/x509/self_signed.hpp"

#include "openssl_handles.hpp"

#include <openssl/pem.h>
#include <openssl/rand.h>

namespace certgate::x509 {
namespace {

using detail::BioPtr;
using detail::EvpPkeyPtr;
using detail::X509Ptr;

Error openssl_failure(const char* step)
{
    return make_error(ErrorCode::internal, std::string("self-signed certificate: ") + step + " failed in OpenSSL");
}

std::string bio_text(BIO* bio)
{
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

bool add_extension(X509* certificate, int nid, const char* value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, FreeWith<X509_EXTENSION_free>> extension(
        X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

} // namespace

Result<SelfSignedIdentity> make_self_signed(std::string_view host, std::chrono::system_clock::time_point now,
                                            std::chrono::seconds validity)
{
    detail::ErrorQueueGuard guard;
    EvpPkeyPtr key(EVP_EC_gen("P-521"));
    if (!key) {
        return openssl_failure("key generation");
    }
    X509Ptr certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1) {
        return openssl_failure("certificate allocation");
    }
    // A random 127-bit serial: positive, and unique per start.
    unsigned char serial_bytes[16];
    if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1) {
        return openssl_failure("serial number");
    }
    serial_bytes[0] &= 0x7f;
    detail::BignumPtr serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
    if (!serial || BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())) == nullptr) {
        return openssl_failure("serial number");
    }
    std::time_t start = std::chrono::system_clock::to_time_t(now);
    if (X509_time_adj_ex(X509_getm_notBefore(certificate.get()), 0, -30, &start) == nullptr ||
        X509_time_adj_ex(X509_getm_notAfter(certificate.get()), 0, static_cast<long>(validity.count()), &start) ==
            nullptr) {
        return openssl_failure("validity");
    }
    X509_NAME* name = X509_get_subject_name(certificate.get());
    const std::string host_text(host);
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("certgate"), -1, -1,
                                   0) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(host_text.c_str()),
                                   -1, -1, 0) != 1 ||
        X509_set_issuer_name(certificate.get(), name) != 1 || X509_set_pubkey(certificate.get(), key.get()) != 1) {
        return openssl_failure("names");
    }
    const std::string san = "DNS:" + host_text;
    if (!add_extension(certificate.get(), NID_basic_constraints, "critical,CA:TRUE") ||
        !add_extension(certificate.get(), NID_key_usage,
                       "critical,digitalSignature,keyEncipherment,keyAgreement,keyCertSign") ||
        !add_extension(certificate.get(), NID_ext_key_usage, "serverAuth,clientAuth") ||
        !add_extension(certificate.get(), NID_subject_alt_name, san.c_str())) {
        return openssl_failure("extensions");
    }
    if (X509_sign(certificate.get(), key.get(), EVP_sha512()) == 0) {
        return openssl_failure("signing");
    }

    SelfSignedIdentity identity;
    BioPtr certificate_bio(BIO_new(BIO_s_mem()));
    BioPtr key_bio(BIO_new(BIO_s_mem()));
    if (!certificate_bio || !key_bio || PEM_write_bio_X509(certificate_bio.get(), certificate.get()) != 1 ||
        PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return openssl_failure("PEM encoding");
    }
    identity.certificate_pem = bio_text(certificate_bio.get());
    identity.private_key_pem = bio_text(key_bio.get());
    unsigned char* der = nullptr;
    const int der_size = i2d_X509(certificate.get(), &der);
    if (der_size <= 0) {
        return openssl_failure("DER encoding");
    }
    detail::OpensslBytesPtr der_owner(der);
    identity.certificate_der.assign(reinterpret_cast<const char*>(der), static_cast<std::size_t>(der_size));
    return identity;
}

} // namespace certgate::x509
