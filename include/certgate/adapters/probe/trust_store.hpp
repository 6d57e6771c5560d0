#pragma once
// The certificates that served chains are verified against.

#include "certgate/core/result.hpp"

#include <memory>
#include <string>

using X509_STORE = struct x509_store_st;

namespace certgate::probe {

/// The system trust store or a CA bundle; shared read-only by concurrent probes.
class TrustStore {
public:
    /// The system's default trust store (OpenSSL's default file and directory).
    [[nodiscard]] static Result<TrustStore> system();
    /// Only the PEM certificates of `ca_file`. Fails when the file cannot be
    /// read or holds no certificate; `where` is the file's path.
    [[nodiscard]] static Result<TrustStore> from_file(const std::string& ca_file);

    /// The OpenSSL store, owned by this object.
    [[nodiscard]] X509_STORE* native() const { return m_store.get(); }

private:
    explicit TrustStore(std::shared_ptr<X509_STORE> store) : m_store(std::move(store)) {}
    std::shared_ptr<X509_STORE> m_store;
};

} // namespace certgate::probe
