// Key type and size from a SubjectPublicKeyInfo without an EVP_PKEY: OpenSSL
// 3 builds every EVP_PKEY through its provider decoders, which costs more
// than the rest of a certificate together. A report needs only the
// algorithm and the size, and both are in the encoding.

#include "certificate_fields.hpp"

#include <openssl/asn1t.h>
#include <openssl/objects.h>

#include <array>
#include <climits>

namespace certgate::x509::detail {
namespace {

struct SpkiView {
    X509_ALGOR* algorithm;
    ASN1_BIT_STRING* key;
};

// RSAPublicKey as OpenSSL reads it (BIGNUM fields, as d2i_RSAPublicKey).
struct RsaKeyView {
    BIGNUM* modulus;
    BIGNUM* exponent;
};

} // namespace

// The templates mirror OpenSSL's own X509_PUBKEY and RSAPublicKey, so that a
// key is accepted exactly when d2i_X509 accepts it.
ASN1_SEQUENCE(SpkiView) =
    {
        ASN1_SIMPLE(SpkiView, algorithm, X509_ALGOR),
        ASN1_SIMPLE(SpkiView, key, ASN1_BIT_STRING),
} ASN1_SEQUENCE_END(SpkiView)

        ASN1_SEQUENCE(RsaKeyView) =
            {
                ASN1_SIMPLE(RsaKeyView, modulus, BIGNUM),
                ASN1_SIMPLE(RsaKeyView, exponent, BIGNUM),
} ASN1_SEQUENCE_END(RsaKeyView)

                namespace
{

    template <typename View> struct ViewDeleter {
        const ASN1_ITEM* (*item)();
        void operator()(View* view) const noexcept { ASN1_item_free(reinterpret_cast<ASN1_VALUE*>(view), item()); }
    };

    template <typename View>
    std::unique_ptr<View, ViewDeleter<View>> decode_view(const unsigned char* bytes, std::size_t size,
                                                         const ASN1_ITEM* (*item)())
    {
        if (size > static_cast<std::size_t>(LONG_MAX)) {
            return {nullptr, ViewDeleter<View>{item}};
        }
        const unsigned char* cursor = bytes;
        auto* value = ASN1_item_d2i(nullptr, &cursor, static_cast<long>(size), item());
        return {reinterpret_cast<View*>(value), ViewDeleter<View>{item}};
    }

    struct NamedCurve {
        int nid;
        int order_bits; ///< what EVP_PKEY_get_bits says for a key on the curve
        int field_bytes;
    };

    // The curves certificates use; any other curve goes through OpenSSL.
    constexpr std::array<NamedCurve, 9> k_curves{{
        {NID_X9_62_prime256v1, 256, 32},
        {NID_secp384r1, 384, 48},
        {NID_secp521r1, 521, 66},
        {NID_secp256k1, 256, 32},
        {NID_secp224r1, 224, 28},
        {NID_X9_62_prime192v1, 192, 24},
        {NID_brainpoolP256r1, 256, 32},
        {NID_brainpoolP384r1, 384, 48},
        {NID_brainpoolP512r1, 512, 64},
    }};

    // An encoded point has the length its form says (compressed 02/03,
    // uncompressed 04, hybrid 06/07); anything else OpenSSL refuses.
    bool point_length_fits(const ASN1_BIT_STRING* key, int field_bytes)
    {
        const int length = ASN1_STRING_length(key);
        if (length < 1) {
            return false;
        }
        const unsigned char form = ASN1_STRING_get0_data(key)[0];
        if (form == 0x02 || form == 0x03) {
            return length == 1 + field_bytes;
        }
        if (form == 0x04 || form == 0x06 || form == 0x07) {
            return length == 1 + 2 * field_bytes;
        }
        return false;
    }

    std::optional<KeyDescription> named_curve_key(const SpkiView& spki)
    {
        int parameter_type = 0;
        const void* parameter = nullptr;
        X509_ALGOR_get0(nullptr, &parameter_type, &parameter, spki.algorithm);
        if (parameter_type != V_ASN1_OBJECT) {
            return std::nullopt; // explicit or implicit parameters: OpenSSL decides
        }
        const int curve = OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(parameter));
        for (const NamedCurve& known : k_curves) {
            if (known.nid == curve) {
                if (!point_length_fits(spki.key, known.field_bytes)) {
                    return std::nullopt;
                }
                return KeyDescription{"EC", known.order_bits, EVP_PKEY_EC};
            }
        }
        return std::nullopt;
    }

    std::optional<KeyDescription> rsa_key(const SpkiView& spki)
    {
        const auto key = decode_view<RsaKeyView>(ASN1_STRING_get0_data(spki.key),
                                                 static_cast<std::size_t>(ASN1_STRING_length(spki.key)), RsaKeyView_it);
        if (!key) {
            return std::nullopt;
        }
        return KeyDescription{"RSA", BN_num_bits(key->modulus), EVP_PKEY_RSA};
    }

    std::optional<KeyDescription> fixed_size_key(const SpkiView& spki, const char* type, int key_bytes, int bits,
                                                 int base_id)
    {
        if (ASN1_STRING_length(spki.key) != key_bytes) {
            return std::nullopt;
        }
        return KeyDescription{type, bits, base_id};
    }

    // What the encoding alone says; nullopt sends the key to OpenSSL.
    std::optional<KeyDescription> key_from_encoding(const SpkiView& spki)
    {
        const ASN1_OBJECT* algorithm = nullptr;
        X509_ALGOR_get0(&algorithm, nullptr, nullptr, spki.algorithm);
        switch (OBJ_obj2nid(algorithm)) {
        case NID_rsaEncryption:
            return rsa_key(spki);
        case NID_X9_62_id_ecPublicKey:
            return named_curve_key(spki);
        case NID_ED25519:
            return fixed_size_key(spki, "Ed25519", 32, 256, EVP_PKEY_ED25519);
        case NID_ED448:
            return fixed_size_key(spki, "Ed448", 57, 456, EVP_PKEY_ED448);
        default:
            return std::nullopt;
        }
    }

} // namespace

std::optional<KeyDescription> describe_public_key_info(std::string_view spki_der)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(spki_der.data());
    const auto spki = decode_view<SpkiView>(bytes, spki_der.size(), SpkiView_it);
    if (!spki) {
        return std::nullopt;
    }
    if (auto known = key_from_encoding(*spki)) {
        return known;
    }
    // Rare algorithms and malformed keys: OpenSSL's full decode (which
    // gives "" and 0 for a key it cannot load).
    const unsigned char* cursor = bytes;
    const EvpPkeyPtr key{d2i_PUBKEY(nullptr, &cursor, static_cast<long>(spki_der.size()))};
    return describe_key(key.get());
}

} // namespace certgate::x509::detail
