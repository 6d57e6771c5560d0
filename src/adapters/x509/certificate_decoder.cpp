// The certificate decoder on the hot path. d2i_X509 costs ~2.5 M
// instructions a certificate on OpenSSL 3, most of it building an EVP_PKEY
// through the provider decoders, and "self-signed" by X509_self_signed
// verified a signature. Here the certificate is read through OpenSSL's own
// ASN.1 template machinery with the same structure as its X509_CINF, but the
// SubjectPublicKeyInfo and the names are kept as raw DER: names are then
// decoded as X509_NAME (or leniently when OpenSSL refuses them), the key is
// described from its encoding, and "self-signed" is judged from names, key
// identifiers and algorithms, never from a signature.

#include "certificate_fields.hpp"

#include <openssl/asn1t.h>
#include <openssl/objects.h>

#include <climits>

namespace certgate::x509::detail {
namespace {

// TBSCertificate (RFC 5280 4.1), field for field as OpenSSL's X509_CINF.
struct TbsView {
    ASN1_INTEGER* version;
    ASN1_INTEGER* serial;
    X509_ALGOR* signature;
    ASN1_TYPE* issuer; ///< raw Name
    X509_VAL* validity;
    ASN1_TYPE* subject; ///< raw Name
    ASN1_TYPE* key;     ///< raw SubjectPublicKeyInfo
    ASN1_BIT_STRING* issuer_uid;
    ASN1_BIT_STRING* subject_uid;
    STACK_OF(X509_EXTENSION) * extensions;
};

struct CertificateView {
    TbsView* tbs;
    X509_ALGOR* signature_algorithm;
    ASN1_BIT_STRING* signature;
};

} // namespace

ASN1_SEQUENCE(TbsView) =
    {
        ASN1_EXP_OPT(TbsView, version, ASN1_INTEGER, 0),
        ASN1_SIMPLE(TbsView, serial, ASN1_INTEGER),
        ASN1_SIMPLE(TbsView, signature, X509_ALGOR),
        ASN1_SIMPLE(TbsView, issuer, ASN1_ANY),
        ASN1_SIMPLE(TbsView, validity, X509_VAL),
        ASN1_SIMPLE(TbsView, subject, ASN1_ANY),
        ASN1_SIMPLE(TbsView, key, ASN1_ANY),
        ASN1_IMP_OPT(TbsView, issuer_uid, ASN1_BIT_STRING, 1),
        ASN1_IMP_OPT(TbsView, subject_uid, ASN1_BIT_STRING, 2),
        ASN1_EXP_SEQUENCE_OF_OPT(TbsView, extensions, X509_EXTENSION, 3),
} ASN1_SEQUENCE_END(TbsView)

        ASN1_SEQUENCE(CertificateView) =
            {
                ASN1_SIMPLE(CertificateView, tbs, TbsView),
                ASN1_SIMPLE(CertificateView, signature_algorithm, X509_ALGOR),
                ASN1_SIMPLE(CertificateView, signature, ASN1_BIT_STRING),
} ASN1_SEQUENCE_END(CertificateView)

                namespace
{

    struct CertificateViewDeleter {
        void operator()(CertificateView* view) const noexcept
        {
            ASN1_item_free(reinterpret_cast<ASN1_VALUE*>(view), CertificateView_it());
        }
    };
    using CertificateViewPtr = std::unique_ptr<CertificateView, CertificateViewDeleter>;
    using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
    using OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;
    using AuthorityKeyIdPtr = std::unique_ptr<AUTHORITY_KEYID, Deleter<AUTHORITY_KEYID_free>>;

    // The full encoding of a SEQUENCE kept by ASN1_ANY ("" for any other tag).
    std::string_view sequence_der(const ASN1_TYPE* value)
    {
        if (value == nullptr || value->type != V_ASN1_SEQUENCE) {
            return {};
        }
        return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.sequence)),
                static_cast<std::size_t>(ASN1_STRING_length(value->value.sequence))};
    }

    X509NamePtr decode_name(std::string_view der)
    {
        if (der.empty()) {
            return nullptr;
        }
        const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
        const auto* const end = cursor + der.size();
        X509NamePtr name{d2i_X509_NAME(nullptr, &cursor, static_cast<long>(der.size()))};
        return name && cursor == end ? std::move(name) : nullptr;
    }

    // The issuer of the last certificate this thread decoded, decoded and as
    // text: certificates read together mostly share a few issuers, and
    // decoding and printing the name was a sixth of the cost of a certificate.
    struct IssuerCache {
        std::string der;
        X509NamePtr name;
        std::string text;
    };

    const IssuerCache& decoded_issuer(std::string_view der)
    {
        thread_local IssuerCache cache;
        if (cache.name && cache.der == der) {
            return cache;
        }
        cache.name = decode_name(der);
        cache.der.assign(cache.name ? der : std::string_view());
        cache.text = name_rfc2253(cache.name.get());
        return cache;
    }

    // X509_check_akid's rule against the certificate itself: the authority key
    // identifier, when it decodes, must name this certificate's key identifier,
    // serial and issuer where it gives them. `issuer` is nullptr for a name
    // only the lenient reader could read.
    bool key_identifiers_agree(const STACK_OF(X509_EXTENSION) * extensions, const ASN1_INTEGER* serial,
                               const X509_NAME* issuer)
    {
        const AuthorityKeyIdPtr authority{
            static_cast<AUTHORITY_KEYID*>(X509V3_get_d2i(extensions, NID_authority_key_identifier, nullptr, nullptr))};
        if (!authority) {
            return true;
        }
        const OctetStringPtr subject_key{
            static_cast<ASN1_OCTET_STRING*>(X509V3_get_d2i(extensions, NID_subject_key_identifier, nullptr, nullptr))};
        if (authority->keyid != nullptr && subject_key &&
            ASN1_OCTET_STRING_cmp(authority->keyid, subject_key.get()) != 0) {
            return false;
        }
        if (authority->serial != nullptr && ASN1_INTEGER_cmp(serial, authority->serial) != 0) {
            return false;
        }
        for (int i = 0; i < sk_GENERAL_NAME_num(authority->issuer); ++i) {
            const GENERAL_NAME* name = sk_GENERAL_NAME_value(authority->issuer, i);
            if (name->type == GEN_DIRNAME) {
                return issuer != nullptr && X509_NAME_cmp(name->d.directoryName, issuer) == 0;
            }
        }
        return true;
    }

    // The TBS signature algorithm is one the key's algorithm makes (an RSA key
    // may also sign RSA-PSS), as OpenSSL's check_sig_alg_match.
    bool signature_suits_key(const X509_ALGOR* signature, int key_base_id)
    {
        if (key_base_id == NID_undef) {
            return false;
        }
        const ASN1_OBJECT* algorithm = nullptr;
        X509_ALGOR_get0(&algorithm, nullptr, nullptr, signature);
        int signer = NID_undef;
        if (OBJ_find_sigid_algs(OBJ_obj2nid(algorithm), nullptr, &signer) == 0) {
            return false;
        }
        return key_base_id == EVP_PKEY_type(signer) || (key_base_id == EVP_PKEY_RSA && signer == NID_rsassaPss);
    }

} // namespace

std::optional<DecodedCertificate> decode_certificate(std::string_view bytes, NameDecoding names)
{
    if (bytes.empty() || bytes.size() > static_cast<std::size_t>(LONG_MAX)) {
        return std::nullopt;
    }
    const ErrorQueueGuard guard;
    const auto* const start = reinterpret_cast<const unsigned char*>(bytes.data());
    const unsigned char* cursor = start;
    const CertificateViewPtr view{reinterpret_cast<CertificateView*>(
        ASN1_item_d2i(nullptr, &cursor, static_cast<long>(bytes.size()), CertificateView_it()))};
    if (!view) {
        return std::nullopt;
    }
    const auto size = static_cast<std::size_t>(cursor - start);
    const TbsView& tbs = *view->tbs;
    const std::string_view issuer_der = sequence_der(tbs.issuer);
    const std::string_view subject_der = sequence_der(tbs.subject);
    const IssuerCache& cached_issuer = decoded_issuer(issuer_der);
    const X509_NAME* const issuer = cached_issuer.name.get();
    const X509NamePtr subject = decode_name(subject_der);
    std::optional<LenientName> lenient_issuer;
    std::optional<LenientName> lenient_subject;
    if (!issuer || !subject) {
        if (names == NameDecoding::strict) {
            return std::nullopt;
        }
        lenient_issuer = issuer ? std::nullopt : read_lenient_name(issuer_der);
        lenient_subject = subject ? std::nullopt : read_lenient_name(subject_der);
        if ((!issuer && !lenient_issuer) || (!subject && !lenient_subject)) {
            return std::nullopt;
        }
    }
    const std::optional<KeyDescription> key = describe_public_key_info(sequence_der(tbs.key));
    if (!key) {
        return std::nullopt;
    }

    CertificateParts parts;
    parts.serial = tbs.serial;
    parts.signature = view->signature_algorithm;
    parts.issuer = nullptr; // its text comes from the cache below
    parts.subject = subject.get();
    parts.not_before = tbs.validity->notBefore;
    parts.not_after = tbs.validity->notAfter;
    parts.extensions = tbs.extensions;
    Result<CertificateInfo> info = describe_parts(parts, bytes.substr(0, size));
    if (info) {
        info->issuer = cached_issuer.text;
        if (lenient_issuer) {
            info->issuer = lenient_issuer->rfc2253;
        }
        if (lenient_subject) {
            info->subject = lenient_subject->rfc2253;
            info->common_name = lenient_subject->common_name;
        }
        info->key_type = key->type;
        info->key_bits = key->bits;
        const bool self_issued =
            issuer && subject ? X509_NAME_cmp(subject.get(), issuer) == 0 : subject_der == issuer_der;
        info->self_signed = self_issued && key_identifiers_agree(tbs.extensions, tbs.serial, issuer) &&
                            signature_suits_key(tbs.signature, key->base_id);
    }
    return DecodedCertificate{std::move(info), size};
}

} // namespace certgate::x509::detail
