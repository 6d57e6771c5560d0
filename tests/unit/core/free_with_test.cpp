#include "certgate/core/free_with.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace certgate {
namespace {

// A C-style handle whose free function counts the calls.
struct Handle {
    int* frees = nullptr;
};

void free_handle(Handle* handle)
{
    ++*handle->frees;
    delete handle;
}

TEST(FreeWith, FreesOnceWithTheNamedFunctionAndNeverNull)
{
    int frees = 0;
    {
        std::unique_ptr<Handle, FreeWith<free_handle>> handle(new Handle{&frees});
        std::unique_ptr<Handle, FreeWith<free_handle>> empty;
        auto moved = std::move(handle);
    }
    EXPECT_EQ(frees, 1);
}

} // namespace
} // namespace certgate
