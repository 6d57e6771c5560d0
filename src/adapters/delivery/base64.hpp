#pragma once
// Base64 (RFC 4648, with padding) for the MIME text and webhook signatures.
// Internal to the delivery adapter.

#include <openssl/evp.h>

#include <string>
#include <string_view>

namespace certgate::delivery::detail {

inline std::string base64(std::string_view data)
{
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int size =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(size));
    return out;
}

} // namespace certgate::delivery::detail
