#include "key_derivation_limits.hpp"
#include "openssl_handles.hpp"

#include <openssl/pkcs7.h>
#include <openssl/provider.h>

#include <climits>
#include <mutex>

namespace certgate::x509 {
namespace {

constexpr std::string_view k_password_hint = "give its password with --pkcs12-password-env";

// PKCS#12 files exported by older tools encrypt with RC2 or RC4, which
// OpenSSL 3 keeps in its "legacy" provider. It is loaded (next to
// "default", which explicit loading would otherwise switch off) only when
// such a file is met.
bool load_legacy_provider()
{
    // The providers stay loaded for the life of the process; keeping their
    // handles keeps them reachable, so LeakSanitizer does not report what
    // OPENSSL_cleanup leaves of them at exit (found by the certificates fuzzer).
    static std::once_flag once;
    static OSSL_PROVIDER* default_provider = nullptr;
    static OSSL_PROVIDER* legacy_provider = nullptr;
    std::call_once(once, [] {
        default_provider = OSSL_PROVIDER_load(nullptr, "default");
        legacy_provider = OSSL_PROVIDER_load(nullptr, "legacy");
    });
    return default_provider != nullptr && legacy_provider != nullptr;
}

struct Pkcs7StackDeleter {
    void operator()(STACK_OF(PKCS7) * stack) const noexcept { sk_PKCS7_pop_free(stack, PKCS7_free); }
};
struct SafeBagStackDeleter {
    void operator()(STACK_OF(PKCS12_SAFEBAG) * stack) const noexcept
    {
        sk_PKCS12_SAFEBAG_pop_free(stack, PKCS12_SAFEBAG_free);
    }
};
using Pkcs7StackPtr = std::unique_ptr<STACK_OF(PKCS7), Pkcs7StackDeleter>;
using SafeBagStackPtr = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), SafeBagStackDeleter>;

// Shrouded keys, also inside nested safe-contents bags.
Result<void> charge_bags(const STACK_OF(PKCS12_SAFEBAG) * bags, detail::KdfBudget& budget, const std::string& place)
{
    const int count = bags ? sk_PKCS12_SAFEBAG_num(bags) : 0;
    for (int i = 0; i < count; ++i) {
        const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
        const int type = PKCS12_SAFEBAG_get_nid(bag);
        if (type == NID_pkcs8ShroudedKeyBag) {
            const X509_ALGOR* algorithm = nullptr;
            X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &algorithm, nullptr);
            if (auto charged = budget.charge_algorithm(algorithm, "a private key of the PKCS#12 file", place);
                !charged) {
                return charged;
            }
        } else if (type == NID_safeContentsBag) {
            if (auto charged = charge_bags(PKCS12_SAFEBAG_get0_safes(bag), budget, place); !charged) {
                return charged;
            }
        }
    }
    return {};
}

// Every key derivation PKCS12_parse would run, checked against the budget
// before it runs. An encrypted part is decrypted here (its own count
// checked first) to see the keys inside; one that does not decrypt is left
// to PKCS12_parse, which fails on it before reaching its keys.
Result<void> charge_contents(PKCS12* p12, const char* pass, detail::KdfBudget& budget, const std::string& place)
{
    const Pkcs7StackPtr safes{PKCS12_unpack_authsafes(p12)};
    const int count = safes ? sk_PKCS7_num(safes.get()) : 0;
    for (int i = 0; i < count; ++i) {
        PKCS7* safe = sk_PKCS7_value(safes.get(), i);
        const int type = OBJ_obj2nid(safe->type);
        SafeBagStackPtr bags;
        if (type == NID_pkcs7_data) {
            bags.reset(PKCS12_unpack_p7data(safe));
        } else if (type == NID_pkcs7_encrypted && safe->d.encrypted != nullptr &&
                   safe->d.encrypted->enc_data != nullptr) {
            if (auto charged = budget.charge_algorithm(safe->d.encrypted->enc_data->algorithm,
                                                       "an encrypted part of the PKCS#12 file", place);
                !charged) {
                return charged;
            }
            bags.reset(PKCS12_unpack_p7encdata(safe, pass, -1));
            if (!bags && load_legacy_provider()) {
                ERR_clear_error();
                bags.reset(PKCS12_unpack_p7encdata(safe, pass, -1));
            }
        }
        if (auto charged = charge_bags(bags.get(), budget, place); !charged) {
            return charged;
        }
    }
    ERR_clear_error();
    return {};
}

struct Parsed {
    detail::EvpPkeyPtr key;
    detail::X509Ptr certificate;
    detail::X509StackPtr chain;
};

bool parse(PKCS12* p12, const char* password, Parsed& out)
{
    EVP_PKEY* key = nullptr;
    X509* certificate = nullptr;
    STACK_OF(X509)* chain = nullptr;
    const bool ok = PKCS12_parse(p12, password, &key, &certificate, &chain) == 1;
    out.key.reset(key);
    out.certificate.reset(certificate);
    out.chain.reset(chain);
    return ok;
}

detail::Pkcs12Ptr parse_structure(std::string_view content)
{
    if (content.empty() || content.size() > static_cast<std::size_t>(LONG_MAX)) {
        return nullptr;
    }
    const auto* cursor = reinterpret_cast<const unsigned char*>(content.data());
    const auto* const start = cursor;
    detail::Pkcs12Ptr p12{d2i_PKCS12(nullptr, &cursor, static_cast<long>(content.size()))};
    if (!p12 || static_cast<std::size_t>(cursor - start) != content.size()) {
        return nullptr;
    }
    return p12;
}

} // namespace

bool looks_like_pkcs12(std::string_view content)
{
    const detail::ErrorQueueGuard guard;
    return parse_structure(content) != nullptr;
}

Result<Bundle> read_pkcs12(std::string_view content, std::string_view where, const std::optional<std::string>& password,
                           const ReadLimits& limits)
{
    const detail::ErrorQueueGuard guard;
    const std::string place(where);
    const detail::Pkcs12Ptr p12 = parse_structure(content);
    if (!p12) {
        return make_error(ErrorCode::input, "not a PKCS#12 file", place);
    }
    if (password && password->size() > static_cast<std::size_t>(INT_MAX)) {
        return make_error(ErrorCode::usage, "the PKCS#12 password is too long", place);
    }

    // With a MAC the password can be checked before anything is decrypted;
    // without a password, the empty and the absent password are both tried
    // (tools disagree on which one an unencrypted file uses).
    const char* pass = password ? password->c_str() : nullptr;
    detail::KdfBudget budget(password ? detail::PasswordGiven::yes : detail::PasswordGiven::no);
    if (PKCS12_mac_present(p12.get()) == 1) {
        const ASN1_INTEGER* mac_iterations = nullptr;
        PKCS12_get0_mac(nullptr, nullptr, nullptr, &mac_iterations, p12.get());
        if (auto charged = budget.charge_iterations(mac_iterations, "the PKCS#12 integrity check (MAC)", place);
            !charged) {
            return charged.error();
        }
        if (password) {
            if (PKCS12_verify_mac(p12.get(), pass, static_cast<int>(password->size())) != 1) {
                return make_error(ErrorCode::input, "wrong PKCS#12 password, the integrity check failed", place);
            }
        } else if (PKCS12_verify_mac(p12.get(), nullptr, 0) == 1) {
            pass = nullptr;
        } else if (PKCS12_verify_mac(p12.get(), "", 0) == 1) {
            pass = "";
        } else {
            return make_error(ErrorCode::input,
                              "the PKCS#12 file is protected by a password; " + std::string(k_password_hint), place);
        }
    }

    if (auto charged = charge_contents(p12.get(), pass, budget, place); !charged) {
        return charged.error();
    }

    Parsed parsed;
    if (!parse(p12.get(), pass, parsed)) {
        ERR_clear_error();
        if (!load_legacy_provider() || !parse(p12.get(), pass, parsed)) {
            if (!password && pass == nullptr) {
                return make_error(ErrorCode::input, "the PKCS#12 file is encrypted; " + std::string(k_password_hint),
                                  place);
            }
            return make_error(ErrorCode::input,
                              password ? "cannot decrypt the PKCS#12 file: wrong password or unsupported encryption"
                                       : "cannot decrypt the PKCS#12 file: unsupported encryption",
                              place);
        }
    }

    Bundle bundle;
    bundle.private_keys = parsed.key ? 1 : 0;
    std::vector<X509*> ordered;
    if (parsed.certificate) {
        ordered.push_back(parsed.certificate.get());
    }
    const int chain_size = parsed.chain ? sk_X509_num(parsed.chain.get()) : 0;
    for (int i = 0; i < chain_size; ++i) {
        ordered.push_back(sk_X509_value(parsed.chain.get(), i));
    }
    if (ordered.size() > limits.max_pem_blocks) {
        return make_error(ErrorCode::limit,
                          "more than " + std::to_string(limits.max_pem_blocks) +
                              " certificates, over the limit of certificates in one input",
                          place);
    }
    std::size_t index = 0;
    for (X509* certificate : ordered) {
        ++index;
        auto read = detail::to_certificate(certificate, "certificate " + std::to_string(index) + ": ", where);
        if (!read) {
            return read.error();
        }
        bundle.certificates.push_back(std::move(*read));
    }
    return bundle;
}

} // namespace certgate::x509
