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

std::string hash_code(const std::string& code, const std::string& salt)
{
    const std::string input = salt + ":" + code;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(input.data(), input.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    return to_hex(digest.data(), size);
}

bool constant_time_equal(const std::string& left, const std::string& right)
{
    return left.size() == right.size() && CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0;
}

} // namespace certgate::delivery
