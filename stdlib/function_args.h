#pragma once

// Small helpers shared by the bodies of std functions (FunctionBody, runtime/model/descriptors.h).

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "runtime/model/assert.h"
#include "runtime/model/result.h"
#include "runtime/model/value.h"

namespace mel::stdlib {

/// The failure a function body returns when argument `index` is not of the kind its signature promises.
/// The checker makes this unreachable for checked programs (the reference panics there).
Error argument_error(std::string_view function, std::size_t index, const Value& got);

/// Checks the argument count, which the checker guarantees (a mismatch is a bug of ours).
inline void expect_arity(std::span<const Value> args, std::size_t count)
{
    MEL_ASSERT(args.size() == count, "a std function called with the wrong number of arguments");
}

/// The bytes of a `Vec<byte>` value.
std::vector<std::byte> byte_vector(const Value& bytes);
/// A `Vec<byte>` value holding `bytes`.
Value byte_vector_value(std::string_view bytes);

} // namespace mel::stdlib
