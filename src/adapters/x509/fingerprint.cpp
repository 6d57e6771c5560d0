// The SHA-256 fingerprint of a certificate's DER.
//
// OpenSSL's own SHA256_Init/Update/Final, not EVP_Digest: in OpenSSL 3 the
// first EVP digest activates the default provider and enumerates every
// algorithm name (about 3.5 million instructions, a quarter of a whole
// certgate-external call), and each EVP_Digest then costs about a third
// more than the hashing itself. These functions are deprecated in 3.0 in
// favour of providers but still built by Debian, and they run the same
// SHA-256 code the default provider runs. A fingerprint is an identifier,
// not a security decision, so a FIPS-only provider configuration need not
// apply to it (docs/inputs.md says so).
#define OPENSSL_SUPPRESS_DEPRECATED

#include "certificate_fields.hpp"

#include "certgate/core/hex.hpp"

#include <openssl/sha.h>

#include <array>

namespace certgate::x509::detail {

std::string sha256_hex(std::string_view bytes)
{
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256_CTX context;
    if (SHA256_Init(&context) != 1 || SHA256_Update(&context, bytes.data(), bytes.size()) != 1 ||
        SHA256_Final(digest.data(), &context) != 1) {
        return {};
    }
    return hex_encode({reinterpret_cast<const char*>(digest.data()), digest.size()});
}

} // namespace certgate::x509::detail
