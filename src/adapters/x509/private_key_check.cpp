#include "key_derivation_limits.hpp"
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
    // OpenSSL takes the returned length, not a terminator (pem_password_cb).
    std::memcpy(buffer, password->data(), password->size()); // NOLINT(bugprone-not-null-terminated-result)
    return static_cast<int>(password->size());
}

// The first private-key block is the one PEM_read_bio_PrivateKey decodes;
// when it is an encrypted PKCS#8 key, its key derivation is checked against
// the budget before OpenSSL runs it. Legacy "Proc-Type: 4,ENCRYPTED" keys
// derive with a single round and need no check.
Result<void> check_key_derivation(std::string_view private_key_pem, const std::string& place)
{
    const detail::BioPtr bio = detail::memory_bio(private_key_pem);
    if (!bio) {
        return {};
    }
    while (true) {
        char* raw_name = nullptr;
        char* raw_header = nullptr;
        unsigned char* raw_data = nullptr;
        long length = 0;
        if (PEM_read_bio(bio.get(), &raw_name, &raw_header, &raw_data, &length) != 1) {
            return {};
        }
        const detail::OpensslCharPtr name(raw_name);
        const detail::OpensslCharPtr header(raw_header);
        const detail::OpensslBytesPtr data(raw_data);
        const std::string_view block_name(name.get());
        if (block_name.size() < 11 || block_name.substr(block_name.size() - 11) != "PRIVATE KEY") {
            continue;
        }
        if (block_name != "ENCRYPTED PRIVATE KEY") {
            return {};
        }
        const unsigned char* cursor = data.get();
        const std::unique_ptr<X509_SIG, detail::Deleter<X509_SIG_free>> encrypted{
            d2i_X509_SIG(nullptr, &cursor, length)};
        if (!encrypted) {
            return {};
        }
        const X509_ALGOR* algorithm = nullptr;
        X509_SIG_get0(encrypted.get(), &algorithm, nullptr);
        detail::KdfBudget budget(detail::PasswordGiven::yes);
        return budget.charge_algorithm(algorithm, "the encrypted private key", place);
    }
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
    // Without a password OpenSSL stops at the password callback, before
    // deriving anything.
    if (password) {
        if (auto within = check_key_derivation(private_key_pem, place); !within) {
            return within;
        }
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
