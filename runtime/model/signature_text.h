#pragma once

#include <string>

#include "runtime/model/descriptors.h"

namespace mel {

/// An element's signature in Mélodium notation, one line, e.g.
/// `treatment trigger<T>() input stream: Stream<T> output start: Block<void> …`,
/// `function |add<N: Add>(a: N, b: N) -> N`, `model Engine()`, `data StringMap`.
std::string signature_text(const Element&);

/// `const name: Type = default` (defaults in Mélodium literal form).
std::string parameter_text(const Parameter&);

/// `<T: Add + Sub, U>` or "" when there are no generics.
std::string generics_text(const std::vector<GenericParameter>&);

} // namespace mel
