#pragma once

// std/ops/vec — what its stream elements (stdlib/ops/vec.cpp) and block elements (stdlib/ops/vec/block.cpp)
// share: the two operations, written once.

#include "runtime/model/value.h"

namespace mel::stdlib {

/// Whether `vector` holds an element equal to `value`, as a bool Value (in the ports' order: value first).
Value membership(const Value& value, const Value& vector);

/// The elements of `first` followed by those of `second`.
Value concatenation(const Value& first, const Value& second);

} // namespace mel::stdlib
