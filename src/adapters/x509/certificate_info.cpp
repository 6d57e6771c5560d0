#include "certificate_fields.hpp"

#include "certgate/core/hex.hpp"

#include <openssl/objects.h>

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <chrono>
#include <ctime>

namespace certgate::x509::detail {

std::string hex_bytes(const unsigned char* bytes, std::size_t size)
{
    return hex_encode({reinterpret_cast<const char*>(bytes), size});
}

// Certificate text ends up in terminals and in JSON reports: control bytes
// and invalid UTF-8 are escaped as \xNN so that neither can be abused.
std::string printable(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    auto escape = [&out](unsigned char byte) {
        out += "\\x";
        append_hex(out, byte);
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7f) {
            escape(byte);
            ++i;
            continue;
        }
        if (byte < 0x80) {
            out += static_cast<char>(byte);
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned minimum = 0;
        unsigned code = 0;
        if ((byte & 0xe0U) == 0xc0U) {
            length = 2;
            minimum = 0x80;
            code = byte & 0x1fU;
        } else if ((byte & 0xf0U) == 0xe0U) {
            length = 3;
            minimum = 0x800;
            code = byte & 0x0fU;
        } else if ((byte & 0xf8U) == 0xf0U) {
            length = 4;
            minimum = 0x10000;
            code = byte & 0x07U;
        }
        bool valid = length != 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            valid = (next & 0xc0U) == 0x80U;
            code = (code << 6U) | (next & 0x3fU);
        }
        valid = valid && code >= minimum && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
        if (!valid) {
            escape(byte);
            ++i;
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

namespace {

// A write-only BIO that appends to the std::string set as its data. A
// memory BIO grows and clears its buffer on every write, and printing a
// name writes each part alone: that was half the cost of the name's text.
int append_to_string(BIO* bio, const char* data, int size)
{
    static_cast<std::string*>(BIO_get_data(bio))->append(data, static_cast<std::size_t>(size));
    return size;
}

long string_sink_control(BIO* /*bio*/, int command, long /*number*/, void* /*pointer*/)
{
    return command == BIO_CTRL_FLUSH ? 1 : 0;
}

const BIO_METHOD* string_sink()
{
    static const std::unique_ptr<BIO_METHOD, Deleter<BIO_meth_free>> method = [] {
        std::unique_ptr<BIO_METHOD, Deleter<BIO_meth_free>> made{
            BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "certgate string sink")};
        if (made && (BIO_meth_set_write(made.get(), append_to_string) != 1 ||
                     BIO_meth_set_ctrl(made.get(), string_sink_control) != 1)) {
            made.reset();
        }
        return made;
    }();
    return method.get();
}

std::string asn1_string_utf8(const ASN1_STRING* value)
{
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, value);
    if (length < 0) {
        // Not convertible: keep the raw bytes, escaped where needed.
        return printable(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                                          static_cast<std::size_t>(ASN1_STRING_length(value))));
    }
    const OpensslBytesPtr owner{utf8};
    return printable(std::string_view(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length)));
}

std::string raw_ascii(const ASN1_STRING* value)
{
    return printable(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                                      static_cast<std::size_t>(ASN1_STRING_length(value))));
}

std::string ip_text(const ASN1_OCTET_STRING* address)
{
    const unsigned char* bytes = ASN1_STRING_get0_data(address);
    const int length = ASN1_STRING_length(address);
    std::array<char, INET6_ADDRSTRLEN> buffer{};
    if (length == 4 && inet_ntop(AF_INET, bytes, buffer.data(), buffer.size()) != nullptr) {
        return buffer.data();
    }
    if (length == 16 && inet_ntop(AF_INET6, bytes, buffer.data(), buffer.size()) != nullptr) {
        return buffer.data();
    }
    // Not an address (a malformed SAN): show the bytes rather than guess.
    return "invalid:" + hex_bytes(bytes, static_cast<std::size_t>(length));
}

} // namespace

std::string name_rfc2253(const X509_NAME* name)
{
    if (name == nullptr) {
        return {};
    }
    // RFC 2253 order and escaping, but UTF-8 kept as UTF-8 (as
    // `openssl x509 -nameopt RFC2253,-esc_msb`).
    const unsigned long flags = XN_FLAG_RFC2253 & ~static_cast<unsigned long>(ASN1_STRFLGS_ESC_MSB);
    const BIO_METHOD* const sink = string_sink();
    if (sink == nullptr) {
        return {};
    }
    std::string text;
    for (const unsigned long attempt : {flags, static_cast<unsigned long>(XN_FLAG_RFC2253)}) {
        text.clear();
        BioPtr bio{BIO_new(sink)};
        if (!bio) {
            return {};
        }
        BIO_set_data(bio.get(), &text);
        BIO_set_init(bio.get(), 1);
        if (X509_NAME_print_ex(bio.get(), name, 0, attempt) >= 0) {
            return printable(text);
        }
    }
    return {};
}

std::string common_name(const X509_NAME* name)
{
    std::string result;
    int index = -1;
    while ((index = X509_NAME_get_index_by_NID(name, NID_commonName, index)) >= 0) {
        const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, index);
        result = asn1_string_utf8(X509_NAME_ENTRY_get_data(entry));
    }
    return result;
}

std::vector<std::string> subject_alt_names(const STACK_OF(X509_EXTENSION) * extensions)
{
    std::vector<std::string> sans;
    GeneralNamesPtr names{
        static_cast<GENERAL_NAMES*>(X509V3_get_d2i(extensions, NID_subject_alt_name, nullptr, nullptr))};
    if (!names) {
        return sans;
    }
    const int count = sk_GENERAL_NAME_num(names.get());
    for (int i = 0; i < count; ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        switch (name->type) {
        case GEN_DNS:
            sans.push_back("DNS:" + raw_ascii(name->d.dNSName));
            break;
        case GEN_IPADD:
            sans.push_back("IP:" + ip_text(name->d.iPAddress));
            break;
        case GEN_EMAIL:
            sans.push_back("email:" + raw_ascii(name->d.rfc822Name));
            break;
        case GEN_URI:
            sans.push_back("URI:" + raw_ascii(name->d.uniformResourceIdentifier));
            break;
        default:
            break; // other names (directory names, otherName) are not identities certgate reports
        }
    }
    return sans;
}

std::string serial_hex(const ASN1_INTEGER* serial)
{
    if (serial == nullptr) {
        return {};
    }
    // ASN1_INTEGER holds the magnitude big-endian; OpenSSL prints whole
    // bytes without leading zero bytes, and zero as "00".
    const unsigned char* bytes = ASN1_STRING_get0_data(serial);
    auto size = static_cast<std::size_t>(ASN1_STRING_length(serial));
    while (size > 0 && *bytes == 0) {
        ++bytes;
        --size;
    }
    if (size == 0) {
        return "00";
    }
    const std::string digits = hex_bytes(bytes, size);
    return ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER ? "-" + digits : digits;
}

// ASN1_TIME_to_tm reads UTCTime and GeneralizedTime digit by digit (no
// time_t), so 1950, 2060 and 9999 all convert exactly.
Result<Instant> to_instant(const ASN1_TIME* time, const char* field)
{
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        return make_error(ErrorCode::input, std::string("invalid ") + field + " time");
    }
    using namespace std::chrono;
    const year_month_day date{year{parts.tm_year + 1900}, month{static_cast<unsigned>(parts.tm_mon + 1)},
                              day{static_cast<unsigned>(parts.tm_mday)}};
    if (!date.ok()) {
        return make_error(ErrorCode::input, std::string("invalid ") + field + " time");
    }
    return Instant{sys_days{date}} + hours{parts.tm_hour} + minutes{parts.tm_min} + seconds{parts.tm_sec};
}

std::string algorithm_name(const X509_ALGOR* algorithm)
{
    if (algorithm == nullptr) {
        return {};
    }
    const ASN1_OBJECT* object = nullptr;
    X509_ALGOR_get0(&object, nullptr, nullptr, algorithm);
    const int nid = OBJ_obj2nid(object);
    if (nid != NID_undef) {
        return OBJ_nid2ln(nid);
    }
    std::array<char, 128> oid{};
    const int length = OBJ_obj2txt(oid.data(), static_cast<int>(oid.size()), object, 1);
    return length > 0 ? std::string(oid.data()) : std::string();
}

bool basic_constraints_ca(const STACK_OF(X509_EXTENSION) * extensions)
{
    BASIC_CONSTRAINTS* constraints =
        static_cast<BASIC_CONSTRAINTS*>(X509V3_get_d2i(extensions, NID_basic_constraints, nullptr, nullptr));
    const bool ca = constraints != nullptr && constraints->ca != 0;
    BASIC_CONSTRAINTS_free(constraints);
    return ca;
}

KeyDescription describe_key(const EVP_PKEY* key)
{
    KeyDescription out;
    if (key == nullptr) {
        return out; // an algorithm OpenSSL does not know: type and size stay unknown
    }
    out.base_id = EVP_PKEY_get_base_id(key);
    switch (out.base_id) {
    case EVP_PKEY_RSA:
        out.type = "RSA";
        break;
    case EVP_PKEY_RSA_PSS:
        out.type = "RSA-PSS";
        break;
    case EVP_PKEY_EC:
        out.type = "EC";
        break;
    case EVP_PKEY_ED25519:
        out.type = "Ed25519";
        out.bits = 256; // the 32-byte public key (OpenSSL's get_bits says 253)
        return out;
    case EVP_PKEY_ED448:
        out.type = "Ed448";
        out.bits = 456; // the 57-byte public key
        return out;
    case EVP_PKEY_DSA:
        out.type = "DSA";
        break;
    default: {
        const char* name = EVP_PKEY_get0_type_name(key);
        out.type = name != nullptr ? name : "";
        break;
    }
    }
    out.bits = EVP_PKEY_get_bits(key);
    return out;
}

Result<CertificateInfo> describe_parts(const CertificateParts& parts, std::string_view der)
{
    CertificateInfo info;
    auto not_before = to_instant(parts.not_before, "notBefore");
    if (!not_before) {
        return not_before.error();
    }
    auto not_after = to_instant(parts.not_after, "notAfter");
    if (!not_after) {
        return not_after.error();
    }
    info.not_before = *not_before;
    info.not_after = *not_after;
    info.subject = name_rfc2253(parts.subject);
    info.issuer = name_rfc2253(parts.issuer);
    info.common_name = parts.subject != nullptr ? common_name(parts.subject) : std::string();
    info.sans = subject_alt_names(parts.extensions);
    info.serial = serial_hex(parts.serial);
    info.fingerprint_sha256 = sha256_hex(der);
    info.signature_algorithm = algorithm_name(parts.signature);
    info.is_ca = basic_constraints_ca(parts.extensions);
    return info;
}

} // namespace certgate::x509::detail
