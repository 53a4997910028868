#pragma once

#include "frontend/sema/scope.h"

namespace mel::frontend::sema {

/// Connections of a treatment body (language.md §4.10) and its graph rules (§4.11): end points,
/// ports, flow and type compatibility, exactly one connection into every instance input and every
/// `Self` output; plus our cycle check (D1001). Fills `design.connections`.
/// `ranges` receives where each connection of the design was written.
void check_connections(const Scope&, const ast::TreatmentDecl&, const TreatmentDescriptor& host, TreatmentDesign& design,
                       std::vector<SourceRange>& ranges, const SourceManager&, Diagnostics&);

/// Once every design is built: our recursion check (D1002: no treatment instantiates itself,
/// directly or not) and cycle check (D1001: no data can flow from an instance back into itself,
/// following connections through the inside of script treatments).
void check_graphs(const Program&, Diagnostics&);

} // namespace mel::frontend::sema
