#include "certgate/adapters/files/input_files.hpp"

namespace certgate::files {
namespace {

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

unsigned byte_at(std::string_view text, std::size_t index)
{
    return static_cast<unsigned char>(text[index]);
}

// A DER SEQUENCE with a long-form (or BER indefinite) length, as both an
// X.509 certificate and a PKCS#12 PFX start; what follows tells them apart:
// a certificate's tbsCertificate SEQUENCE, or PFX's "INTEGER 3" version.
ContentKind sniff_der(std::string_view head)
{
    if (head.size() < 4 || byte_at(head, 0) != 0x30U) {
        return ContentKind::unknown;
    }
    const unsigned first_length = byte_at(head, 1);
    std::size_t inner = 0;
    if (first_length == 0x80U) {
        inner = 2; // BER indefinite length: some PKCS#12 exporters use it
    } else if (first_length >= 0x81U && first_length <= 0x84U) {
        const std::size_t octets = first_length & 0x7fU;
        if (head.size() < 2 + octets + 3) {
            return ContentKind::unknown;
        }
        std::uintmax_t length = 0;
        for (std::size_t i = 0; i < octets; ++i) {
            length = (length << 8U) | byte_at(head, 2 + i);
        }
        if (length < 0x80U) {
            return ContentKind::unknown; // not the shortest form: not DER, and too small to be a certificate
        }
        inner = 2 + octets;
    } else {
        return ContentKind::unknown; // a short length: far too small for a certificate
    }
    if (head.size() < inner + 3) {
        return ContentKind::unknown;
    }
    if (byte_at(head, inner) == 0x30U) {
        return ContentKind::der;
    }
    if (byte_at(head, inner) == 0x02U && byte_at(head, inner + 1) == 0x01U && byte_at(head, inner + 2) == 0x03U) {
        return ContentKind::pkcs12;
    }
    return ContentKind::unknown;
}

} // namespace

ContentKind sniff(std::string_view head)
{
    std::string_view text = head;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    std::size_t first = 0;
    while (first < text.size() && is_space(text[first])) {
        ++first;
    }
    if (first == text.size()) {
        return ContentKind::empty;
    }
    if (text[first] == '{') {
        return ContentKind::json;
    }
    if (text.find("-----BEGIN ") != std::string_view::npos) {
        return ContentKind::pem;
    }
    return sniff_der(head);
}

} // namespace certgate::files
