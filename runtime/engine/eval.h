#pragma once

// Evaluation of checked parameter values (language.md §4.6, engine.md §2.3–2.5): literals, references to
// the host's parameters, context fields, function calls (with the host's generics resolved) and arrays.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/model/design.h"
#include "runtime/model/result.h"

namespace mel::engine {

/// The contexts a track was created with: context identifier → field → value.
using Contexts = std::map<Identifier, std::map<std::string, Value>>;

struct EvalScope {
    /// The host's parameter `name`: a value, nullopt when it is not known yet (per-track, at genesis), or
    /// an Error when the host has no such parameter.
    std::function<Result<std::optional<Value>>(std::string_view name)> parameter;
    /// The host's generics by name, for the generic arguments of function calls.
    const std::map<std::string, Type>* generics = nullptr;
    /// The track's contexts; null at genesis (contexts do not exist yet).
    const Contexts* contexts = nullptr;
};

/// The value of `expr` in `scope`: Ok(value), Ok(nullopt) when it needs something only a track has (a
/// context or a per-track parameter; only possible at genesis), or an Error (a function failed, an unknown
/// context field…).
Result<std::optional<Value>> evaluate(const ValueExpr& expr, const EvalScope& scope);

} // namespace mel::engine
