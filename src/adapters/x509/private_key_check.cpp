#include "openssl_handles.hpp"

#include <openssl/pem.h>

#include <cstring>

namespace certgate::x509 {
namespace {

struct PasswordRequest {
    const std::optional<std::string>* password = nullptr;
    bool asked = false;
};

// Never lets OpenSSL fall back to prompting on a terminal: the password is
// the one given, or the read fails.
int password_callback(char* buffer, int size, int /*rwflag*/, void* user)
{
    auto* request = static_cast<PasswordRequest*>(user);
    request->asked = true;
    const std::optional<std::string>& password = *request->password;
    if (!password || size < 0 || password->size() > static_cast<std::size_t>(size)) {
        return -1;
    }
    std::memcpy(buffer, password->data(), password->size());
    return static_cast<int>(password->size());
}

} // namespace

Result<void> check_private_key(std::string_view private_key_pem, const Certificate& certificate, std::string_view where,
                               const std::optional<std::string>& password)
{
    const detail::ErrorQueueGuard guard;
    const std::string place(where);
    // Only fixed texts go into these messages: nothing read from the key.
    if (private_key_pem.find("PRIVATE KEY-----") == std::string_view::npos) {
        return make_error(ErrorCode::input, "no private key found, expected a PEM \"PRIVATE KEY\" block", place);
    }
    const detail::BioPtr bio = detail::memory_bio(private_key_pem);
    if (!bio) {
        return make_error(ErrorCode::limit, "the private key input is too large", place);
    }
    PasswordRequest request{&password, false};
    const detail::EvpPkeyPtr key{PEM_read_bio_PrivateKey(bio.get(), nullptr, password_callback, &request)};
    if (!key) {
        if (request.asked && !password) {
            return make_error(ErrorCode::input, "the private key is encrypted and no password was given", place);
        }
        if (request.asked) {
            return make_error(ErrorCode::input, "cannot decrypt the private key: wrong password", place);
        }
        return make_error(ErrorCode::input, "the private key cannot be read: malformed PEM or unsupported key type",
                          place);
    }
    const detail::X509Ptr parsed = detail::parse_der_certificate(certificate.der);
    if (!parsed) {
        return make_error(ErrorCode::internal, "the certificate to match the key against is not valid DER", place);
    }
    const EVP_PKEY* public_key = X509_get0_pubkey(parsed.get());
    if (public_key == nullptr || EVP_PKEY_eq(public_key, key.get()) != 1) {
        return make_error(ErrorCode::input,
                          "the private key does not match the certificate \"" + display_name(certificate.info) + "\"",
                          place);
    }
    return {};
}

} // namespace certgate::x509
