#include "certgate/adapters/delivery/codes.hpp"
#include "certgate/core/hex.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace certgate::delivery {

namespace {

std::string to_hex(const unsigned char* data, std::size_t size)
{
    return hex_encode(std::string_view(reinterpret_cast<const char*>(data), size));
}

void random_bytes(unsigned char* data, std::size_t size)
{
    if (RAND_bytes(data, static_cast<int>(size)) != 1) {
        // No entropy means no safe code at all; this is not an input error.
        throw std::runtime_error("the random number generator failed");
    }
}

} // namespace

std::string random_code()
{
    std::string code;
    while (code.size() < 8) {
        std::array<unsigned char, 16> bytes{};
        random_bytes(bytes.data(), bytes.size());
        for (const unsigned char byte : bytes) {
            // Rejection sampling keeps every digit equally likely.
            if (byte < 250 && code.size() < 8) {
                code.push_back(static_cast<char>('0' + byte % 10));
            }
        }
    }
    return code;
}

std::string random_hex(unsigned bytes)
{
    std::vector<unsigned char> data(bytes);
    random_bytes(data.data(), data.size());
    return to_hex(data.data(), data.size());
}

namespace {

std::string pbkdf2_sha256(const std::string& code, const std::string& salt, unsigned iterations)
{
    std::array<unsigned char, 32> key{};
    if (PKCS5_PBKDF2_HMAC(code.data(), static_cast<int>(code.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                          static_cast<int>(iterations), EVP_sha256(), static_cast<int>(key.size()), key.data()) != 1) {
        throw std::runtime_error("PBKDF2-HMAC-SHA256 failed");
    }
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + to_hex(key.data(), key.size());
}

} // namespace

std::string hash_code(const std::string& code, const std::string& salt)
{
    return pbkdf2_sha256(code, salt, k_code_hash_iterations);
}

bool code_matches(const std::string& code, const std::string& salt, const std::string& stored)
{
    const std::string expected = hash_code(code, salt);
    return expected.size() == stored.size() && CRYPTO_memcmp(expected.data(), stored.data(), stored.size()) == 0;
}

} // namespace certgate::delivery
