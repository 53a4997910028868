#pragma once

#include "frontend/diag/diagnostics.h"
#include "frontend/sema/program.h"

namespace mel::frontend::sema {

// The checker's passes (language.md §9). Each is a function over a Program; every error goes to
// the Diagnostics and checking continues.

/// Duplicates and local well-formedness of one area (§4.1, §4.5 structure rules, S0143 for
/// connections without ports).
void check_structure(const Area&, Diagnostics&);

/// Signatures (descriptors) of every script model then treatment of every loaded area (§4.4, §4.5).
void build_signatures(Program&, Diagnostics&);

/// Designs of every script model and treatment of every loaded area (§4.6–§4.11), plus our cycle
/// and recursion checks.
void build_designs(Program&, const SourceManager&, Diagnostics&);

/// D1004: a `distrib::distribute` whose tracks do not connect every port of the remote treatment once
/// (packages.md §1.4), where that can be seen in one treatment's body.
void check_distribution(const Program&, Diagnostics&);

} // namespace mel::frontend::sema
