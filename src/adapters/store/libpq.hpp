#pragma once
// libpq's functions as the PostgreSQL back end calls them, loaded with
// dlopen when the first PostgreSQL store is opened. The programs are not
// linked with libpq: it and the ~20 libraries it pulls in (Kerberos, LDAP,
// GnuTLS, …) would otherwise be loaded by every call of certgate-external
// and every SQLite run (docs/notify.md, "Running several notifier hosts").

#include "certgate/core/result.hpp"

#include <libpq-fe.h>

namespace certgate::store {

// Every libpq function the back end calls, once; each is resolved by name and
// typed by its declaration in libpq-fe.h, so the header checks every call.
#define CERTGATE_LIBPQ_FUNCTIONS(X)                                                                                    \
    X(PQclear)                                                                                                         \
    X(PQcmdTuples)                                                                                                     \
    X(PQconnectdbParams)                                                                                               \
    X(PQconninfoFree)                                                                                                  \
    X(PQconninfoParse)                                                                                                 \
    X(PQdb)                                                                                                            \
    X(PQerrorMessage)                                                                                                  \
    X(PQexec)                                                                                                          \
    X(PQexecParams)                                                                                                    \
    X(PQfinish)                                                                                                        \
    X(PQfreemem)                                                                                                       \
    X(PQgetisnull)                                                                                                     \
    X(PQgetvalue)                                                                                                      \
    X(PQhost)                                                                                                          \
    X(PQntuples)                                                                                                       \
    X(PQport)                                                                                                          \
    X(PQresultErrorField)                                                                                              \
    X(PQresultErrorMessage)                                                                                            \
    X(PQresultStatus)                                                                                                  \
    X(PQsetNoticeProcessor)                                                                                            \
    X(PQstatus)

/// The resolved functions, named as in libpq-fe.h.
struct Libpq {
// The argument is a name declared and defined here, not an expression.
#define CERTGATE_LIBPQ_MEMBER(function) decltype(&::function) function = nullptr; // NOLINT(bugprone-macro-parentheses)
    CERTGATE_LIBPQ_FUNCTIONS(CERTGATE_LIBPQ_MEMBER)
#undef CERTGATE_LIBPQ_MEMBER
};

/// The shared object loaded: libpq's ABI has kept this soname since
/// PostgreSQL 8.1.
inline constexpr const char* k_libpq_soname = "libpq.so.5";

/// Loads libpq on the first call and resolves every function; later calls
/// return the same table (thread-safe). Fails with ErrorCode::store, saying
/// what to install, when libpq.so.5 cannot be loaded or lacks a function.
[[nodiscard]] Result<const Libpq*> load_libpq();

/// The table of a load_libpq() that succeeded; the back end calls libpq
/// only through it, after open_postgres_store loaded it.
[[nodiscard]] const Libpq& libpq();

} // namespace certgate::store
