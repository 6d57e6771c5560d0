#pragma once
// Small helpers shared by the x509 unit tests.

#include "support/certificates.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>
#include <vector>

namespace certgate::testing {

/// The key in OpenSSL's "traditional" form: "RSA PRIVATE KEY", "EC PRIVATE KEY".
inline std::string traditional_key_pem(const TestCertificate& certificate)
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey_traditional(bio, certificate.key(), nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return text;
}

/// The base64 lines of every PEM block in `pem` (the secret part of a key).
inline std::vector<std::string> body_lines(const std::string& pem)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < pem.size()) {
        std::size_t end = pem.find('\n', start);
        if (end == std::string::npos) {
            end = pem.size();
        }
        std::string line = pem.substr(start, end - start);
        if (line.rfind("-----", 0) != 0 && line.size() >= 16) {
            lines.push_back(line);
        }
        start = end + 1;
    }
    return lines;
}

} // namespace certgate::testing
