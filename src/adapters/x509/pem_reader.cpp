#include "certificate_fields.hpp"

#include <array>
#include <optional>

namespace certgate::x509 {
namespace {

constexpr std::string_view k_begin = "-----BEGIN ";
constexpr std::string_view k_dashes = "-----";
constexpr std::size_t k_max_label_length = 64;

std::string block_context(std::size_t block)
{
    return "block " + std::to_string(block) + ": ";
}

bool is_certificate_label(std::string_view label)
{
    return label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE";
}

bool is_private_key_label(std::string_view label)
{
    constexpr std::string_view suffix = "PRIVATE KEY";
    return label.size() >= suffix.size() && label.substr(label.size() - suffix.size()) == suffix;
}

// RFC 7468 labels: printable ASCII and spaces (checked so that a label can
// be quoted in an error message without escaping anything).
bool is_valid_label(std::string_view label)
{
    if (label.empty() || label.size() > k_max_label_length) {
        return false;
    }
    for (const char c : label) {
        if (c < ' ' || c > '~') {
            return false;
        }
    }
    return true;
}

// What each byte is in a PEM body, from one table (two branches a character
// instead of a chain of comparisons: certificates of a plan are decoded from
// PEM by the thousand).
constexpr unsigned char k_space = 64;
constexpr unsigned char k_padding = 65;
constexpr unsigned char k_invalid = 255;

constexpr std::array<unsigned char, 256> make_base64_table()
{
    std::array<unsigned char, 256> table{};
    table.fill(k_invalid);
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<unsigned char>(i);
    }
    for (const char c : {' ', '\t', '\r', '\n'}) {
        table[static_cast<unsigned char>(c)] = k_space;
    }
    table['='] = k_padding;
    return table;
}

constexpr std::array<unsigned char, 256> k_base64 = make_base64_table();

// Validates and decodes a body in one pass: alphabet, whitespace anywhere,
// at most two '=' and only at the very end. nullopt when it is not base64.
// Four data characters in a row (nearly all of a PEM body) are decoded
// together with one test; anything else goes a character at a time.
std::optional<std::string> decode_base64(std::string_view body)
{
    std::string out(body.size() / 4 * 3 + 3, '\0');
    char* const first = out.data();
    char* to = first;
    const auto* from = reinterpret_cast<const unsigned char*>(body.data());
    const auto* const end = from + body.size();
    unsigned accumulator = 0;
    unsigned pending = 0; // data characters in the accumulator, 0 to 3
    std::size_t data = 0;
    std::size_t padding = 0;
    const auto put = [&to](unsigned value) {
        to[0] = static_cast<char>((value >> 16U) & 0xffU);
        to[1] = static_cast<char>((value >> 8U) & 0xffU);
        to[2] = static_cast<char>(value & 0xffU);
        to += 3;
    };
    while (from < end) {
        if (pending == 0 && end - from >= 4) {
            const unsigned a = k_base64[from[0]];
            const unsigned b = k_base64[from[1]];
            const unsigned c = k_base64[from[2]];
            const unsigned d = k_base64[from[3]];
            if ((a | b | c | d) < k_space && padding == 0) {
                put((a << 18U) | (b << 12U) | (c << 6U) | d);
                from += 4;
                data += 4;
                continue;
            }
        }
        const unsigned value = k_base64[*from++];
        if (value < k_space) {
            if (padding != 0) {
                return std::nullopt;
            }
            accumulator = (accumulator << 6U) | value;
            ++data;
            if (++pending == 4) {
                put(accumulator);
                accumulator = 0;
                pending = 0;
            }
        } else if (value == k_padding) {
            ++padding;
        } else if (value != k_space) {
            return std::nullopt;
        }
    }
    const bool padded_ok = padding == 0 ? data % 4 != 1 : padding <= 2 && (data + padding) % 4 == 0;
    if (!padded_ok || data == 0) {
        return std::nullopt;
    }
    // The last one or two bytes of a group that padding (or its absence) cut short.
    if (pending == 2) {
        *to++ = static_cast<char>((accumulator >> 4U) & 0xffU);
    } else if (pending == 3) {
        *to++ = static_cast<char>((accumulator >> 10U) & 0xffU);
        *to++ = static_cast<char>((accumulator >> 2U) & 0xffU);
    }
    out.resize(static_cast<std::size_t>(to - first));
    return out;
}

Result<Certificate> read_certificate_block(std::string_view label, std::string_view body, std::size_t block,
                                           std::string_view where, const ReadLimits& limits)
{
    const std::string context = block_context(block);
    // The body is already in memory, so decoding it before the size check
    // costs at most three quarters of it again; bad base64 is reported first.
    std::optional<std::string> bytes = decode_base64(body);
    if (!bytes) {
        return make_error(ErrorCode::input, context + "bad base64 in the " + std::string(label) + " block",
                          std::string(where));
    }
    if (bytes->size() > limits.max_certificate_bytes) {
        return make_error(ErrorCode::limit,
                          context + "certificate of " + std::to_string(bytes->size()) + " bytes is over the limit of " +
                              std::to_string(limits.max_certificate_bytes) + " bytes for one certificate",
                          std::string(where));
    }
    std::string der = std::move(*bytes);
    const std::string refusal =
        "not a certificate, the " + std::string(label) + " block does not hold an X.509 certificate in DER";
    if (label == "TRUSTED CERTIFICATE") {
        // OpenSSL's "trusted" form: a certificate followed by trust settings,
        // which must decode (as d2i_X509_AUX) and are then dropped.
        const auto decoded = detail::decode_certificate(der, NameDecoding::lenient);
        if (decoded && decoded->size < der.size()) {
            const auto* cursor = reinterpret_cast<const unsigned char*>(der.data() + decoded->size);
            const detail::ErrorQueueGuard guard;
            X509_CERT_AUX* trust = d2i_X509_CERT_AUX(nullptr, &cursor, static_cast<long>(der.size() - decoded->size));
            if (trust == nullptr) {
                return make_error(ErrorCode::input, context + refusal, std::string(where));
            }
            X509_CERT_AUX_free(trust);
            der.resize(decoded->size);
        }
    }
    return detail::certificate_from_der(std::move(der), context, refusal, where);
}

} // namespace

bool looks_like_pem(std::string_view content)
{
    return content.find(k_begin) != std::string_view::npos;
}

Result<Bundle> read_pem(std::string_view content, std::string_view where, const ReadLimits& limits)
{
    Bundle bundle;
    std::size_t block = 0;
    std::size_t position = 0;
    while (true) {
        const std::size_t begin = content.find(k_begin, position);
        if (begin == std::string_view::npos) {
            break;
        }
        ++block;
        if (block > limits.max_pem_blocks) {
            return make_error(ErrorCode::limit,
                              "more than " + std::to_string(limits.max_pem_blocks) +
                                  " PEM blocks, over the limit of blocks in one input",
                              std::string(where));
        }
        const std::string context = block_context(block);
        const std::size_t label_start = begin + k_begin.size();
        const std::size_t label_end = content.find(k_dashes, label_start);
        const std::size_t line_end = content.find('\n', label_start);
        if (label_end == std::string_view::npos || (line_end != std::string_view::npos && label_end > line_end) ||
            !is_valid_label(content.substr(label_start, label_end - label_start))) {
            return make_error(ErrorCode::input, context + "malformed BEGIN line, expected \"-----BEGIN LABEL-----\"",
                              std::string(where));
        }
        const std::string_view label = content.substr(label_start, label_end - label_start);
        const std::size_t body_start = label_end + k_dashes.size();
        const std::string end_marker = "-----END " + std::string(label) + "-----";
        const std::size_t end = content.find(end_marker, body_start);
        const std::size_t next_begin = content.find(k_begin, body_start);
        if (end == std::string_view::npos || (next_begin != std::string_view::npos && next_begin < end)) {
            return make_error(ErrorCode::input, context + "truncated PEM, no END " + std::string(label) + " line",
                              std::string(where));
        }
        const std::string_view body = content.substr(body_start, end - body_start);
        position = end + end_marker.size();

        if (is_certificate_label(label)) {
            auto certificate = read_certificate_block(label, body, block, where, limits);
            if (!certificate) {
                return certificate.error();
            }
            bundle.certificates.push_back(std::move(*certificate));
        } else if (is_private_key_label(label)) {
            ++bundle.private_keys; // counted, never decoded here, never echoed
        } else {
            bundle.other_block_labels.emplace_back(label);
        }
    }
    return bundle;
}

} // namespace certgate::x509
