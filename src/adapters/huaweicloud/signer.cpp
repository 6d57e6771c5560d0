#include "certgate/adapters/huaweicloud/signer.hpp"
#include "certgate/core/hex.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

namespace certgate::huaweicloud {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size)
{
    return hex_encode(std::string_view(reinterpret_cast<const char*>(bytes), size));
}

bool unreserved(unsigned char byte)
{
    return (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') ||
           byte == '-' || byte == '_' || byte == '.' || byte == '~';
}

std::string lower(std::string_view text)
{
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return result;
}

std::string_view trim(std::string_view text)
{
    const auto space = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

Result<std::string> hmac_sha256_hex(std::string_view key, std::string_view message)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
             &length) == nullptr) {
        return make_error(ErrorCode::internal, "HMAC-SHA256 failed");
    }
    return to_hex(digest.data(), length);
}

} // namespace

std::string uri_escape(std::string_view text)
{
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (unreserved(byte)) {
            escaped.push_back(c);
        } else {
            escaped.push_back('%');
            append_hex(escaped, byte, HexCase::upper);
        }
    }
    return escaped;
}

std::string canonical_uri(std::string_view path)
{
    std::string uri;
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = path.find('/', start);
        uri += uri_escape(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) {
            break;
        }
        uri.push_back('/');
        start = slash + 1;
    }
    if (uri.empty() || uri.back() != '/') {
        uri.push_back('/');
    }
    return uri;
}

std::string canonical_query(const Pairs& query)
{
    std::map<std::string, std::vector<std::string>> sorted;
    for (const auto& [key, value] : query) {
        sorted[key].push_back(value);
    }
    std::string result;
    for (auto& [key, values] : sorted) {
        std::sort(values.begin(), values.end());
        for (const std::string& value : values) {
            if (!result.empty()) {
                result.push_back('&');
            }
            result += uri_escape(key) + "=" + uri_escape(value);
        }
    }
    return result;
}

std::string format_sdk_date(Instant instant)
{
    const auto day = std::chrono::floor<std::chrono::days>(instant);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss time{instant - day};
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(),
                  "%04d%02u%02u"
                  "T%02d%02d%02dZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return text.data();
}

Result<Instant> parse_sdk_date(std::string_view text)
{
    const auto fail = [&] {
        return make_error(ErrorCode::input,
                          "invalid X-Sdk-Date \"" + std::string(text.substr(0, 32)) + "\", expected YYYYMMDDTHHMMSSZ");
    };
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') {
        return fail();
    }
    std::string rfc3339;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i != 8 && i != 15 && (text[i] < '0' || text[i] > '9')) {
            return fail();
        }
    }
    rfc3339 = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
              std::string(text.substr(6, 2)) + "T" + std::string(text.substr(9, 2)) + ":" +
              std::string(text.substr(11, 2)) + ":" + std::string(text.substr(13, 2)) + "Z";
    auto parsed = parse_rfc3339(rfc3339);
    if (!parsed) {
        return fail();
    }
    return *parsed;
}

std::string sha256_hex(std::string_view bytes)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
    return to_hex(digest.data(), length);
}

Result<Signature> sign(const SigningInput& input, std::string_view access_key, std::string_view secret_key)
{
    std::map<std::string, std::string> signed_values;
    for (const auto& [name, value] : input.headers) {
        if (name.find('_') != std::string::npos) {
            continue;
        }
        if (value.find_first_of("\r\n") != std::string::npos) {
            return make_error(ErrorCode::internal, "header \"" + name + "\" holds a line break and cannot be signed");
        }
        signed_values[lower(name)] = std::string(trim(value));
    }
    const auto date = signed_values.find("x-sdk-date");
    if (date == signed_values.end()) {
        return make_error(ErrorCode::internal, "the request has no X-Sdk-Date header to sign");
    }

    Signature result;
    std::string canonical_headers;
    for (const auto& [name, value] : signed_values) {
        canonical_headers += name + ":" + value + "\n";
        if (!result.signed_headers.empty()) {
            result.signed_headers.push_back(';');
        }
        result.signed_headers += name;
    }
    result.canonical_request = input.method + "\n" + canonical_uri(input.path) + "\n" + canonical_query(input.query) +
                               "\n" + canonical_headers + "\n" + result.signed_headers + "\n" + sha256_hex(input.body);
    result.string_to_sign =
        std::string(k_signing_algorithm) + "\n" + date->second + "\n" + sha256_hex(result.canonical_request);
    auto signature = hmac_sha256_hex(secret_key, result.string_to_sign);
    if (!signature) {
        return signature.error();
    }
    result.signature = std::move(*signature);
    result.authorization = std::string(k_signing_algorithm) + " Access=" + std::string(access_key) +
                           ", SignedHeaders=" + result.signed_headers + ", Signature=" + result.signature;
    return result;
}

} // namespace certgate::huaweicloud
