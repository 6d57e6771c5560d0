#pragma once
// The msgpack reader's first pass: bytes -> a tree of msgpack values, built
// by msgpack-cxx's event parser. Nothing is allocated from a length field:
// containers grow by the elements actually read, strings are views into the
// input, so memory follows the input's real size.

#include "certgate/core/result.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace certgate::msgpack_value::detail {

struct Node {
    enum class Kind { nil, boolean, unsigned_integer, signed_integer, floating, string, binary, extension, array, map };
    Kind kind = Kind::nil;
    bool boolean = false;
    std::uint64_t unsigned_integer = 0;
    std::int64_t signed_integer = 0;
    double floating = 0;
    std::string_view bytes; ///< string, binary or extension payload (a view into the input)
    std::int8_t extension_type = 0;
    std::vector<Node> children; ///< array elements; map keys and values alternating
};

/// Reads exactly one msgpack value filling all of `bytes`, within the depth
/// and value-count limits of dynamic_value.hpp. The tree views `bytes`.
[[nodiscard]] Result<Node> read_tree(std::string_view bytes);

} // namespace certgate::msgpack_value::detail
