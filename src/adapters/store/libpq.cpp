// libpq loaded on demand (libpq.hpp says why). dlopen's own search is used
// (LD_LIBRARY_PATH, then the system's library cache), so the build tree, an
// install and the Debian package find the same libpq5.

#include "libpq.hpp"

#include <dlfcn.h>

#include <string>
#include <type_traits>

namespace certgate::store {

namespace {

constexpr const char* k_install_hint =
    "; PostgreSQL stores need libpq: install the libpq5 package (apt-get install libpq5), or use an SQLite store";

Result<Libpq> load()
{
    // RTLD_LOCAL: libpq's symbols stay out of the program's namespace; the
    // handle is never closed, the table lives as long as the process.
    void* handle = dlopen(k_libpq_soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* reason = dlerror();
        return make_error(ErrorCode::store,
                          std::string("cannot load ") + k_libpq_soname + " (" +
                              (reason == nullptr ? "not found" : reason) + ")" + k_install_hint,
                          "postgresql store");
    }
    Libpq table;
    std::string missing;
    auto resolve = [&](auto& function, const char* name) {
        function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(dlsym(handle, name));
        if (function == nullptr && missing.empty()) {
            missing = name;
        }
    };
#define CERTGATE_LIBPQ_RESOLVE(function) resolve(table.function, #function);
    CERTGATE_LIBPQ_FUNCTIONS(CERTGATE_LIBPQ_RESOLVE)
#undef CERTGATE_LIBPQ_RESOLVE
    if (!missing.empty()) {
        return make_error(ErrorCode::store,
                          std::string(k_libpq_soname) + " lacks " + missing + ", which certgate needs" + k_install_hint,
                          "postgresql store");
    }
    return table;
}

const Result<Libpq>& loaded()
{
    static const Result<Libpq> table = load();
    return table;
}

} // namespace

Result<const Libpq*> load_libpq()
{
    const auto& table = loaded();
    if (!table) {
        return table.error();
    }
    return &*table;
}

const Libpq& libpq()
{
    return *loaded();
}

} // namespace certgate::store
