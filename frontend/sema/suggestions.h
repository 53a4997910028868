#pragma once

// What to add under a diagnostic about a name that does not resolve (ours, issue 16): the `use`
// line that is missing, or the names that are almost the one written ("did you mean").

#include <string>
#include <string_view>
#include <vector>

#include "frontend/diag/diagnostics.h"
#include "frontend/sema/scope.h"

namespace mel::frontend::sema {

/// `help: did you mean 'a' or 'b'?` when some candidates are close to `name`; returns whether it added one.
bool suggest_closest(Diagnostics::Builder&, std::string_view name,
                     const std::vector<std::string>& candidates);

/// The elements of `kind` named `name` that the area could import: native ones and those of loaded
/// areas, in its own package or a package it depends on, sorted.
std::vector<Identifier> importable(const Scope&, std::string_view name, ElementKind kind);

/// Notes for a type name that is not a core type, an imported data type nor a generic of the host:
/// the `use` line to add when a package the area depends on declares a data type of that name,
/// else the close core types, imported data types and generics.
void explain_unknown_type(Diagnostics::Builder&, const Scope&, std::string_view name);

/// Notes for a name of `kind` (treatment, model, function or context) that is neither imported nor
/// declared in the area: the `use` line to add, else the close aliases and names the area declares.
void explain_not_imported(Diagnostics::Builder&, const Scope&, std::string_view name, ElementKind kind);

} // namespace mel::frontend::sema
