#pragma once

// std/ops/option — what its stream elements (stdlib/ops/option.cpp) and block elements
// (stdlib/ops/option/block.cpp) share.

#include "runtime/model/value.h"

namespace mel::stdlib {

/// `v` itself, checked to be an Option value (the port type guarantees it; a bug of ours otherwise: throws
/// EngineError).
const Value& option(const Value& v);

} // namespace mel::stdlib
