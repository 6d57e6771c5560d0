#include "key_derivation_limits.hpp"

#include <openssl/asn1t.h>
#include <openssl/objects.h>

#include <memory>
#include <string>

namespace certgate::x509::detail {
namespace {

template <typename T, auto Free> using Owned = std::unique_ptr<T, Deleter<Free>>;

// The same decoders OpenSSL's own PBE code uses, so what is checked here is
// what it would derive with.
template <typename T> T* unpack(const ASN1_ITEM* item, const ASN1_TYPE* parameter)
{
    if (parameter == nullptr || parameter->type != V_ASN1_SEQUENCE) {
        return nullptr;
    }
    return static_cast<T*>(ASN1_TYPE_unpack_sequence(item, parameter));
}

bool to_count(const ASN1_INTEGER* integer, std::uint64_t& out)
{
    return integer != nullptr && ASN1_INTEGER_get_uint64(&out, integer) == 1;
}

} // namespace

KdfBudget::KdfBudget(PasswordGiven given)
    : m_given(given),
      m_per_derivation(given == PasswordGiven::yes ? k_max_iterations_with_password : k_max_iterations_without_password)
{
}

Result<void> KdfBudget::charge(std::uint64_t iterations, std::string_view what, std::string_view where)
{
    if (iterations > m_per_derivation) {
        return make_error(ErrorCode::limit,
                          std::string(what) + " asks for " + std::to_string(iterations) +
                              " key-derivation iterations, over the limit of " + std::to_string(m_per_derivation) +
                              (m_given == PasswordGiven::yes ? "" : " without a password"),
                          std::string(where));
    }
    const std::uint64_t total = m_per_derivation * k_total_iterations_factor;
    m_spent += iterations;
    if (m_spent > total) {
        return make_error(ErrorCode::limit,
                          "the key derivations of this input ask for more than " + std::to_string(total) +
                              " iterations in all, over the limit",
                          std::string(where));
    }
    return {};
}

Result<void> KdfBudget::charge_iterations(const ASN1_INTEGER* iterations, std::string_view what, std::string_view where)
{
    if (iterations == nullptr) {
        return charge(1, what, where);
    }
    std::uint64_t count = 0;
    if (!to_count(iterations, count)) {
        return make_error(ErrorCode::input, std::string(what) + " has an invalid iteration count", std::string(where));
    }
    return charge(count, what, where);
}

Result<void> KdfBudget::charge_algorithm(const X509_ALGOR* algorithm, std::string_view what, std::string_view where)
{
    if (algorithm == nullptr) {
        return {};
    }
    const ASN1_TYPE* parameter = algorithm->parameter;
    if (OBJ_obj2nid(algorithm->algorithm) != NID_pbes2) {
        // PKCS#12 and PKCS#5 v1 PBE: salt and iteration count.
        const Owned<PBEPARAM, PBEPARAM_free> pbe{unpack<PBEPARAM>(ASN1_ITEM_rptr(PBEPARAM), parameter)};
        return pbe ? charge_iterations(pbe->iter, what, where) : Result<void>{};
    }
    const Owned<PBE2PARAM, PBE2PARAM_free> pbes2{unpack<PBE2PARAM>(ASN1_ITEM_rptr(PBE2PARAM), parameter)};
    if (!pbes2 || pbes2->keyfunc == nullptr) {
        return {};
    }
    const int kdf = OBJ_obj2nid(pbes2->keyfunc->algorithm);
    if (kdf == NID_id_pbkdf2) {
        const Owned<PBKDF2PARAM, PBKDF2PARAM_free> pbkdf2{
            unpack<PBKDF2PARAM>(ASN1_ITEM_rptr(PBKDF2PARAM), pbes2->keyfunc->parameter)};
        return pbkdf2 ? charge_iterations(pbkdf2->iter, what, where) : Result<void>{};
    }
    if (kdf == NID_id_scrypt) {
        const Owned<SCRYPT_PARAMS, SCRYPT_PARAMS_free> scrypt{
            unpack<SCRYPT_PARAMS>(ASN1_ITEM_rptr(SCRYPT_PARAMS), pbes2->keyfunc->parameter)};
        if (!scrypt) {
            return {};
        }
        std::uint64_t n = 0;
        std::uint64_t r = 0;
        std::uint64_t p = 0;
        const bool readable = to_count(scrypt->costParameter, n) && to_count(scrypt->blockSize, r) &&
                              to_count(scrypt->parallelizationParameter, p);
        // Each factor is checked alone first so that the products cannot wrap.
        const bool within = readable && n <= k_max_scrypt_work && r <= k_max_scrypt_work && p <= k_max_scrypt_work &&
                            n * r <= k_max_scrypt_work && n * r * p <= k_max_scrypt_work &&
                            128 * n * r <= k_max_scrypt_memory;
        if (!within) {
            return make_error(ErrorCode::limit,
                              std::string(what) + " asks for scrypt parameters over the limit (N*r*p at most " +
                                  std::to_string(k_max_scrypt_work) + ", 128*N*r at most " +
                                  std::to_string(k_max_scrypt_memory) + " bytes)",
                              std::string(where));
        }
        // One scrypt derivation counts as a whole derivation's allowance.
        return charge(m_per_derivation, what, where);
    }
    return {};
}

} // namespace certgate::x509::detail
