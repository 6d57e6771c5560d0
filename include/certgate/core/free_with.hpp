#pragma once
// The one std::unique_ptr deleter for C library handles (OpenSSL, libcurl):
// std::unique_ptr<SSL, FreeWith<SSL_free>> frees with SSL_free. The library's
// own header stays in the adapter that uses it; this names no library.

namespace certgate {

/// Calls `Free` on a non-null pointer (unique_ptr never passes null).
template <auto Free> struct FreeWith {
    template <typename T> void operator()(T* pointer) const noexcept { Free(pointer); }
};

} // namespace certgate
