#include "certgate/adapters/probe/trust_store.hpp"

#include "certgate/adapters/files/input_files.hpp"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

namespace certgate::probe {
namespace {

// Debian's whole ca-certificates bundle is about 220 KB.
constexpr std::uintmax_t k_max_ca_file_bytes = 16U * 1024U * 1024U;

std::shared_ptr<X509_STORE> new_store()
{
    X509_STORE* store = X509_STORE_new();
    if (store == nullptr) {
        return nullptr;
    }
    return {store, X509_STORE_free};
}

} // namespace

Result<TrustStore> TrustStore::system()
{
    auto store = new_store();
    if (!store || X509_STORE_set_default_paths(store.get()) != 1) {
        ERR_clear_error();
        return make_error(ErrorCode::internal, "cannot load the system trust store");
    }
    return TrustStore(std::move(store));
}

Result<TrustStore> TrustStore::from_file(const std::string& ca_file)
{
    // Checked through the files adapter first: it refuses a FIFO or a device
    // without waiting on it (OpenSSL would block on a FIFO), a directory, and
    // a file over the size limit.
    if (!files::read_file(ca_file, k_max_ca_file_bytes)) {
        return make_error(ErrorCode::input, "cannot read the CA file", ca_file);
    }
    auto store = new_store();
    if (!store) {
        return make_error(ErrorCode::internal, "cannot create a trust store", ca_file);
    }
    if (X509_STORE_load_file(store.get(), ca_file.c_str()) != 1) {
        ERR_clear_error();
        return make_error(ErrorCode::input, "no certificate in the CA file, expected PEM certificates", ca_file);
    }
    return TrustStore(std::move(store));
}

} // namespace certgate::probe
