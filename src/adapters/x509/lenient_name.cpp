// Names OpenSSL 3's X509_NAME refuses (it converts every string to UTF-8 and
// rejects invalid UTF-8 and tags outside DirectoryString) are valid DER that
// other readers accept. The certificate still has dates and a fingerprint
// worth evaluating, so such a name is read as plain AttributeTypeAndValue
// pairs and shown escaped instead of refusing the certificate.

#include "certificate_fields.hpp"

#include "certgate/core/hex.hpp"

#include <openssl/asn1t.h>
#include <openssl/objects.h>

#include <array>
#include <climits>

namespace certgate::x509::detail {
namespace {

struct RawAttribute {
    ASN1_OBJECT* type;
    ASN1_TYPE* value;
};

} // namespace

ASN1_SEQUENCE(RawAttribute) =
    {
        ASN1_SIMPLE(RawAttribute, type, ASN1_OBJECT),
        ASN1_SIMPLE(RawAttribute, value, ASN1_ANY),
} ASN1_SEQUENCE_END(RawAttribute)

        ASN1_ITEM_TEMPLATE(RawRdn) = ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SET_OF, 0, RawRdn, RawAttribute)
            ASN1_ITEM_TEMPLATE_END(RawRdn)

                ASN1_ITEM_TEMPLATE(RawName) = ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SEQUENCE_OF, 0, RawName, RawRdn)
                    ASN1_ITEM_TEMPLATE_END(RawName)

                        namespace
{

    struct RawNameDeleter {
        void operator()(OPENSSL_STACK* name) const noexcept
        {
            ASN1_item_free(reinterpret_cast<ASN1_VALUE*>(name), RawName_it());
        }
    };

    bool is_string_type(int type)
    {
        switch (type) {
        case V_ASN1_UTF8STRING:
        case V_ASN1_PRINTABLESTRING:
        case V_ASN1_IA5STRING:
        case V_ASN1_T61STRING:
        case V_ASN1_VISIBLESTRING:
        case V_ASN1_NUMERICSTRING:
        case V_ASN1_BMPSTRING:
        case V_ASN1_UNIVERSALSTRING:
        case V_ASN1_VIDEOTEXSTRING:
        case V_ASN1_GRAPHICSTRING:
        case V_ASN1_GENERALSTRING:
            return true;
        default:
            return false;
        }
    }

    std::string_view bytes_of(const ASN1_STRING* value)
    {
        return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                static_cast<std::size_t>(ASN1_STRING_length(value))};
    }

    struct ValueText {
        std::string text; ///< not yet escaped: UTF-8, or the raw bytes when they do not convert
        bool is_string = true;
    };

    ValueText value_text(const ASN1_TYPE* value)
    {
        if (value->type == V_ASN1_BOOLEAN || value->type == V_ASN1_NULL || value->type == V_ASN1_OBJECT) {
            return {"#", false}; // no text to show; the type alone says what it was
        }
        const ASN1_STRING* string = value->value.asn1_string;
        if (value->type == V_ASN1_SEQUENCE || value->type == V_ASN1_SET || value->type == V_ASN1_OTHER) {
            // A constructed or context-tagged value: RFC 2253's "#" and the hex
            // of its encoding, as OpenSSL dumps what it cannot show.
            return {"#" + hex_encode(bytes_of(string)), false};
        }
        // A string type converts to UTF-8 unless its bytes are invalid; any
        // other primitive (an OCTET STRING where a string belongs) shows its
        // bytes. Either way what is not UTF-8 is escaped later.
        unsigned char* utf8 = nullptr;
        const int length = is_string_type(value->type) ? ASN1_STRING_to_UTF8(&utf8, string) : -1;
        if (length < 0) {
            return {std::string(bytes_of(string)), true};
        }
        const OpensslBytesPtr owner{utf8};
        return {std::string(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length)), true};
    }

    // RFC 2253 section 2.4 escaping of a value's text.
    std::string escaped_2253(const std::string& text)
    {
        std::string out;
        out.reserve(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            const bool special = c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';';
            const bool edge = (i == 0 && (c == ' ' || c == '#')) || (i + 1 == text.size() && c == ' ');
            if (special || edge) {
                out += '\\';
            }
            out += c;
        }
        return out;
    }

    std::string type_text(const ASN1_OBJECT* type)
    {
        const int nid = OBJ_obj2nid(type);
        if (nid != NID_undef) {
            return OBJ_nid2sn(nid);
        }
        std::array<char, 128> oid{};
        const int length = OBJ_obj2txt(oid.data(), static_cast<int>(oid.size()), type, 1);
        return length > 0 ? std::string(oid.data()) : std::string("?");
    }

} // namespace

std::optional<LenientName> read_lenient_name(std::string_view name_der)
{
    if (name_der.size() > static_cast<std::size_t>(LONG_MAX)) {
        return std::nullopt;
    }
    const auto* cursor = reinterpret_cast<const unsigned char*>(name_der.data());
    const std::unique_ptr<OPENSSL_STACK, RawNameDeleter> rdns{reinterpret_cast<OPENSSL_STACK*>(
        ASN1_item_d2i(nullptr, &cursor, static_cast<long>(name_der.size()), RawName_it()))};
    if (!rdns) {
        return std::nullopt;
    }
    LenientName name;
    bool found_common_name = false;
    // RFC 2253 writes the last RDN first.
    for (int r = OPENSSL_sk_num(rdns.get()) - 1; r >= 0; --r) {
        const auto* rdn = static_cast<const OPENSSL_STACK*>(OPENSSL_sk_value(rdns.get(), r));
        if (!name.rfc2253.empty()) {
            name.rfc2253 += ',';
        }
        for (int a = 0; a < OPENSSL_sk_num(rdn); ++a) {
            const auto* attribute = static_cast<const RawAttribute*>(OPENSSL_sk_value(rdn, a));
            const ValueText value = value_text(attribute->value);
            if (a > 0) {
                name.rfc2253 += '+';
            }
            name.rfc2253 +=
                type_text(attribute->type) + "=" + (value.is_string ? escaped_2253(value.text) : value.text);
            if (OBJ_obj2nid(attribute->type) == NID_commonName && !found_common_name) {
                name.common_name = printable(value.text); // the last CN of the name, met first here
                found_common_name = true;
            }
        }
    }
    // Escaped last: \xNN for control bytes and what is not UTF-8.
    name.rfc2253 = printable(name.rfc2253);
    return name;
}

} // namespace certgate::x509::detail
