#pragma once

// std/ops/option — what its stream elements (stdlib/ops/option.cpp) and block elements
// (stdlib/ops/option/block.cpp) share.

#include <functional>

#include "runtime/model/value.h"
#include "stdlib/native.h"

namespace mel::stdlib {

/// `v` itself, checked to be an Option value (the port type guarantees it; a bug of ours otherwise: throws
/// EngineError).
const Value& option(const Value& v);

/// For unwrapOr, stream and block: the value held by an option, or the track's `default` for a none.
std::function<Value(const Value&)> held_or_default(const TreatmentContext& ctx);

} // namespace mel::stdlib
